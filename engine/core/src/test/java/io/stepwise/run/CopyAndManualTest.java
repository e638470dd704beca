package io.stepwise.run;

import io.stepwise.view.Operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Action;
import io.stepwise.model.Plan;
import io.stepwise.model.StepState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copy between hosts with SHA-256 and mode; an in-doubt copy settled by its checksum; manual timeouts. */
class CopyAndManualTest {
    @TempDir
    Path dir;

    @Test
    void copyStreamsTheFileKeepsOrSetsTheModeAndComparesChecksums() throws Exception {
        Path src = dir.resolve("dump.sql");
        Files.writeString(src, "CREATE TABLE t (id INT);\n".repeat(5000));
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rw-r-----"));
        Fixture f = new Fixture().hosts("primary", "a").hosts("secondary", "b");
        f.params.put("dir", dir.toString());
        Plan plan = f.plan(
                StepBuilder.of("keep", new Action.Copy("primary", "{{dir}}/dump.sql", null, "{{dir}}/kept.sql", null))
                        .on("secondary").build(),
                StepBuilder.of("set", new Action.Copy(null, "{{dir}}/dump.sql", "secondary", "{{dir}}/set.sql", "0600"))
                        .on("primary").build());
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).as(f.screenText.toString()).isEqualTo(Outcome.FINISHED);
        assertThat(Files.readString(dir.resolve("kept.sql"))).isEqualTo(Files.readString(src));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("kept.sql"))))
                .isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("set.sql"))))
                .isEqualTo("rw-------");
        assertThat(f.screenText.toString()).contains("sha256", "on both ends");
    }

    @Test
    void aCopyOntoItsOwnSourceIsRefusedAndTheSourceKept() throws Exception {
        Path src = dir.resolve("master_db.sql");
        Files.writeString(src, "INSERT INTO t VALUES (1);\n");
        Fixture f = new Fixture().hosts("primary", "a").hosts("secondary", "b");
        f.params.put("dir", dir.toString());
        Plan plan = f.plan(StepBuilder.of("copy", new Action.Copy("primary", "{{dir}}/master_db.sql", "secondary",
                "{{dir}}/./master_db.sql", null)).on("secondary").build());
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(f.screenText.toString() + r.message()).contains("source and target are the same file");
        assertThat(Files.readString(src)).isEqualTo("INSERT INTO t VALUES (1);\n");
    }

    @Test
    void aMissingSourceFailsTheCopyWithItsPath() throws Exception {
        Fixture f = new Fixture();
        Plan plan = f.plan(StepBuilder.of("copy", new Action.Copy(null, dir.resolve("nope").toString(), null,
                dir.resolve("dst").toString(), null)).build());
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(f.screenText.toString() + r.message()).contains("nope").contains("cannot be read");
        assertThat(dir.resolve("dst")).doesNotExist();
    }

    @Test
    void anInDoubtCopyIsSettledByComparingChecksums() throws Exception {
        Path src = dir.resolve("src");
        Files.writeString(src, "payload\n");
        Fixture f = new Fixture();
        Plan plan = f.plan(StepBuilder.of("copy", new Action.Copy(null, src.toString(), null,
                dir.resolve("dst").toString(), null)).build());
        f.ledger().move(new StepKey("copy", "h1"), StepState.RUNNING, 1, null, Map.of());
        Files.writeString(dir.resolve("dst"), "pay");
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(f.screenText.toString()).contains("did not arrive intact, copying again");
        assertThat(Files.readString(dir.resolve("dst"))).isEqualTo("payload\n");

        Fixture g = new Fixture();
        Plan again = g.plan(StepBuilder.of("copy", new Action.Copy(null, src.toString(), null,
                dir.resolve("dst").toString(), null)).build());
        g.ledger().move(new StepKey("copy", "h1"), StepState.RUNNING, 1, null, Map.of());
        assertThat(g.run(again).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(g.screenText.toString()).contains("arrived intact");
        assertThat(g.ledger().attempt(new StepKey("copy", "h1"))).isEqualTo(1);
    }

    @Test
    void aCopyOntoAnExistingDirectoryFailsAndLeavesNothingInIt() throws Exception {
        Path src = dir.resolve("dumps");
        Files.writeString(src, "INSERT INTO t VALUES (1);\n");
        Path target = Files.createDirectories(dir.resolve("d/dumps"));
        Fixture f = new Fixture();
        Plan plan = f.plan(StepBuilder.of("copy", new Action.Copy(null, src.toString(), null, target.toString(),
                "0600")).build());
        Runner.Result r = f.run(plan);
        assertThat(r.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(f.screenText.toString() + r.message()).contains(target + " is a directory: give the file's own path");
        try (var inside = Files.list(target)) {
            assertThat(inside).as("nothing put inside it").isEmpty();
        }
        assertThat(dir.resolve("d/dumps.stepwise-part")).doesNotExist();
    }

    @Test
    void anInDoubtCopySettledAsArrivedGetsTheStepsMode() throws Exception {
        Path src = dir.resolve("secret.sql");
        Files.writeString(src, "payload\n");
        Path dst = dir.resolve("copied.sql");
        Files.writeString(dst, "payload\n");
        Files.setPosixFilePermissions(dst, PosixFilePermissions.fromString("rw-r--r--"));
        Fixture f = new Fixture();
        Plan plan = f.plan(StepBuilder.of("copy", new Action.Copy(null, src.toString(), null, dst.toString(), "0600"))
                .build());
        f.ledger().move(new StepKey("copy", "h1"), StepState.RUNNING, 1, null, Map.of());
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.FINISHED);
        assertThat(f.screenText.toString()).contains("arrived intact");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dst))).isEqualTo("rw-------");
    }

    private static Operator silent(String who) {
        return new Operator() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String who() {
                return who;
            }

            @Override
            public Answer askManual(String stepId, String host, String instructions, Duration timeout) {
                return Answer.of(timeout == null ? Answer.Kind.PAUSE : Answer.Kind.TIMEOUT);
            }

            @Override
            public Answer askOptional(String stepId, String title) {
                return Answer.of(Answer.Kind.PAUSE);
            }
        };
    }

    @Test
    void aManualTimeoutPausesOrFailsAsDeclared() throws Exception {
        Fixture f = new Fixture();
        f.operator = silent("erin");
        Runner.Result paused = f.run(f.plan(StepBuilder.of("m", new Action.Manual("look", Duration.ofMinutes(5),
                Action.OnTimeout.PAUSE)).build()));
        assertThat(paused.outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(paused.message()).contains("no answer within 5m");

        Fixture g = new Fixture();
        g.operator = silent("erin");
        Runner.Result failed = g.run(g.plan(StepBuilder.of("m", new Action.Manual("look", Duration.ofMinutes(5),
                Action.OnTimeout.FAIL)).build()));
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.message()).contains("no answer within 5m (on_timeout: fail)");
        assertThat(g.state("m", "h1")).isEqualTo(StepState.REJECTED);
    }

    @Test
    void withoutATerminalAManualTimeoutIsAppliedOnResume() throws Exception {
        Fixture f = new Fixture();
        io.stepwise.model.Plan plan = f.plan(StepBuilder.of("m", new Action.Manual("look", Duration.ofMinutes(5),
                Action.OnTimeout.FAIL)).build());
        assertThat(f.run(plan).outcome()).isEqualTo(Outcome.PAUSED);
        f.time.sleep(Duration.ofMinutes(2));
        assertThat(f.run(plan).outcome()).as("within its timeout: still waiting").isEqualTo(Outcome.PAUSED);
        f.time.sleep(Duration.ofMinutes(4));
        Runner.Result failed = f.run(plan);
        assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(failed.message()).contains("no answer within 5m", "on_timeout: fail");
        assertThat(f.state("m", "h1")).isEqualTo(StepState.REJECTED);
        assertThat(f.run(plan).outcome()).as("asked again, with a new time limit").isEqualTo(Outcome.PAUSED);

        Fixture g = new Fixture();
        io.stepwise.model.Plan paused = g.plan(StepBuilder.of("m", new Action.Manual("look", Duration.ofMinutes(5),
                Action.OnTimeout.PAUSE)).build());
        g.run(paused);
        g.time.sleep(Duration.ofMinutes(6));
        Runner.Result r = g.run(paused);
        assertThat(r.outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(r.message()).contains("timeout (5m) has passed", "stepwise confirm r1 m");
        assertThat(g.state("m", "h1")).isEqualTo(StepState.WAITING_FOR_PERSON);
    }
}
