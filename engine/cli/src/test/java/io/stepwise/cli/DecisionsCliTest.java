package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first decision at a waiting step stands; a decision about a step the run does not have says so. */
class DecisionsCliTest {
    @TempDir
    Path dir;

    @Test
    void theFirstDecisionStandsAndAnUnknownStepIsNamed() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.procedure("""
                steps:
                  - id: check-replica
                    on: box
                    manual: Look at it.
                """);
        Cli.Result run = cli.run("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "r1",
                "--no-input");
        assertThat(run.exit()).as(run.all()).isEqualTo(3);

        Cli.Result unknown = cli.run("confirm", "r1", "check-replika", "--as", "ann");
        assertThat(unknown.exit()).as(unknown.all()).isEqualTo(2);
        assertThat(unknown.err()).contains("no step check-replika", "did you mean 'check-replica'")
                .doesNotContain("not been reached");

        assertThat(cli.run("confirm", "r1", "check-replica", "--as", "ann", "--note", "replica in sync").exit())
                .isZero();
        Cli.Result reject = cli.run("reject", "r1", "check-replica", "--as", "bob", "--note", "no, it lags");
        assertThat(reject.exit()).as(reject.all()).isEqualTo(4);
        assertThat(reject.err()).contains("already confirmed by ann at ", "replica in sync", "first decision stands");
        Cli.Result again = cli.run("confirm", "r1", "check-replica", "--as", "ann");
        assertThat(again.exit()).as(again.all()).isEqualTo(4);

        String report = cli.run("report", "r1").out();
        assertThat(report).contains("ann: confirm check-replica").doesNotContain("bob");
        assertThat(report.split("confirm check-replica", -1)).hasSize(2);
        assertThat(cli.run("resume", "r1", "--no-input").exit()).isZero();
    }
}
