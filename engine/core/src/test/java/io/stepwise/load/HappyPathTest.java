package io.stepwise.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Action;
import io.stepwise.model.Host;
import io.stepwise.model.Inventory;
import io.stepwise.model.Procedure;
import io.stepwise.model.Step;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HappyPathTest {
    @Test
    void loadsTheQuickstartIntoModelRecords() {
        Procedure p = ProcedureLoader.load(Repo.root().resolve("examples/quickstart.yaml"));
        assertThat(p.name()).isEqualTo("quickstart");
        assertThat(p.roles()).containsOnlyKeys("workstation");
        assertThat(p.params()).containsKeys("work_dir", "greeting");
        assertThat(p.steps()).extracting(Step::id).containsExactly("prepare", "write-marker", "marker-present", "count-down", "show-system",
                "look", "clean-up");
        Step write = p.step("write-marker").orElseThrow();
        assertThat(write.needs()).containsExactly("prepare");
        assertThat(write.capture()).containsEntry("marker_bytes", "([0-9]+)");
        assertThat(write.action()).isInstanceOf(Action.Shell.class);
        assertThat(write.mark().line()).isEqualTo(26);
        assertThat(p.step("prepare").orElseThrow().needs()).isEmpty();
        Action.Wait wait = (Action.Wait) p.step("marker-present").orElseThrow().action();
        assertThat(wait.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(wait.until().output()).isEqualTo("present");
        assertThat(p.step("show-system").orElseThrow().optional()).isTrue();
        assertThat(p.step("look").orElseThrow().action()).isInstanceOf(Action.Manual.class);
        assertThat(p.step("clean-up").orElseThrow().when()).isEqualTo("{{clean_up}} == 'yes'");
    }

    @Test
    void loadsTheLocalInventory() {
        Inventory inv = InventoryLoader.load(Repo.root().resolve("examples/local.yaml"));
        assertThat(inv.cluster()).isEqualTo("local");
        Host h = inv.hosts().get(0);
        assertThat(h.connection()).isEqualTo(Host.Connection.LOCAL);
        assertThat(h.address()).isEqualTo("127.0.0.1");
        assertThat(h.roles()).isEqualTo(List.of("workstation"));
    }

    @Test
    void hostSettingsOverrideTheClusterWideOnes() throws Exception {
        Inventory inv = InventoryLoader.load(java.nio.file.Path.of(HappyPathTest.class.getResource("/valid/inventory.yaml").toURI()));
        Host b = inv.hostsWithRole("secondary").get(0);
        assertThat(b.ssh().port()).isEqualTo(2222);
        assertThat(b.ssh().user()).isEqualTo("root");
        assertThat(b.ssh().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.mysql().port()).isEqualTo(3307);
        assertThat(b.mysql().password().env()).isEqualTo("XOP_DB_PASSWORD");
        assertThat(b.mysql().database()).isEqualTo("xopdb");
        Host a = inv.hostsWithRole("primary").get(0);
        assertThat(a.ssh().port()).isEqualTo(22);
        assertThat(a.vars()).containsEntry("nic", "eth0");
        Host pbx = inv.hostsWithRole("pbx").get(0);
        assertThat(pbx.connection()).isEqualTo(Host.Connection.MANUAL);
        assertThat(pbx.address()).isNull();
        assertThat(inv.vars()).containsEntry("dump_dir", "/root");
    }

    @Test
    void readsEveryFieldOfARichProcedure() {
        String yaml = """
                procedure: resync
                title: Resync
                roles:
                  primary: Provisioning master
                  secondary: {description: member, count: any, checks: [{sql: "SELECT @@read_only AS ro", expect: {row: {ro: "1"}}}]}
                params:
                  database: {default: xopdb}
                  repl_password: {secret: true}
                  dump_dir: /root
                steps:
                  - id: pos
                    on: primary
                    replication: source-position
                    capture: {binlog_file: File, binlog_pos: Position}
                  - id: copy
                    on: secondary
                    copy: {from: "primary:{{dump_dir}}/x.sql", to: /root/x.sql, mode: "0600"}
                    timeout: 1h30m
                    retries: 2
                    retry_delay: 500ms
                  - id: point
                    on: secondary
                    needs: [pos, copy]
                    replication: {op: change-source, host: "{{roles.primary.address}}", port: "{{roles.primary.mysql_port}}",
                                  user: repl, password: "{{repl_password}}", log_file: "{{binlog_file}}", log_pos: "{{binlog_pos}}"}
                  - id: sql
                    on: primary
                    sql: "UPDATE t SET a = {{database}} WHERE b = 1"
                    database: "{{database}}"
                    verify: {sql: "SELECT 1 AS one", expect: {rows: 1}}
                  - id: caught-up
                    on: secondary
                    wait: {replication: status, until: {Seconds_Behind_Master: "0"}, timeout: 10m}
                  - id: boot
                    on: secondary
                    reboot: {timeout: 5m}
                    parallel: 2
                """;
        Loaded<Procedure> l = ProcedureLoader.parse("rich.yaml", yaml, null);
        assertThat(l.problems()).isEmpty();
        Procedure p = l.orThrow();
        assertThat(p.roles().get("secondary").count()).isZero();
        assertThat(p.roles().get("secondary").checks()).singleElement().satisfies(c -> assertThat(c.id()).isEqualTo("check-secondary-1"));
        assertThat(p.params().get("repl_password").secret()).isTrue();
        assertThat(p.params().get("dump_dir").defaultValue()).isEqualTo("/root");
        Action.Copy copy = (Action.Copy) p.step("copy").orElseThrow().action();
        assertThat(copy.fromRole()).isEqualTo("primary");
        assertThat(copy.toRole()).isNull();
        assertThat(p.step("copy").orElseThrow().timeout()).isEqualTo(Duration.ofMinutes(90));
        Action.Replication r = (Action.Replication) p.step("point").orElseThrow().action();
        assertThat(r.args()).containsEntry("user", "repl").hasSize(6);
        Action.Sql sql = (Action.Sql) p.step("sql").orElseThrow().action();
        assertThat(sql.readOnly()).isFalse();
        assertThat(p.step("sql").orElseThrow().verify()).isInstanceOf(Action.Wait.class);
        Action.Wait caughtUp = (Action.Wait) p.step("caught-up").orElseThrow().action();
        assertThat(caughtUp.until().row()).containsEntry("Seconds_Behind_Master", "0");
        assertThat(caughtUp.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(((Action.Reboot) p.step("boot").orElseThrow().action()).timeout()).isEqualTo(Duration.ofMinutes(5));
    }
}
