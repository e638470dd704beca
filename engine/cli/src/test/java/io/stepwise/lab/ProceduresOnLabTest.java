package io.stepwise.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.lab.Lab.Member;
import io.stepwise.testing.Await;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped procedures on the lab (issue 5's end-to-end scenarios): a real MariaDB primary/secondary
 * pair configured as the guide says, reached over SSH, driven by the stepwise CLI in its own process.
 */
class ProceduresOnLabTest {
    /** Tables the secondary does not replicate (the guide's replicate-ignore-table list). */
    static final Set<String> IGNORED = Set.of("ports", "system_parms", "sessions", "session_keys", "session_parms",
            "circuit_groups");

    @Test
    void softwareUpdateKeepsThePairHealthyAndStopsServicesInTheGuidesOrder() {
        try (Lab lab = Lab.start(true)) {
            Stepwise sw = new Stepwise(lab);
            int before = lab.serviceLog().size();
            Stepwise.Result r = sw.confirmAll(sw.runProcedure("software-update", "update-1"), 20);
            assertThat(r.exit()).as("%s", r).isZero();

            assertThat(lab.awaitReplicationHealthy(30)).as("replica %s", lab.replicaStatus()).isTrue();
            assertReplicatedTablesEqual(lab);
            List<String> events = lab.serviceLog().subList(before, lab.serviceLog().size()).stream()
                    .map(line -> line.substring(line.indexOf(' ') + 1)).toList();
            assertThat(events).containsExactly(
                    "primary voxd stop", "primary matrix stop",          // 2.1.4
                    "primary voxd start", "primary matrix start",        // 2.1.7, after the upgrade
                    "secondary voxd stop", "secondary voxd start",       // 2.1.10, after replication is back
                    "secondary matrix stop", "secondary matrix start");
        }
    }

    @Test
    void softwareUpdateWithRebootsRestoresReplicationAfterEachHostComesBack() {
        try (Lab lab = Lab.start(true)) {
            Stepwise sw = new Stepwise(lab);
            Stepwise.Result r = sw.confirmAll(sw.runProcedure("software-update", "update-reboot",
                    "restart_primary=reboot", "restart_secondary=reboot"), 20);
            assertThat(r.exit()).as("%s", r).isZero();
            assertThat(r.output()).contains("reboot-primary").contains("reboot-secondary");

            assertThat(lab.awaitReplicationHealthy(30)).as("replica %s", lab.replicaStatus()).isTrue();
            assertReplicatedTablesEqual(lab);
            List<String> reboots = lab.serviceLog().stream().filter(l -> l.endsWith(" host reboot"))
                    .map(l -> l.split(" ")[1]).toList();
            assertThat(reboots).containsExactly("primary", "secondary");
        }
    }

    @Test
    void resyncRepairsADuplicateKeyConflictAndKeepsTheSecondarysSettings() throws IOException {
        try (Lab lab = Lab.start(true)) {
            // the secondary's own settings in more than ASCII (a latin1 table: the server's default character set
            // here), restored by a client that reads the dump as bytes
            lab.secondary("UPDATE system_parms SET value = 'Zürich, déjà vu: '' \\\\ ; end' WHERE name = 'sip_domain'");
            List<Map<String, String>> parmsBefore = lab.secondary("SELECT * FROM system_parms ORDER BY name");
            lab.secondary("INSERT INTO services (name) VALUES ('made-on-the-secondary')");
            lab.primary("INSERT INTO services (name) VALUES ('made-on-the-secondary')");
            awaitReplica(lab, "Last_SQL_Errno", "1062");
            // made after replication stopped, so only the dump brings it: text in three character sets (sjis: a
            // trailing byte 0x5C, a backslash in ASCII) and every byte value in a BLOB, quotes and backslashes in each
            lab.primary("CREATE TABLE charsets (id INT PRIMARY KEY, u VARCHAR(64) CHARACTER SET utf8mb4,"
                    + " s VARCHAR(64) CHARACTER SET sjis, l VARCHAR(64) CHARACTER SET latin1, b BLOB)",
                    "INSERT INTO charsets VALUES (1, " + TEXT + ", '表ソ能十 \\\\ ''', 'déjà vu \\\\ ''', UNHEX('"
                            + BYTES + "'))");

            Stepwise sw = new Stepwise(lab);
            Stepwise.Result r = sw.confirmAll(sw.runProcedure("secondary-resync", "resync-1062"), 5);
            assertThat(r.exit()).as("%s", r).isZero();

            assertHealthyAfterResync(lab, parmsBefore);
            String row = "SELECT HEX(u) AS u, HEX(s) AS s, HEX(l) AS l, HEX(b) AS b FROM charsets";
            assertThat(lab.secondary(row)).isEqualTo(lab.primary(row)).hasSize(1);

            // a site whose my.cnf makes mysql and mysqldump speak sjis on both members (and turns SET NAMES off): the
            // dump still says its character set and, being sjis, is loaded as the guide does, not read as bytes (a
            // trailing byte 0x5C would be a backslash); the values are ones sjis can hold
            for (String member : List.of("primary", "secondary")) {
                java.nio.file.Files.writeString(lab.dir().resolve(member + "/my.cnf"),
                        "\n[client]\ndefault-character-set=sjis\n[mysqldump]\nskip-set-charset\n",
                        java.nio.file.StandardOpenOption.APPEND);
            }
            lab.secondary("UPDATE system_parms SET value = 'lab.example \\\\ ''' WHERE name = 'sip_domain'");
            List<Map<String, String>> parmsNow = lab.secondary("SELECT * FROM system_parms ORDER BY name");
            lab.primary("DELETE FROM charsets", "INSERT INTO charsets VALUES (2, '表ソ能十 \\\\ ''', '表ソ能十 \\\\ ''',"
                    + " 'abc \\\\ ''', UNHEX('" + BYTES + "'))");
            Stepwise.Result again = sw.confirmAll(sw.runProcedure("secondary-resync", "resync-sjis"), 5);
            assertThat(again.exit()).as("%s", again).isZero();
            assertThat(head(lab.dir().resolve("primary/home/master_db.sql"))).contains("SET NAMES sjis")
                    .contains("Dump completed");
            assertHealthyAfterResync(lab, parmsNow);
            assertThat(lab.secondary(row)).isEqualTo(lab.primary(row)).hasSize(1);
        }
    }

    /** The first 40 lines of a dump and its last (the completion line). */
    private static String head(Path dump) throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(dump, java.nio.charset.StandardCharsets.ISO_8859_1);
        return String.join("\n", lines.subList(0, Math.min(40, lines.size()))) + "\n" + lines.get(lines.size() - 1);
    }

    /** Text with 2-, 3- and 4-byte UTF-8 characters, a quote, a backslash and a semicolon (an SQL literal). */
    private static final String TEXT = "'Zürich 表 ソ \uD83D\uDE00 '' \\\\ ; \" end'";
    /** Every byte value, then bytes that end a multibyte character in sjis or gbk before a quote or backslash. */
    private static final String BYTES = java.util.HexFormat.of().formatHex(new byte[] {(byte) 0x95, 0x5c, 0x27})
            + java.util.stream.IntStream.range(0, 256).mapToObj(i -> String.format("%02x", i))
                    .collect(java.util.stream.Collectors.joining()) + "955c5c8227e8a1a8";

    @Test
    void resyncWhileThePrimaryTakesWritesLeavesAConsistentReplica() throws Exception {
        try (Lab lab = Lab.start(true)) {
            lab.secondary("INSERT INTO services (name) VALUES ('made-on-the-secondary')");
            lab.primary("INSERT INTO services (name) VALUES ('made-on-the-secondary')");
            awaitReplica(lab, "Last_SQL_Errno", "1062");

            // The guide's SHOW MASTER STATUS followed by a separate dump applies these writes twice (1062).
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
            Thread writer = new Thread(() -> {
                while (!stop.get()) {
                    int n = written.incrementAndGet();
                    lab.primary("INSERT INTO subscribers (name, extension, service_id) VALUES ('w', 'w" + n + "', 1)");
                    Lab.sleep(10);
                }
            }, "primary-writer");
            writer.start();
            Stepwise.Result r;
            try {
                Stepwise sw = new Stepwise(lab);
                r = sw.confirmAll(sw.runProcedure("secondary-resync", "resync-under-writes"), 5);
            } finally {
                stop.set(true);
                writer.join(10_000);
            }
            assertThat(r.exit()).as("%s", r).isZero();
            System.out.println("resync under writes: " + written.get() + " rows written on the primary during the run");
            assertThat(written.get()).as("writes made during the resync").isGreaterThan(50);
            assertThat(lab.awaitReplicationHealthy(60)).as("replica %s", lab.replicaStatus()).isTrue();
            assertReplicatedTablesEqual(lab);
            assertThat(lab.secondary("SELECT COUNT(*) AS n FROM subscribers WHERE name = 'w'"))
                    .containsExactly(Map.of("n", String.valueOf(written.get())));
        }
    }

    @Test
    void resyncRepairsAReplicaWhosePositionWasPurged() {
        try (Lab lab = Lab.start(true)) {
            List<Map<String, String>> parmsBefore = lab.secondary("SELECT * FROM system_parms ORDER BY name");
            lab.sql(Member.SECONDARY, null, "STOP SLAVE");
            lab.primary("INSERT INTO subscribers (name, extension, service_id) VALUES ('Ken', '2005', 1)",
                    "FLUSH BINARY LOGS");
            String current = lab.sql(Member.PRIMARY, null, "SHOW MASTER STATUS").get(0).get("File");
            // The primary keeps a log its (just stopped) replica's dump thread still holds: purge until gone.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            do {
                lab.sql(Member.PRIMARY, null, "PURGE BINARY LOGS TO '" + current + "'");
            } while (lab.sql(Member.PRIMARY, null, "SHOW BINARY LOGS").size() > 1 && System.nanoTime() < deadline
                    && sleep());
            assertThat(lab.sql(Member.PRIMARY, null, "SHOW BINARY LOGS")).hasSize(1);
            lab.sql(Member.SECONDARY, null, "START SLAVE");
            awaitReplica(lab, "Last_IO_Errno", "1236");

            Stepwise sw = new Stepwise(lab);
            Stepwise.Result r = sw.confirmAll(sw.runProcedure("secondary-resync", "resync-1236"), 5);
            assertThat(r.exit()).as("%s", r).isZero();

            assertHealthyAfterResync(lab, parmsBefore);
            assertThat(lab.secondary("SELECT name FROM subscribers WHERE extension = '2005'")).hasSize(1);
        }
    }

    @Test
    void haStatusNamesASilentlyDivergedTableAndResyncRepairsIt() {
        try (Lab lab = Lab.start(true)) {
            Stepwise sw = new Stepwise(lab);
            Stepwise.Result clean = sw.runProcedure("ha-status", "status-before");
            assertThat(clean.exit()).as("%s", clean).isZero();

            lab.secondary("UPDATE subscribers SET name = 'Mallory' WHERE extension = '2002'");
            assertThat(lab.replicaStatus()).containsEntry("Slave_SQL_Running", "Yes");
            Stepwise.Result diverged = sw.runProcedure("ha-status", "status-diverged");
            assertThat(diverged.exit()).as("%s", diverged).isEqualTo(1);
            assertThat(diverged.output()).contains("tables that differ between the members: xopdb.subscribers")
                    .contains("DIFFERENT xopdb.subscribers").contains("same      xopdb.services");

            Stepwise.Result abandon = sw.run(60, "resume", "status-diverged", "--assume-done", "compare-tables",
                    "--no-input");
            assertThat(abandon.exit()).as("%s", abandon).isZero();
            Stepwise.Result resync = sw.confirmAll(sw.runProcedure("secondary-resync", "resync-diverged"), 5);
            assertThat(resync.exit()).as("%s", resync).isZero();

            Stepwise.Result after = sw.runProcedure("ha-status", "status-after");
            assertThat(after.exit()).as("%s", after).isZero();
            assertThat(after.output()).contains("same      xopdb.subscribers");
        }
    }

    @Test
    void resyncKilledAtARandomStepAndResumedEndsHealthy() throws Exception {
        try (Lab lab = Lab.start(true)) {
            List<Map<String, String>> parmsBefore = lab.secondary("SELECT * FROM system_parms ORDER BY name");
            lab.secondary("INSERT INTO services (name) VALUES ('made-on-the-secondary')");
            lab.primary("INSERT INTO services (name) VALUES ('made-on-the-secondary')");
            awaitReplica(lab, "Last_SQL_Errno", "1062");

            // one of the steps after the first that this run starts (not the two skipped by when:, not the manual
            // one at the end), held there by rehearse's kill point: killed at exactly that step, whatever the timing
            List<String> steps = io.stepwise.load.ProcedureLoader.load(lab.procedure("secondary-resync")).steps()
                    .stream().filter(s -> s.when() == null && !(s.action() instanceof io.stepwise.model.Action.Manual))
                    .map(io.stepwise.model.Step::id).toList();
            long seed = System.nanoTime();
            String killAt = steps.get(1 + new Random(seed).nextInt(steps.size() - 1));
            System.out.println("resync killed when step " + killAt + " starts (seed " + seed + ")");
            Stepwise sw = new Stepwise(lab);
            Path log = lab.dir().resolve("killed-run.log");
            Path held = lab.dir().resolve("killed-run.held");
            Process p = sw.start(log, io.stepwise.run.Hold.env(killAt, io.stepwise.run.Hold.Phase.STARTED, held),
                    "run", lab.procedure("secondary-resync").toString(), "-i", lab.inventory().toString(), "--run-id",
                    "resync-killed", "--no-input");
            Await.until("step " + killAt + " started", Duration.ofSeconds(120),
                    () -> !p.isAlive() || java.nio.file.Files.exists(held), () -> "the run printed:\n" + printed(log));
            assertThat(p.isAlive()).as("run ended before step %s: %s", killAt, java.nio.file.Files.readString(log))
                    .isTrue();
            p.destroyForcibly();  // SIGKILL
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

            Stepwise.Result r = sw.confirmAll(sw.run(600, "resume", "resync-killed", "--no-input"), 5);
            assertThat(r.exit()).as("killed at step %s; %s", killAt, r).isZero();
            assertHealthyAfterResync(lab, parmsBefore);
        }
    }

    @Test
    void haInstallOnFreshMembersEndsWithTheMarkerReplicated() {
        try (Lab lab = Lab.start(false)) {
            assertThat(lab.replicaStatus()).isEmpty();
            Stepwise sw = new Stepwise(lab);
            Stepwise.Result first = sw.runProcedure("ha-install", "install-1",
                    "new_master_hostname=xop-a", "new_master_ip=127.0.0.1", "new_master_netmask=255.0.0.0",
                    "new_master_gateway=127.0.0.254", "new_secondary_hostname=xop-b", "new_secondary_ip=127.0.0.1",
                    "new_secondary_netmask=255.0.0.0", "new_secondary_gateway=127.0.0.254", "new_dns1=127.0.0.53",
                    "old_master_ip=10.9.0.11", "old_secondary_ip=10.9.0.12");
            assertThat(first.exit()).as("stops at the first manual step: %s", first).isEqualTo(3);
            assertThat(first.output()).contains("sysconf net xop-a 127.0.0.1 255.0.0.0 127.0.0.254");

            Stepwise.Result r = sw.confirmAll(first, 20);
            assertThat(r.exit()).as("%s", r).isZero();
            assertThat(r.output()).contains("ha-marker-replicated").contains("ignore-probe-absent");
            assertThat(lab.replicaStatus()).containsEntry("Slave_IO_Running", "Yes")
                    .containsEntry("Slave_SQL_Running", "Yes");
            assertThat(lab.secondary("SELECT COUNT(*) AS n FROM system_parms WHERE name LIKE 'stepwise-probe-%'"))
                    .containsExactly(Map.of("n", "0"));
            assertThat(lab.primary("SELECT COUNT(*) AS n FROM system_parms WHERE name LIKE 'stepwise-probe-%'"))
                    .containsExactly(Map.of("n", "0"));
        }
    }

    @Test
    void haInstallChecksTheProbeTablesColumnsBeforeAnythingChanges() {
        try (Lab lab = Lab.start(false)) {
            lab.primary("ALTER TABLE system_parms CHANGE name parm_key VARCHAR(64) NOT NULL",
                    "ALTER TABLE system_parms CHANGE value parm_value VARCHAR(255)");
            Stepwise sw = new Stepwise(lab);
            Stepwise.Result r = sw.confirmAll(sw.runProcedure("ha-install", "install-cols",
                    "new_master_hostname=xop-a", "new_master_ip=127.0.0.1", "new_master_netmask=255.0.0.0",
                    "new_master_gateway=127.0.0.254", "new_secondary_hostname=xop-b", "new_secondary_ip=127.0.0.1",
                    "new_secondary_netmask=255.0.0.0", "new_secondary_gateway=127.0.0.254", "new_dns1=127.0.0.53",
                    "old_master_ip=10.9.0.11", "old_secondary_ip=10.9.0.12"), 20);
            assertThat(r.exit()).as("%s", r).isEqualTo(1);
            assertThat(r.output()).contains("probe-table-columns")
                    .contains("table system_parms has the columns (parm_key, parm_value), not name and value")
                    .contains("-p parms_key_column=KEY_COLUMN").doesNotContain("Unknown column");
            assertThat(lab.primary("SELECT COUNT(*) AS n FROM mysql.user WHERE user = 'repl'"))
                    .as("nothing changed in the database").containsExactly(Map.of("n", "0"));
        }
    }

    @Test
    void connectivityCheckPassesOnTheLabAndGivesTheGuidesResolutionWhenALoginFails() {
        try (Lab lab = Lab.start(true)) {
            Stepwise sw = new Stepwise(lab);
            Stepwise.Result ok = sw.runProcedure("connectivity-check", "connectivity-ok");
            assertThat(ok.exit()).as("%s", ok).isZero();
            assertThat(ok.output()).contains("Access denied for user 'repl'").contains("(using password: NO)")
                    .contains("ssh to 127.0.0.1 works without a password");

            lab.sql(Member.PRIMARY, null, "ALTER USER 'repl'@'%' IDENTIFIED BY 'changed-elsewhere'");
            Stepwise.Result bad = sw.runProcedure("connectivity-check", "connectivity-bad");
            assertThat(bad.exit()).as("%s", bad).isEqualTo(1);
            assertThat(bad.output()).contains("standby-mysql-login")
                    .contains("RESOLUTION: the replication user cannot log in: the database permissions on the"
                            + " Master server are incorrect. Contact XOP support.");
        }
    }

    private static void assertHealthyAfterResync(Lab lab, List<Map<String, String>> parmsBefore) {
        assertThat(lab.awaitReplicationHealthy(30)).as("replica %s", lab.replicaStatus()).isTrue();
        lab.primary("INSERT INTO routes (pattern, destination) VALUES ('3XXX', 'after-resync')");
        assertThat(lab.awaitReplicationHealthy(30)).as("replica %s", lab.replicaStatus()).isTrue();
        assertReplicatedTablesEqual(lab);
        assertThat(lab.secondary("SELECT * FROM system_parms ORDER BY name")).isEqualTo(parmsBefore);
    }

    private static void assertReplicatedTablesEqual(Lab lab) {
        Map<String, String> primary = replicated(lab.checksums(Member.PRIMARY));
        Map<String, String> secondary = replicated(lab.checksums(Member.SECONDARY));
        assertThat(primary).isNotEmpty();
        assertThat(secondary).isEqualTo(primary);
    }

    private static Map<String, String> replicated(Map<String, String> checksums) {
        Map<String, String> out = new TreeMap<>(checksums);
        out.keySet().removeAll(IGNORED);
        return out;
    }

    private static void awaitReplica(Lab lab, String column, String value) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, String> s = lab.replicaStatus();
        while (!value.equals(s.get(column)) && System.nanoTime() < deadline) {
            Lab.sleep(100);
            s = lab.replicaStatus();
        }
        assertThat(s).as("replica status").containsEntry(column, value);
    }

    private static boolean sleep() {
        Lab.sleep(200);
        return true;
    }

    private static String printed(Path log) {
        try {
            return java.nio.file.Files.readString(log);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }
}
