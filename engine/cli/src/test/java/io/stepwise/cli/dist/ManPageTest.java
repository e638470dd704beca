package io.stepwise.cli.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Man pages and completion from the picocli model: one page per command, valid roff, nothing left raw. */
class ManPageTest {
    @TempDir
    Path dir;

    @Test
    void everyCommandHasAPageWithItsOptionsAndNotes() throws Exception {
        List<Path> files = DistFiles.write(dir, "9.9.9");
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("stepwise.bash", "stepwise.1", "stepwise-run.1", "stepwise-resume.1", "stepwise-operator-add.1")
                .doesNotContain("stepwise-help.1");
        String run = Files.readString(dir.resolve("man/man1/stepwise-run.1"));
        assertThat(run).startsWith(".TH \"STEPWISE\\-RUN\" 1 \"\" \"stepwise 9.9.9\"")
                .contains(".SH SYNOPSIS", "\\fB\\-i\\fR, \\fB\\-\\-inventory\\fR=\\fIINVENTORY\\fR", ".SH NOTES",
                        "Exit codes: 0 finished");
        assertThat(Files.readString(dir.resolve("man/man1/stepwise.1"))).contains(".SH COMMANDS", "stepwise\\-run");
        assertThat(Files.readString(dir.resolve("completion/stepwise.bash"))).contains("complete -F");
    }

    @Test
    void textThatRoffWouldReadAsARequestOrEscapeIsEscaped() {
        assertThat(ManPage.escape(".SH fake\n'also\nback\\slash -x")).isEqualTo("\\&.SH fake\n\\&'also\nback\\eslash \\-x");
    }
}
