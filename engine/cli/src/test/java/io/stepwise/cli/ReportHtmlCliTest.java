package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --format html}: one self-contained page for a change ticket, with the same facts as markdown. */
class ReportHtmlCliTest {
    @TempDir
    Path dir;


    @Test
    void theHtmlReportIsOneFileWithInlineCssNoScriptsAndTheDecisions() throws Exception {
        Files.writeString(dir.resolve("p.yaml"), """
                procedure: demo
                title: Demo
                roles:
                  box: this machine
                params:
                  greeting: {default: hi}
                steps:
                  - id: hello
                    on: box
                    run: echo '<script>x</script>'
                    capture: {said: "(<script>)"}
                  - id: look
                    on: box
                    manual: Look at it
                """);
        Files.writeString(dir.resolve("i.yaml"), "cluster: c1\nhosts:\n  - name: h1\n    roles: [box]\n"
                + "    connection: local\n");
        String store = dir.resolve("runs.db").toString();
        Cli.Result run = Cli.inProcess("run", dir.resolve("p.yaml").toString(), "-i", dir.resolve("i.yaml").toString(),
                "--run-id", "r1", "--no-input", "--store", store);
        assertThat(run.exit()).as(run.all()).isEqualTo(3);
        assertThat(Cli.inProcess("confirm", "r1", "look", "--note", "<i>fine</i>", "--store", store).exit())
                .isEqualTo(0);

        Cli.Result html = Cli.inProcess("report", "r1", "--format", "html", "--store", store);
        assertThat(html.exit()).as(html.err()).isEqualTo(0);
        assertThat(html.out()).startsWith("<!DOCTYPE html>").contains("<style>").contains("Run r1: demo on c1")
                .contains("&lt;i&gt;fine&lt;/i&gt;").contains("&lt;script&gt;").contains("<svg")
                .as("every param with its value and source").contains("<th>greeting</th><td>hi (default)</td>")
                .doesNotContainIgnoringCase("<script").doesNotContain("src=").doesNotContain("<link")
                .doesNotContain("href=\"/").doesNotContain("http://").doesNotContain("https://");
        Cli.Result bad = Cli.inProcess("report", "r1", "--format", "pdf", "--store", store);
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).containsIgnoringCase("expected one of [markdown, json, html]");
    }
}
