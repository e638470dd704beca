package io.stepwise.replication;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the statement that points a replica at its source, e.g. MariaDB's
 * {@code CHANGE MASTER TO MASTER_HOST='10.1.0.11', MASTER_PORT=3306, MASTER_USER='repl', ...}.
 * Values cannot be bound parameters in this statement; see {@link SqlLiteral} for how each is made safe.
 * Options appear in a fixed order (host, port, user, password, log_file, log_pos); absent ones are left out,
 * so the server keeps its current value for them.
 */
final class ChangeSource {
    /** The argument names a change-source step accepts, in statement order. */
    public static final List<String> ARGS = List.of("host", "port", "user", "password", "log_file", "log_pos");

    private ChangeSource() {
    }

    /** The statement to send, with the password in it. Never log or show this text; use {@link #display}. */
    public static String statement(Dialect dialect, Map<String, String> args, boolean backslashEscapes)
            throws ReplicationArgumentException {
        return build(dialect, args, backslashEscapes, false);
    }

    /** The same statement with the password replaced by {@code '****'}, for logs and messages. */
    public static String display(Dialect dialect, Map<String, String> args, boolean backslashEscapes)
            throws ReplicationArgumentException {
        return build(dialect, args, backslashEscapes, true);
    }

    private static String build(Dialect dialect, Map<String, String> args, boolean bs, boolean mask)
            throws ReplicationArgumentException {
        Set<String> unknown = new java.util.TreeSet<>(args.keySet());
        ARGS.forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new ReplicationArgumentException("change-source: unknown argument(s) " + unknown + "; expected "
                    + ARGS);
        }
        Map<String, String> present = new LinkedHashMap<>();
        for (String key : ARGS) {
            if (args.get(key) != null) {
                present.put(key, args.get(key));
            }
        }
        if (present.isEmpty()) {
            throw new ReplicationArgumentException("change-source: no arguments; give at least host, e.g."
                    + " {op: change-source, host: \"{{roles.primary.address}}\", port: ..., user: repl, ...}");
        }
        List<String> options = new ArrayList<>();
        for (Map.Entry<String, String> e : present.entrySet()) {
            options.add(dialect.optionPrefix() + option(e.getKey()) + "=" + value(e.getKey(), e.getValue(), bs, mask));
        }
        return dialect.changeSource() + " " + String.join(", ", options);
    }

    private static String option(String key) {
        return switch (key) {
            case "log_file" -> "LOG_FILE";
            case "log_pos" -> "LOG_POS";
            default -> key.toUpperCase(java.util.Locale.ROOT);
        };
    }

    private static String value(String key, String value, boolean bs, boolean mask)
            throws ReplicationArgumentException {
        try {
            return switch (key) {
                case "host" -> SqlLiteral.host(value, bs);
                case "port" -> SqlLiteral.number(value, 1, 65_535);
                case "log_file" -> SqlLiteral.logFile(value, bs);
                case "log_pos" -> SqlLiteral.number(value, 0, Long.MAX_VALUE);
                case "password" -> mask ? "'****'" : SqlLiteral.quote(value, bs);
                default -> SqlLiteral.quote(value, bs);
            };
        } catch (IllegalArgumentException e) {
            String shown = key.equals("password") ? "(secret)" : "'" + value + "'";
            throw new ReplicationArgumentException("change-source: " + key + " " + e.getMessage() + ", got " + shown
                    + "; fix the value given to the step's " + key + ":");
        }
    }
}
