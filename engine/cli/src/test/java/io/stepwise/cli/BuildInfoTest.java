package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What {@code stepwise --version} says, with and without a commit from the build. */
class BuildInfoTest {
    @Test
    void versionAndCommitAsTheBuildWroteThem() {
        assertThat(BuildInfo.of("1.2.0", "0123456789", "false").describe())
                .isEqualTo("stepwise 1.2.0 (commit 0123456789)");
        assertThat(BuildInfo.of("1.2.0", "0123456789", "true").describe())
                .isEqualTo("stepwise 1.2.0 (commit 0123456789-dirty)");
    }

    @Test
    void aBuildWithoutGitOrUnfilteredValuesSaysUnknownNeverAPlaceholder() {
        assertThat(BuildInfo.of("1.2.0", "unknown", "false").describe()).isEqualTo("stepwise 1.2.0 (commit unknown)");
        assertThat(BuildInfo.of("${project.version}", "${stepwise.commit}", "${stepwise.dirty}").describe())
                .isEqualTo("stepwise dev (commit unknown)");
        assertThat(BuildInfo.of(null, null, null).describe()).isEqualTo("stepwise dev (commit unknown)");
    }

    @Test
    void theVersionOptionPrintsTheBuiltVersion() {
        StringWriter out = new StringWriter();
        int exit = Main.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "--version");
        assertThat(exit).isZero();
        assertThat(out.toString().strip()).matches("stepwise \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit ([0-9a-f]{7,40}"
                + "(-dirty)?|unknown)\\)");
    }
}
