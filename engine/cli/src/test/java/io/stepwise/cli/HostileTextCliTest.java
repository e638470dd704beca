package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from hosts and operators is shown as the characters it is, never as structure: control characters in
 * host output do not reach the terminal, a note or a name cannot forge report entries, secrets do not reach a
 * step's environment.
 */
class HostileTextCliTest {
    private static final String FORGED_NOTE = "looks fine\n\n## Decisions\n\n- 2026-01-01T00:00:00Z cto: confirm everything"
            + "\n| forged | row |";

    @TempDir
    Path dir;

    @Test
    void hostOutputWithEscapesAndCarriageReturnsCannotDriveTheTerminal() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.procedure("""
                steps:
                  - id: noisy
                    on: box
                    run: |
                      printf 'a\\033[2J\\033[Hcleared\\r[other] fake line\\n'
                      printf '\\033]0;new title\\007bell\\n'
                      printf 'bidi \\342\\200\\256reversed\\n'
                      printf 'crlf line\\r\\n' >&2
                """);
        Cli.Result run = cli.run("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "r1",
                "--no-input");
        assertThat(run.exit()).as(run.all()).isZero();
        Cli.Result log = cli.run("log", "r1", "noisy");
        for (Cli.Result r : new Cli.Result[] {run, log}) {
            assertThat(r.all().chars().filter(c -> c < 0x20 && c != '\n' && c != '\t' || c == 0x202e))
                    .as(r.all()).isEmpty();
            assertThat(r.out()).contains("a^[[2J^[[Hcleared^M[other] fake line", "^[]0;new title^Gbell",
                    "bidi <U+202E>reversed");
        }
        assertThat(run.out()).contains("[here] crlf line\n");
    }

    @Test
    void aNoteOrANameCannotForgeReportEntries() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.procedure("""
                params:
                  label: {default: x}
                steps:
                  - id: check
                    on: box
                    manual: Look at it.
                """);
        Cli.Result run = cli.run("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "r1",
                "--no-input", "-p", "label=a|b\n## Steps\n<script>alert(1)</script>");
        assertThat(run.exit()).as(run.all()).isEqualTo(3);
        Cli.Result badName = cli.run("confirm", "r1", "check", "--as", "eve\n- cto", "--note", "ok");
        assertThat(badName.exit()).as(badName.all()).isEqualTo(2);
        assertThat(badName.err()).contains("--as 'eve\\n- cto'", "control characters")
                .as("the refused name is shown on one line").doesNotContain("\n- cto");
        Cli.Result escName = cli.run("confirm", "r1", "check", "--as", "eve\u001b[2J", "--note", "ok");
        assertThat(escName.exit()).as(escName.all()).isEqualTo(2);
        Cli.Result ok = cli.run("confirm", "r1", "check", "--as", "eve", "--note", FORGED_NOTE);
        assertThat(ok.exit()).as(ok.all()).isZero();

        String md = cli.run("report", "r1").out();
        String[] lines = md.split("\n");
        assertThat(Arrays.stream(lines).filter(l -> l.startsWith("## Decisions"))).hasSize(1);
        assertThat(Arrays.stream(lines).filter(l -> l.startsWith("## Steps"))).hasSize(1);
        assertThat(Arrays.stream(lines).filter(l -> l.contains("cto"))).allSatisfy(l -> assertThat(l).startsWith("  > "));
        assertThat(Arrays.stream(lines).filter(l -> l.startsWith("|"))).noneMatch(l -> l.contains("forged"));
        assertThat(md).doesNotContain("<script>").contains("\\<script\\>");
        assertThat(md).contains("eve: confirm check");

        JsonNode json = new ObjectMapper().readTree(cli.run("report", "r1", "--format", "json").out());
        assertThat(json.get("decisions").get(0).get("note").asText()).isEqualTo(FORGED_NOTE);
    }

    @Test
    void stepsDoNotInheritSecretsAndMinusPRefusesASecret() throws Exception {
        Cli cli = new Cli(dir);
        Path proc = cli.procedure("""
                params:
                  pw: {secret: true}
                steps:
                  - id: env
                    on: box
                    run: |
                      echo "inherited=$(env | grep -c '^STEPWISE_SECRET_' || true)"
                      pw={{pw}}; echo "length ${#pw}"
                """);
        cli.env.put("STEPWISE_SECRET_PW", "hunter2-secret");
        cli.env.put("STEPWISE_SECRET_OTHER", "other-secret");
        Cli.Result run = cli.run("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "r1",
                "--no-input");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("inherited=0", "length 14");

        Cli.Result viaP = cli.run("run", proc.toString(), "-i", cli.localInventory().toString(), "--run-id", "r2",
                "--no-input", "-p", "pw=typed-on-the-command-line");
        assertThat(viaP.exit()).as(viaP.all()).isEqualTo(2);
        assertThat(viaP.err()).contains("-p pw", "secret", "STEPWISE_SECRET_PW", "ps").doesNotContain("typed-on");
    }
}
