package io.stepwise.replication;

import io.stepwise.transport.TransportException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The replication statement spelling of one server family and version range.
 * <ul>
 *   <li>{@link #MARIADB}: MariaDB 10.x/11.x — {@code SHOW SLAVE STATUS}, {@code SHOW MASTER STATUS},
 *       {@code START|STOP|RESET SLAVE}, {@code CHANGE MASTER TO MASTER_HOST=...}.</li>
 *   <li>{@link #MYSQL_LEGACY}: MySQL 5.7 and 8.0 before 8.0.22 — the same SLAVE/MASTER spellings.</li>
 *   <li>{@link #MYSQL_8_0_22}: MySQL 8.0.22 exactly — {@code SHOW|START|STOP|RESET REPLICA}, but
 *       {@code CHANGE REPLICATION SOURCE TO} only arrived in 8.0.23, so it still says {@code CHANGE MASTER TO}.</li>
 *   <li>{@link #MYSQL_8_0_23}: MySQL 8.0.23 to 8.3 — REPLICA statements,
 *       {@code CHANGE REPLICATION SOURCE TO SOURCE_HOST=...}, {@code SHOW MASTER STATUS}.</li>
 *   <li>{@link #MYSQL_8_4}: MySQL 8.4 and later — the SLAVE/MASTER spellings are removed:
 *       {@code SHOW BINARY LOG STATUS}, {@code CHANGE REPLICATION SOURCE TO}, REPLICA statements.</li>
 * </ul>
 *
 * @param name               shown in messages, e.g. {@code mysql-8.4}
 * @param showStatus         the replica status statement
 * @param showSourcePosition the statement giving the current binary log file and position
 * @param start              starts both replica threads
 * @param stop               stops both replica threads
 * @param reset              forgets the relay logs and replication position
 * @param changeSource       the statement head that points a replica at a source
 * @param optionPrefix       {@code MASTER_} or {@code SOURCE_}, prefix of the change-source options
 */
record Dialect(String name, String showStatus, String showSourcePosition, String start, String stop,
                      String reset, String changeSource, String optionPrefix) {

    public static final Dialect MARIADB = new Dialect("mariadb", "SHOW SLAVE STATUS", "SHOW MASTER STATUS",
            "START SLAVE", "STOP SLAVE", "RESET SLAVE", "CHANGE MASTER TO", "MASTER_");
    public static final Dialect MYSQL_LEGACY = new Dialect("mysql-5.7", "SHOW SLAVE STATUS", "SHOW MASTER STATUS",
            "START SLAVE", "STOP SLAVE", "RESET SLAVE", "CHANGE MASTER TO", "MASTER_");
    public static final Dialect MYSQL_8_0_22 = new Dialect("mysql-8.0.22", "SHOW REPLICA STATUS",
            "SHOW MASTER STATUS", "START REPLICA", "STOP REPLICA", "RESET REPLICA", "CHANGE MASTER TO", "MASTER_");
    public static final Dialect MYSQL_8_0_23 = new Dialect("mysql-8.0.23", "SHOW REPLICA STATUS",
            "SHOW MASTER STATUS", "START REPLICA", "STOP REPLICA", "RESET REPLICA", "CHANGE REPLICATION SOURCE TO",
            "SOURCE_");
    public static final Dialect MYSQL_8_4 = new Dialect("mysql-8.4", "SHOW REPLICA STATUS", "SHOW BINARY LOG STATUS",
            "START REPLICA", "STOP REPLICA", "RESET REPLICA", "CHANGE REPLICATION SOURCE TO", "SOURCE_");

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)\\.(\\d+)");

    /**
     * The dialect for a {@code SELECT VERSION()} answer such as {@code 10.11.6-MariaDB-0+deb12u1},
     * {@code 8.0.36} or {@code 8.4.2}. Anything that does not name MariaDB is taken for MySQL (Percona too).
     */
    public static Dialect forVersion(String version) throws TransportException {
        String v = version == null ? "" : version.trim();
        Matcher m = VERSION.matcher(v);
        if (!m.find()) {
            throw new TransportException("cannot tell the server's replication dialect from its version '" + v
                    + "': expected MAJOR.MINOR.PATCH as returned by SELECT VERSION(); check that the host runs"
                    + " MySQL 5.7+ or MariaDB 10+");
        }
        if (v.toLowerCase(Locale.ROOT).contains("mariadb")) {
            return MARIADB;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        int ordinal = major * 10_000 + minor * 100 + Math.min(patch, 99);
        if (ordinal < 8_00_22) {
            return MYSQL_LEGACY;
        }
        if (ordinal == 8_00_22) {
            return MYSQL_8_0_22;
        }
        if (ordinal < 8_04_00) {
            return MYSQL_8_0_23;
        }
        return MYSQL_8_4;
    }
}
