package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --format html}: one self-contained page for a change ticket, with the same facts as markdown. */
class ReportHtmlCliTest {
    @TempDir
    Path dir;

    private String[] cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

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
        String[] run = cli("run", dir.resolve("p.yaml").toString(), "-i", dir.resolve("i.yaml").toString(),
                "--run-id", "r1", "--no-input", "--store", store);
        assertThat(run[0]).as(run[1] + run[2]).isEqualTo("3");
        assertThat(cli("confirm", "r1", "look", "--note", "<i>fine</i>", "--store", store)[0]).isEqualTo("0");

        String[] html = cli("report", "r1", "--format", "html", "--store", store);
        assertThat(html[0]).as(html[2]).isEqualTo("0");
        assertThat(html[1]).startsWith("<!DOCTYPE html>").contains("<style>").contains("Run r1: demo on c1")
                .contains("&lt;i&gt;fine&lt;/i&gt;").contains("&lt;script&gt;").contains("<svg")
                .as("every param with its value and source").contains("<th>greeting</th><td>hi (default)</td>")
                .doesNotContainIgnoringCase("<script").doesNotContain("src=").doesNotContain("<link")
                .doesNotContain("href=\"/").doesNotContain("http://").doesNotContain("https://");
        String[] bad = cli("report", "r1", "--format", "pdf", "--store", store);
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2]).containsIgnoringCase("expected one of [markdown, json, html]");
    }
}
