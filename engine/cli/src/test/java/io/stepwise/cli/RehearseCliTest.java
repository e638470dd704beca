package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stepwise rehearse} on this machine ({@code connection: local}, an inventory marked for rehearsal): a
 * procedure whose claims are false is caught at the step that lies, with the difference from a clean run.
 */
class RehearseCliTest {
    @TempDir
    Path dir;

    /** A procedure appending one line to a file; {@code STEP_KEYS} are the append step's claims. */
    private static String procedure(String stepKeys) {
        return """
                procedure: lines
                title: Append a line
                roles:
                  box: this machine
                params:
                  work_dir: {description: where the file is}
                steps:
                  - id: prepare
                    on: box
                    idempotent: true
                    run: mkdir -p {{work_dir}}
                  - id: append
                    on: box
                """ + stepKeys.indent(4) + """
                    run: echo line >> {{work_dir}}/f
                  - id: look
                    on: box
                    manual: Look at {{work_dir}}/f
                postconditions:
                  - id: one-line
                    title: the file has one line
                    on: box
                    run: cat {{work_dir}}/f | wc -l
                    expect: {output: '^\\s*1\\s*$'}
                    capture: {lines: '(\\d+)'}
                """;
    }

    private Cli.Result rehearse(Cli cli, String procedure, String inventory, String... more) throws Exception {
        return rehearseWithReset(cli, procedure, inventory, "rm -rf '" + dir.resolve("work") + "'", more);
    }

    private Cli.Result rehearseWithReset(Cli cli, String procedure, String inventory, String reset, String... more)
            throws Exception {
        Path work = dir.resolve("work");
        Path proc = cli.write("lines.yaml", procedure);
        Path inv = cli.write("lab.yaml", inventory);
        Path answers = cli.write("answers.yaml", "answers: lines\nsteps:\n  look: {answer: confirm, note: one line}\n");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("rehearse", proc.toString(), "-i",
                inv.toString(), "--reset", reset, "-p", "work_dir=" + work, "--answers",
                answers.toString(), "--out", dir.resolve("out").toString()));
        args.addAll(java.util.List.of(more));
        return cli.start(args.toArray(String[]::new)).await(300);
    }

    private static final String LAB = "cluster: bench\nrehearsal: true\nhosts:\n"
            + "  - {name: here, roles: [box], connection: local}\n";

    @Test
    void anIdempotentClaimOnAStepThatAppendsIsCaughtNamingTheStepAndTheDifference() throws Exception {
        Cli cli = new Cli(dir);
        Cli.Result r = rehearse(cli, procedure("idempotent: true"), LAB, "--kill-each-step", "--only", "append",
                "--kill-at", "ran,done");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).containsPattern("append\\s+DIFFERENT\\s+clean\\s+ended different")
                .contains("append, killed after its action, before its outcome was recorded: postcondition"
                        + " 'the file has one line' on here failed: output did not match", ": 2")
                .contains("FAILED: 1 ended different");
        assertThat(Files.readString(dir.resolve("out/rehearsal.md"))).contains("| append | ended different:");
        assertThat(Files.readString(dir.resolve("out/rehearsal.json"))).contains("\"append\" : \"ended different\"",
                "\"passed\" : false");
    }

    @Test
    void aVerifyProbeThatAlwaysPassesOnANonIdempotentStepIsCaught() throws Exception {
        Cli cli = new Cli(dir);
        Cli.Result r = rehearse(cli, procedure("verify: {run: \"true\"}"), LAB, "--kill-each-step", "--only",
                "append", "--kill-at", "started,ran");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        // killed before it appended, the probe says done: the line is never written
        assertThat(r.out()).containsPattern("append\\s+DIFFERENT\\s+clean\\s+ended different")
                .contains("append, killed as it started: postcondition 'the file has one line' on here failed:",
                        ": 0");
    }

    @Test
    void anHonestStepWithoutVerifyNeedsADecisionAndOneChoiceEndsAsTheCleanRun() throws Exception {
        Cli cli = new Cli(dir);
        Cli.Result r = rehearse(cli, procedure("idempotent: false"), LAB, "--kill-each-step", "--only", "append",
                "--kill-at", "started");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).containsPattern("append\\s+decision\\s+needed a decision")
                .contains("--retry append: ends as the clean run",
                        "--assume-done append: ends different: postcondition 'the file has one line' on here failed")
                .contains("PASSED: 1 needed a decision");
    }

    @Test
    void anHonestStepKilledAfterItsActionNeedsADecisionAndAssumeDoneEndsAsTheCleanRun() throws Exception {
        Cli cli = new Cli(dir);
        Cli.Result r = rehearse(cli, procedure("idempotent: false"), LAB, "--kill-each-step", "--only", "append",
                "--kill-at", "ran");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("--retry append: ends different", "--assume-done append: ends as the clean run",
                "PASSED: 1 needed a decision");
    }

    @Test
    void aStepWithALongIdIsStillKilledAndItsFalseClaimCaught() throws Exception {
        Cli cli = new Cli(dir);
        String id = "append-one-line-to-the-file-in-the-work-directory-of-this-box";
        Cli.Result r = rehearse(cli, procedure("idempotent: true").replace("id: append", "id: " + id), LAB,
                "--kill-each-step", "--only", id, "--kill-at", "ran");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("FAILED: 1 ended different");
    }

    @Test
    void aResetThatDoesNotRestoreTheStartFailsTheRehearsal() throws Exception {
        Cli cli = new Cli(dir);
        // the reset leaves the work directory, so the first step (mkdir without -p) fails on every run after the
        // clean one: no kill point is reached, and that is not a pass
        Cli.Result r = rehearseWithReset(cli, procedure("idempotent: true").replace("mkdir -p", "mkdir"), LAB,
                "rm -f '" + dir.resolve("work/f") + "'", "--kill-each-step", "--only", "append", "--kill-at", "ran");
        assertThat(r.exit()).as(r.all()).isEqualTo(1);
        assertThat(r.out()).contains("stopped before this kill point, where the clean run went on");
    }

    @Test
    void anInventoryWhoseMarkTheResetRemovesStopsTheRehearsal() throws Exception {
        Cli cli = new Cli(dir);
        Path inv = dir.resolve("lab.yaml");
        Path once = dir.resolve("reset-once");
        String reset = "rm -rf '" + dir.resolve("work") + "'; if [ -f '" + once + "' ]; then sed -i '/rehearsal: true/d' '"
                + inv + "'; fi; touch '" + once + "'";
        Cli.Result r = rehearseWithReset(cli, procedure("idempotent: true"), LAB, reset, "--kill-each-step", "--only", "append",
                "--kill-at", "ran");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("lab.yaml is no longer marked for rehearsal", "nothing more ran");
    }

    @Test
    void refusesAnInventoryNotMarkedForRehearsal() throws Exception {
        Cli cli = new Cli(dir);
        Cli.Result r = rehearse(cli, procedure("idempotent: true"), LAB.replace("rehearsal: true\n", ""),
                "--kill-each-step");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.err()).contains("lab.yaml: cluster bench is not marked for rehearsal",
                "'rehearsal: true'", "Nothing ran.");
        assertThat(dir.resolve("out/runs.db")).doesNotExist();
        assertThat(dir.resolve("work")).doesNotExist();
    }
}
