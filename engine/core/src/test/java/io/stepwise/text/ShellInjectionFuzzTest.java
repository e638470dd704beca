package io.stepwise.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.model.Host;
import io.stepwise.model.Mark;
import io.stepwise.model.MysqlSettings;
import io.stepwise.model.SshSettings;
import io.stepwise.transport.ExecResult;
import io.stepwise.transport.HostConnection;
import io.stepwise.transport.OutputListener;
import io.stepwise.transport.local.LocalConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile values in every quoting context a template can take in a shell command, executed by bash: in a
 * safe context the command sees exactly the value and nothing of it runs; an unsafe context is refused
 * before anything runs.
 */
class ShellInjectionFuzzTest {
    private Path dir;
    private Path pwned;

    /** A template context and the text it prints for a value (null: refused). */
    private record Context(String command, java.util.function.UnaryOperator<String> expected) {
    }

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory("sw-fuzz");
        pwned = dir.resolve("pwned");
    }

    @AfterEach
    void tearDown() throws Exception {
        Files.deleteIfExists(pwned);
        Files.deleteIfExists(dir);
    }

    private List<String> hostileValues() {
        String p = pwned.toString();
        return List.of("$(touch " + p + ")", "`touch " + p + "`", "'; touch " + p + "; '", "\"; touch " + p + "; \"",
                "\ntouch " + p + "\n", "; touch " + p, "& touch " + p, "| touch " + p, "'$(touch " + p + ")'",
                "\"$(touch " + p + ")\"", "\\\"$(touch " + p + ")\\\"", "\\$(touch " + p + ")", "\\", "a\\", "'", "\"",
                "'\"'\"'$(touch " + p + ")'\"'\"'", "*", "/*", "-n", "--help", "$HOME", "${IFS}touch${IFS}" + p, "!!", "~",
                " lead and trail ", "", "${x:-$(touch " + p + ")}", "$((1+1))", "é✓ ünï", "tab\there", "cr\rhere", ")",
                "EOF\ntouch " + p + "\nEOF", "{{x}}", "a b\tc\nd", "$'\\x41'", "#(touch " + p + ")", "x;y&z|w>v<u");
    }

    private static List<Context> safeContexts() {
        return List.of(
                new Context("printf '%s\\n' {{x}}", v -> v),
                new Context("printf '%s\\n' \"{{x}}\"", v -> v),
                new Context("printf '%s\\n' \"v={{x}}.\"", v -> "v=" + v + "."),
                new Context("printf '%s\\n' pre{{x}}post", v -> "pre" + v + "post"),
                new Context("v={{x}}; printf '%s\\n' \"$v\"", v -> v),
                new Context("export V={{x}}; printf '%s\\n' \"$V\"", v -> v),
                new Context("printf '%s\\n' \"$(printf '%s.' {{x}})\"", v -> v + "."),
                new Context("printf '%s\\n' \"$(printf '%s.' \"{{x}}\")\"", v -> v + "."),
                new Context("printf '%s\\n' \"[$(printf '%s' \"<$(printf '%s' {{x}}).\")]\"", v -> "[<" + v.replaceAll("\n+$", "") + ".]"),
                new Context("case {{x}} in *) printf '%s\\n' {{x}};; esac", v -> v),
                new Context("if true; then printf '%s\\n' {{x}}; fi", v -> v),
                new Context("printf '%s\\n' {{x}} | cat", v -> v),
                new Context("bash -c 'printf \"%s\\n\" \"$1\"' _ {{x}}", v -> v),
                new Context("cat <<< {{x}}", v -> v),
                new Context("echo \"[{{x}}]\"", v -> "[" + v + "]"),
                new Context("printf '%s\\n' \"$(printf '%s\\n' \"{{x}}\" | cat).\" # a comment", v -> v.replaceAll("\n+$", "") + "."),
                new Context("a=( {{x}} \"{{x}}\" ); printf '%s\\n' \"${a[1]}\"", v -> v));
    }

    private static List<String> unsafeContexts() {
        return List.of("echo '{{x}}'", "echo 'value={{x}}'", "awk 'BEGIN {print \"{{x}}\"}'", "bash -c \"echo {{x}}\"",
                "sh -c 'echo {{x}}'", "bash -c {{x}}", "bash -lc \"echo {{x}}\"", "sudo -u root sh -c \"echo {{x}}\"",
                "su - app -c \"echo {{x}}\"", "/bin/sh -ec \"echo {{x}}\"", "ssh host {{x}}", "ssh host \"echo {{x}}\"",
                "eval {{x}}", "eval \"echo {{x}}\"", "cat <<EOF\n{{x}}\nEOF", "cat <<'EOF'\nv={{x}}\nEOF",
                "cat <<-EOF\n\t{{x}}\n\tEOF", "echo `echo {{x}}`", "echo \"`echo {{x}}`\"", "echo $'{{x}}'",
                "echo hi # {{x}}", "echo $(( {{x}} + 1 ))", "echo ${v:-{{x}}}", "echo \"${v:-{{x}}}\"", "echo \\{{x}}",
                "echo \"\\{{x}}\"", "echo \"$(sh -c 'echo {{x}}')\"", "xargs sh -c \"echo {{x}}\"");
    }

    @Test
    void aHostileValueInEverySafeContextIsPrintedAsIsAndNothingOfItRuns() throws Exception {
        Host h = new Host("here", null, List.of("box"), Host.Connection.LOCAL, SshSettings.EMPTY, MysqlSettings.EMPTY,
                Map.of(), Mark.NONE);
        List<String> failures = new ArrayList<>();
        try (LocalConnector local = new LocalConnector(MysqlSettings.EMPTY, ref -> null)) {
            HostConnection conn = local.connect(h);
            for (String value : hostileValues()) {
                StringBuilder script = new StringBuilder("cd " + Template.shellQuote(dir.toString()) + "\n");
                StringBuilder expected = new StringBuilder();
                int n = 0;
                for (Context c : safeContexts()) {
                    script.append("printf '@@%d@@\\n' ").append(n).append('\n');
                    script.append(Template.shell(c.command(), name -> value)).append('\n');
                    expected.append("@@").append(n++).append("@@\n").append(c.expected().apply(value)).append('\n');
                }
                StringBuilder out = new StringBuilder();
                StringBuilder err = new StringBuilder();
                ExecResult r = conn.exec(script.toString(), Duration.ofSeconds(30), new OutputListener() {
                    @Override
                    public void stdout(String chunk) {
                        out.append(chunk);
                    }

                    @Override
                    public void stderr(String chunk) {
                        err.append(chunk);
                    }
                });
                if (Files.exists(pwned)) {
                    failures.add("value " + show(value) + " ran code: " + pwned + " was created by\n" + script);
                    Files.delete(pwned);
                } else if (r.exitCode() != 0 || !out.toString().equals(expected.toString())) {
                    failures.add("value " + show(value) + ": exit " + r.exitCode() + ", stderr " + err
                            + "\nexpected:\n" + expected + "\nactual:\n" + out + "\nscript:\n" + script);
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(hostileValues().size() * safeContexts().size()).isGreaterThan(500);
    }

    @Test
    void everyUnsafeContextIsRefusedWithTheFix() {
        for (String context : unsafeContexts()) {
            assertThatThrownBy(() -> Template.shell(context, name -> "$(touch " + pwned + ")"))
                    .as(context).isInstanceOf(TemplateException.class).hasMessageContaining("{{x}}")
                    .hasMessageMatching("(?s).*(: put it|: pass the value|: set a variable|: write|: remove|instead).*");
            assertThat(ShellContext.places(context)).as(context).allSatisfy(p -> assertThat(p.kind().safe()).isFalse());
        }
    }

    @Test
    void rawInsertsTheValueAsIsWherever() {
        assertThat(Template.shell("echo '{{x|raw}}' {{x|raw}}", n -> "a b")).isEqualTo("echo 'a b' a b");
    }

    private static String show(String v) {
        return "'" + v.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'";
    }
}
