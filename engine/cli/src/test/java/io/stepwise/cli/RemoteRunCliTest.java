package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.testing.MariaDb;
import io.stepwise.testing.Sshd;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on real servers: a host over SSH (private sshd) and the run store in a private MariaDB. */
class RemoteRunCliTest {
    @TempDir
    Path dir;

    @Test
    void aProcedureRunsOverSshWithCaptureAndCopy() throws Exception {
        try (Sshd sshd = Sshd.start()) {
            Cli cli = new Cli(dir);
            Path src = cli.write("payload.txt", "line one\nline two\n");
            Path inv = cli.write("inv.yaml", "cluster: lab\nhosts:\n  - {name: remote, address: 127.0.0.1, roles: [box]}\n"
                    + "  - {name: here, roles: [desk], connection: local}\n"
                    + "ssh: {user: " + sshd.user() + ", port: " + sshd.port() + ", identity: " + sshd.clientKey()
                    + ", known_hosts: " + sshd.knownHosts() + ", use_config: false}\n");
            Path proc = cli.write("proc.yaml", "procedure: remote\ntitle: Remote\nroles:\n  box: over ssh\n"
                    + "  desk: this machine\nsteps:\n"
                    + "  - id: who\n    on: box\n    run: echo \"user=$(id -un) host={{host.name}}\"\n"
                    + "    capture: {login: \"user=(\\\\S+)\"}\n"
                    + "  - id: ship\n    on: box\n    copy: {from: \"desk:" + src + "\", to: \"" + dir
                    + "/shipped.txt\", mode: \"0640\"}\n"
                    + "  - id: check\n    on: box\n    run: cat " + dir + "/shipped.txt; echo {{login}}\n"
                    + "    expect: {output: \"line two\"}\n");
            Cli.Result r = cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "s1", "--no-input");
            assertThat(r.exit()).as(r.all()).isZero();
            assertThat(r.out()).contains("[remote] user=" + sshd.user() + " host=remote", "captured login = "
                    + sshd.user(), "on both ends");
            assertThat(Files.readString(dir.resolve("shipped.txt"))).isEqualTo("line one\nline two\n");
            assertThat(cli.run("log", "s1", "check").out()).contains("line two", sshd.user());
        }
    }

    @Test
    void theRunStoreCanBeASharedMariaDb() throws Exception {
        try (MariaDb db = MariaDb.start()) {
            db.sql("CREATE DATABASE stepwise");
            Cli cli = new Cli(dir);
            cli.env.put("STEPWISE_STORE", db.jdbcUrl("stepwise") + "&user=root");
            Path proc = cli.write("proc.yaml", "procedure: demo\ntitle: Demo\nroles:\n  box: here\nsteps:\n"
                    + "  - id: a\n    on: box\n    run: echo a >> " + dir.resolve("out.txt") + "\n"
                    + "  - id: gate\n    on: box\n    manual: Look.\n"
                    + "  - id: b\n    on: box\n    run: echo b >> " + dir.resolve("out.txt") + "\n");
            Path inv = cli.localInventory();
            assertThat(cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "m1", "--no-input").exit())
                    .isEqualTo(3);
            assertThat(cli.run("confirm", "m1", "gate", "--as", "mia", "--note", "fine").exit()).isZero();
            Cli.Result r = cli.run("resume", "m1", "--no-input");
            assertThat(r.exit()).as(r.all()).isZero();
            assertThat(Files.readAllLines(dir.resolve("out.txt"))).containsExactly("a", "b");
            assertThat(db.sqlIn("stepwise", "SELECT COUNT(*) AS n FROM events WHERE type = 'DECISION'"))
                    .singleElement().satisfies(row -> assertThat(row.get("n")).isEqualTo("1"));
            assertThat(cli.run("report", "m1").out()).contains("mia: confirm gate", "fine");
            assertThat(Files.exists(cli.store)).as("no SQLite file was made").isFalse();
        }
    }
}
