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
                "EOF\ntouch " + p + "\nEOF", "{{x}}", "a b\tc\nd", "$'\\x41'", "#(touch " + p + ")", "x;y&z|w>v<u",
                "a[$(touch " + p + ")]", "($(touch " + p + "))");
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
                new Context("a=( {{x}} \"{{x}}\" ); printf '%s\\n' \"${a[1]}\"", v -> v),
                new Context("printf '%s\\n' \"$( (true) ; printf '%s' {{x}} )\"", ShellInjectionFuzzTest::substituted),
                new Context("printf '%s\\n' \"$(cd . && (true >/dev/null); printf '%s' \"backup {{x}}\")\"",
                        v -> "backup " + substituted(v)),
                new Context("printf '%s\\n' \"$(case a in a) printf '%s' {{x}};; esac)\"", ShellInjectionFuzzTest::substituted),
                new Context("printf '%s\\n' \"$(case a in (a|b) printf '%s' {{x}};; *) ;; esac; printf '%s' {{x}})\"",
                        v -> substituted(v + v)),
                new Context("printf '%s\\n' \"$(: <(:) {{x}}; printf '%s' {{x}})\"", ShellInjectionFuzzTest::substituted),
                new Context("printf '%s\\n' \"$(if true; then (true); fi; printf '%s' {{x}})\"", ShellInjectionFuzzTest::substituted),
                new Context("printf '%s\\n' \"$( ( (true) ); f() { :; }; printf '%s' {{x}} )\"", ShellInjectionFuzzTest::substituted),
                new Context("printf '%s\\n' ${nv:-\"}\"} {{x}}", v -> "}\n" + v),
                new Context("printf '%s\\n' \"${nv:-\"}\"}\" {{x}}", v -> "}\n" + v),
                new Context("printf '%s\\n' ${nv//\"}\"/x} {{x}}", v -> v),
                new Context("printf '%s\\n' ${nv:-'}'}${nv:-\\}} {{x}}", v -> "}}\n" + v),
                new Context("v={{x}} awk 'BEGIN {printf \"%s\\n\", ENVIRON[\"v\"]}'", v -> v),
                new Context("printf '%s\\n' {{x}} | sed 's/^/>/'", v -> ">" + v.replace("\n", "\n>")),
                new Context("[[ .{{x}} == .{{x}} && -n \"{{x}}.\" ]] && printf '%s\\n' {{x}}", v -> v),
                new Context("n=1; [[ $n -eq 1 ]] && (( n == 1 )) && printf '%s\\n' {{x}}", v -> v),
                new Context("f() { local v={{x}}; export w=\"{{x}}\"; declare -r u={{x}}; printf '%s\\n' \"$v$w$u\"; }; f", v -> v + v + v),
                new Context("IFS= read -r -d '' v <<< {{x}}; printf '%s' \"$v\"", v -> v),
                new Context("f() { local -a a=( {{x}} \"{{x}}\" ); printf '%s\\n' \"${a[1]}\"; }; f", v -> v));
    }

    private static List<String> unsafeContexts() {
        return List.of("echo '{{x}}'", "echo 'value={{x}}'", "awk 'BEGIN {print \"{{x}}\"}'", "bash -c \"echo {{x}}\"",
                "sh -c 'echo {{x}}'", "bash -c {{x}}", "bash -lc \"echo {{x}}\"", "sudo -u root sh -c \"echo {{x}}\"",
                "su - app -c \"echo {{x}}\"", "/bin/sh -ec \"echo {{x}}\"", "ssh host {{x}}", "ssh host \"echo {{x}}\"",
                "eval {{x}}", "eval \"echo {{x}}\"", "cat <<EOF\n{{x}}\nEOF", "cat <<'EOF'\nv={{x}}\nEOF",
                "cat <<-EOF\n\t{{x}}\n\tEOF", "echo `echo {{x}}`", "echo \"`echo {{x}}`\"", "echo $'{{x}}'",
                "echo hi # {{x}}", "echo $(( {{x}} + 1 ))", "echo ${v:-{{x}}}", "echo \"${v:-{{x}}}\"", "echo \\{{x}}",
                "echo \"\\{{x}}\"", "echo \"$(sh -c 'echo {{x}}')\"", "xargs sh -c \"echo {{x}}\"",
                "echo \"${a:-'}\" {{x}} \"'}\"", "echo \"$((echo a); echo {{x}})\"", "echo \"$(case a b) echo {{x}})\"",
                "echo a ) {{x}}", "echo \"$( (echo '{{x}}') )\"", "echo \"$(case a in a) echo ${v:-{{x}}};; esac)\"",
                "sudo -u mysql ssh h {{x}}", "timeout 30 ssh h {{x}}", "nice -n 10 ssh h {{x}}", "sshpass -e ssh h {{x}}",
                "ssh h 2>&1 {{x}}", "ssh h \"echo $(printf %s {{x}})\"", "eval \"$(printf %s {{x}})\"", "trap \"rm -f {{x}}\" EXIT",
                "flock /tmp/lock -c \"echo {{x}}\"", "watch \"echo {{x}}\"", "watch -n 1 echo {{x}}", "sudo -s echo {{x}}",
                "sudo -iu app echo {{x}}", "sudo --login echo {{x}}", "bash <<< {{x}}", "sudo -u app bash <<< \"echo {{x}}\"",
                "runuser -l app -c \"echo {{x}}\"", "script -qc \"echo {{x}}\" /dev/null", "su app --session-command \"echo {{x}}\"",
                "su app --command=\"echo {{x}}\"", "tmux new -d \"echo {{x}}\"", "xargs -I{} timeout 5 ssh {} {{x}}",
                "mysql -e \"DELETE FROM t WHERE v={{x}}\"", "mysql -sNe \"SELECT {{x}}\"", "mysql --execute=\"SELECT {{x}}\"",
                "mysql -e\"SELECT {{x}}\"", "mariadb db -e {{x}}", "sudo -u mysql mysql -e \"SELECT {{x}}\"",
                "mysql -e \"SELECT $(printf %s {{x}})\"", "mysql <<< \"SELECT {{x}}\"", "psql -c \"SELECT {{x}}\"",
                "python3 -c \"print({{x}})\"", "perl -lne \"print {{x}}\"", "ruby -e \"puts {{x}}\"", "node -e \"console.log({{x}})\"",
                "php -r \"echo {{x}};\"", "awk \"BEGIN {print {{x}}}\"", "awk -F: \"{print \\\"{{x}}\\\"}\"",
                "gawk -e \"BEGIN{print {{x}}}\"", "sed \"s/a/{{x}}/\"", "sed -i -e \"s/a/{{x}}/\" f", "sed -ne \"s/{{x}}//p\"",
                "(( {{x}} > 1 ))", "for (( i = 0; i < {{x}}; i++ )); do :; done", "echo $[ {{x}} + 1 ]", "echo \"$[ {{x}} ]\"",
                "let n={{x}}+1", "[[ $n -gt {{x}} ]]", "[[ {{x}} -eq 1 ]]", "[[ \"{{x}}\" -ne $n ]]", "[[ -v {{x}} ]]",
                "test -v {{x}}", "[ -v {{x}} ]", "a[{{x}}]=1", "declare a[{{x}}]=1",
                "a=( ( {{x}}", "a=( x ; {{x}} )", "a=( x > f {{x}} )", "sh -c 2>/dev/null {{x}}", "bash -c >&2 \"{{x}}\"",
                "read -r {{x}}", "printf -v \"{{x}}\" %s 1", "unset {{x}}", "mapfile -t {{x}} < f", "export {{x}}=1", "local {{x}}",
                "declare -a a={{x}}", "typeset -A a=\"{{x}}\"", "local -i n={{x}}", "declare -n r={{x}}");
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

    /**
     * Commands in which the engine once read a value's place wrongly (a security review's findings): each
     * value is either refused or, run by bash, runs nothing. A fake {@code ssh} on the PATH runs its words
     * with a second bash, as the remote host would.
     */
    private static List<String> reviewedCommands() {
        return List.of("echo \"$( (echo a) ; echo {{x}} )\"", "out=\"$(cd /tmp && (ls >/dev/null); echo \"backup {{x}}\")\"",
                "echo \"$(case a in a) echo {{x}};; esac)\"", "echo \"$(cat <(echo a) {{x}})\"",
                "echo \"$(if true; then (true); fi; echo {{x}})\"", "echo ${a:-\"}\"} {{x}}", "echo ${a//\"}\"/x} {{x}}",
                "echo \"${a:-'}\" {{x}} \"'}\"", "echo \"$((echo a); echo {{x}})\"", "echo \"$(case a in a) (echo {{x}});; esac)\"",
                "timeout 30 ssh h {{x}}", "nice -n 10 ssh h {{x}}", "env ssh h {{x}}", "ssh h 2>&1 {{x}}",
                "ssh h \"echo $(printf %s {{x}})\"", "eval \"echo $(printf %s {{x}})\"", "trap \"echo {{x}}\" EXIT",
                "bash <<< {{x}}", "flock . -c \"echo {{x}}\"", "(( {{x}} ))", "echo $[ {{x}} ]", "let {{x}}",
                "[[ 1 -eq {{x}} ]]", "[[ {{x}} -eq 1 ]]", "[[ -v {{x}} ]]", "test -v {{x}}", "a[{{x}}]=1",
                "a=( ( {{x}}", "a=( x ; {{x}} )", "echo; a+=(x | {{x}})", "bash -c -v <<<x -v {{x}}", "sh -c 2>/dev/null {{x}}",
                "read a {{x}} <<< x", "printf -v {{x}} %s x", "declare -a a={{x}}", "f() { local -a a={{x}}; }; f", "declare -i n={{x}}",
                "declare -n r={{x}}; r=1");
    }

    @Test
    void theReviewedCommandsRunNothingOfAValue() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path ssh = Files.writeString(bin.resolve("ssh"), "#!/bin/bash\nshift\nexec bash -c \"$*\"\n");
        ssh.toFile().setExecutable(true);
        Host h = new Host("here", null, List.of("box"), Host.Connection.LOCAL, SshSettings.EMPTY, MysqlSettings.EMPTY,
                Map.of(), Mark.NONE);
        List<String> failures = new ArrayList<>();
        try (LocalConnector local = new LocalConnector(MysqlSettings.EMPTY, ref -> null)) {
            HostConnection conn = local.connect(h);
            for (String command : reviewedCommands()) {
                for (String value : hostileValues()) {
                    String rendered;
                    try {
                        rendered = Template.shell(command, name -> value);
                    } catch (TemplateException refused) {
                        continue;
                    }
                    String script = "cd " + Template.shellQuote(dir.toString()) + "\nPATH=" + Template.shellQuote(bin.toString())
                            + ":$PATH\n" + rendered + "\n";
                    conn.exec(script, Duration.ofSeconds(30), new OutputListener() {
                        @Override
                        public void stdout(String chunk) {
                        }

                        @Override
                        public void stderr(String chunk) {
                        }
                    });
                    if (Files.exists(pwned)) {
                        failures.add("value " + show(value) + " ran code in " + command + ": " + rendered);
                        Files.delete(pwned);
                    }
                }
            }
        } finally {
            Files.delete(ssh);
            Files.delete(bin);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void rawInsertsTheValueAsIsWherever() {
        assertThat(Template.shell("echo '{{x|raw}}' {{x|raw}}", n -> "a b")).isEqualTo("echo 'a b' a b");
    }

    /** What {@code "$(...)"} makes of a command's output: its trailing newlines removed. */
    private static String substituted(String v) {
        return v.replaceAll("\n+$", "");
    }

    private static String show(String v) {
        return "'" + v.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "'";
    }
}
