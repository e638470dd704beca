package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors by kind: a fault of the procedure found at run time fails its step and says where it is; damaged
 * data in the run store is a store error that says what to do. Neither is reported as an internal error.
 */
class ErrorKindsCliTest {
    @TempDir
    Path dir;

    @Test
    void aValueMissingAtRunTimeFailsTheStepWithTheProcedureFileLineStepAndHost() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.procedure("""
                params:
                  deep: {default: "no"}
                steps:
                  - id: pick
                    on: box
                    when: "{{deep}} == 'yes'"
                    run: echo chosen
                    capture: {picked: "(.*)"}
                  - id: use
                    on: box
                    run: echo {{picked}}
                """);
        Cli.Result r = cli.run("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "t1",
                "--no-input");
        assertThat(r.exit()).as(r.all()).isEqualTo(ExitCode.STEP_FAILED);
        assertThat(r.all()).contains("step use on here failed: " + proc + ":13:5: no value for {{picked}}")
                .contains("a step that was skipped or failed captures nothing", "stepwise resume t1")
                .doesNotContain("internal error");
    }

    @Test
    void damagedDataInTheRunStoreIsAStoreErrorThatSaysWhatToDo() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.procedure("steps:\n"
                + "  - id: one\n    on: box\n    run: echo one\n");
        assertThat(cli.run("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "t1",
                "--no-input").exit()).isZero();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + cli.store);
             Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE events SET data_json = '{\"exit\": 0' WHERE run_id = 't1'"))
                    .isPositive();
        }
        Cli.Result status = cli.run("status", "t1");
        assertThat(status.exit()).as(status.all()).isEqualTo(ExitCode.STEP_FAILED);
        assertThat(status.err()).contains("stepwise: run store " + cli.store, "corrupt JSON in run store",
                "changed outside Stepwise: restore the store from a backup")
                .doesNotContain("internal error", "Exception", "\tat ");
    }
}
