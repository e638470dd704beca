package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's quickstart, without a terminal: the optional and the manual step pause, answers finish it. */
class QuickstartCliTest {
    @TempDir
    Path dir;

    @Test
    void theQuickstartRunsToTheManualStepAndFinishesAfterConfirm() throws Exception {
        Path repo = Path.of(System.getProperty("stepwise.repo", "../.."));
        Cli cli = new Cli(dir);
        Path work = dir.resolve("work");
        String[] run = {"run", repo.resolve("examples/quickstart.yaml").toString(), "-i",
            repo.resolve("examples/local.yaml").toString(), "--run-id", "qs", "--no-input", "-p",
            "work_dir=" + work, "-p", "clean_up=no"};
        Cli.Result first = cli.run(run);
        assertThat(first.exit()).as(first.all()).isEqualTo(3);
        assertThat(first.out()).contains("captured marker_bytes = 6", "check 1: condition holds", "5...", "1...");
        assertThat(first.err()).contains("optional step show-system waits for a choice");

        assertThat(cli.run("reject", "qs", "show-system", "--note", "not needed").exit()).isZero();
        Cli.Result second = cli.run("resume", "qs", "--no-input");
        assertThat(second.exit()).as(second.all()).isEqualTo(3);
        assertThat(second.out()).contains("Open " + work + "/marker.txt on this-machine", "holds 6 bytes");

        assertThat(cli.run("confirm", "qs", "look", "--note", "6 bytes", "--as", "tess").exit()).isZero();
        Cli.Result third = cli.run("resume", "qs", "--no-input");
        assertThat(third.exit()).as(third.all()).isZero();
        assertThat(third.out()).containsPattern("show-system\\s+this-machine\\s+skipped")
                .containsPattern("clean-up\\s+this-machine\\s+skipped");
        assertThat(Files.readString(work.resolve("count.log"))).isEqualTo("hello\n");
        assertThat(cli.run("report", "qs").out()).contains("tess: confirm look", "marker\\_bytes = 6",
                "reject show-system");
    }
}
