package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret with quotes, a backslash, a dollar and spaces, shown by commands the way shells and SQL tools
 * render it (xtrace's single-quoting, SQL's '' and backslash escaping): masked on the screen, in the store
 * file, in {@code stepwise log} and in the report.
 */
class SecretRenderingsCliTest {
    static final String SECRET = "it's \"Sec\" \\ $HOME x9-Kq";

    @TempDir
    Path dir;

    @Test
    void everyRenderingOfASecretIsMasked() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.procedure("""
                params:
                  pw: {secret: true}
                steps:
                  - id: xtrace
                    on: box
                    run: |
                      set -x
                      true --password={{pw}}
                  - id: sql-doubled
                    on: box
                    run: |
                      printf '%s\\n' {{pw}} | sed "s/'/''/g"
                  - id: sql-backslashed
                    on: box
                    run: |
                      printf '%s\\n' {{pw}} | sed 's/[\\"'"'"']/\\\\&/g'
                  - id: fails
                    on: box
                    run: |
                      printf "error near '%s'\\n" "$(printf '%s' {{pw}} | sed "s/'/''/g")" >&2; exit 1
                """);
        Path inv = cli.localInventory();
        cli.env.put("STEPWISE_SECRET_PW", SECRET);
        Cli.Result run = cli.run("run", proc.toString(), "-i", inv.toString(), "--run-id", "r1", "--no-input");
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        List<String> renderings = List.of(SECRET, "it'\\''s \"Sec\" \\ $HOME x9-Kq", "it''s \"Sec\" \\ $HOME x9-Kq",
                "it\\'s \\\"Sec\\\" \\\\ $HOME x9-Kq");
        StringBuilder seen = new StringBuilder(run.all());
        for (String step : List.of("xtrace", "sql-doubled", "sql-backslashed", "fails")) {
            Cli.Result log = cli.run("log", "r1", step);
            assertThat(log.exit()).as(log.all()).isZero();
            assertThat(log.out()).as(step).contains("****");
            seen.append(log.all());
        }
        seen.append(cli.run("report", "r1").all()).append(cli.run("report", "r1", "--format", "json").all());
        for (String r : renderings) {
            assertThat(seen.toString()).as("rendering " + r).doesNotContain(r).doesNotContain("x9-Kq");
        }
        assertThat(run.out()).contains("--password=****");
        for (Path p : Files.list(dir).filter(p -> p.getFileName().toString().startsWith("runs.db")).toList()) {
            String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            assertThat(bytes).as(p.toString()).doesNotContain("x9-Kq");
        }
    }
}
