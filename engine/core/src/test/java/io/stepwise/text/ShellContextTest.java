package io.stepwise.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The place {@link ShellContext} finds for each template, command by command. */
class ShellContextTest {
    private static List<ShellContext.Kind> kinds(String command) {
        return ShellContext.places(command).stream().map(ShellContext.Place::kind).toList();
    }

    @Test
    void aParenthesisInsideACommandSubstitutionDoesNotEndIt() {
        assertThat(kinds("echo \"$( (echo a) ; echo {{x}} )\" \"{{y}}\"")).containsExactly(ShellContext.Kind.PLAIN,
                ShellContext.Kind.DOUBLE_QUOTED);
        assertThat(kinds("out=\"$(cd /tmp && (ls >/dev/null); echo \"backup {{label}}\")\"; echo {{y}}"))
                .containsExactly(ShellContext.Kind.DOUBLE_QUOTED, ShellContext.Kind.PLAIN);
        assertThat(kinds("echo \"$(cat <(echo a) {{x}})\"")).containsExactly(ShellContext.Kind.PLAIN);
        assertThat(kinds("echo \"$(if true; then (true); fi; echo {{x}})\"")).containsExactly(ShellContext.Kind.PLAIN);
        assertThat(kinds("echo \"$( ( (true) ) ) {{x}}\"")).containsExactly(ShellContext.Kind.DOUBLE_QUOTED);
        assertThat(kinds("a=( \"{{x}}\" ); f() { echo {{y}}; }; echo \"$(f)\" \"{{z}}\""))
                .containsExactly(ShellContext.Kind.DOUBLE_QUOTED, ShellContext.Kind.PLAIN, ShellContext.Kind.DOUBLE_QUOTED);
    }

    @Test
    void theParenthesisOfACasePatternDoesNotEndACommandSubstitution() {
        assertThat(kinds("echo \"$(case a in a) echo {{x}};; esac)\" \"{{y}}\"")).containsExactly(ShellContext.Kind.PLAIN,
                ShellContext.Kind.DOUBLE_QUOTED);
        assertThat(kinds("echo \"$(case {{x}} in (a|b) echo {{y}};; *) (echo {{z}}) ;; esac) {{w}}\""))
                .containsExactly(ShellContext.Kind.PLAIN, ShellContext.Kind.PLAIN, ShellContext.Kind.PLAIN,
                        ShellContext.Kind.DOUBLE_QUOTED);
        assertThat(kinds("echo \"$(case a in\n  a) case b in b) echo {{x}};; esac;;\n  esac; echo case esac {{y}})\" {{z}}"))
                .containsExactly(ShellContext.Kind.PLAIN, ShellContext.Kind.PLAIN, ShellContext.Kind.PLAIN);
        assertThat(kinds("case {{x}} in *) echo {{x}};; esac")).containsExactly(ShellContext.Kind.PLAIN, ShellContext.Kind.PLAIN);
        assertThat(kinds("echo \"$(time -p case a in a) echo {{x}};; esac; ! case b in b) :;; esac)\"")).containsExactly(ShellContext.Kind.PLAIN);
    }

    @Test
    void aQuotedWordIsNoKeyword() {
        assertThat(kinds("echo \"$(\"case\" a in b) \"{{x}}\" )\"")).containsExactly(ShellContext.Kind.PLAIN);
        assertThat(kinds("echo \"$(\\case a in b) \"{{x}}\" )\"")).containsExactly(ShellContext.Kind.PLAIN);
    }

    @Test
    void quotesInsideParameterExpansionAreRead() {
        assertThat(kinds("echo ${a:-\"}\"} {{x}}")).containsExactly(ShellContext.Kind.PLAIN);
        assertThat(kinds("echo ${a//\"}\"/x} {{x}}")).containsExactly(ShellContext.Kind.PLAIN);
        assertThat(kinds("echo ${a:-'}'} ${b:-\\}} \"${c:-\"}\"}\" {{x}}")).containsExactly(ShellContext.Kind.PLAIN);
        assertThat(kinds("echo ${a:-$(echo \"}\")} {{x}}")).containsExactly(ShellContext.Kind.PLAIN);
        assertThat(kinds("echo \"${a:-$(echo {{x}})}\"")).containsExactly(ShellContext.Kind.PARAMETER);
    }

    private static List<String> rereaders(String command) {
        return ShellContext.places(command).stream()
                .map(p -> p.kind() == ShellContext.Kind.NESTED_SHELL ? p.command() : p.kind().name()).toList();
    }

    @Test
    void aCommandThatHandsItsWordsToAShellIsFoundAnywhereInTheSimpleCommand() {
        assertThat(rereaders("sudo -u mysql ssh h {{x}}; timeout 30 /usr/bin/ssh h {{x}}; sshpass -e ssh h \"{{x}}\""))
                .containsExactly("ssh", "ssh", "ssh");
        assertThat(rereaders("ssh h uptime 2>&1 {{x}}; ssh h \"$(printf %s {{x}})\"; eval \"$(printf %s \"{{x}}\")\""))
                .containsExactly("ssh", "ssh", "eval");
        assertThat(rereaders("flock /l -c \"{{x}}\"; watch -n 1 {{x}}; trap \"{{x}}\" EXIT; nice sh -ec \"{{x}}\""))
                .containsExactly("flock -c", "watch", "trap", "sh -ec");
        assertThat(rereaders("sudo -iu app {{x}}; sudo -u app -s {{x}}; sudo --login {{x}}; bash <<< {{x}}"))
                .containsExactly("sudo -iu", "sudo -s", "sudo --login", "bash <<<");
        assertThat(rereaders("su app --command=\"{{x}}\"; su app --session-command {{x}}; script -qc {{x}} /dev/null"))
                .containsExactly("su --command=", "su --session-command", "script -qc");
        assertThat(rereaders("bash -c -v <<<case -v {{x}}; sh -c 2>/dev/null {{x}}; bash -c >&2 {{x}}"))
                .containsExactly("bash -c", "sh -c", "bash -c");
    }

    @Test
    void theFixOfANestedShellFitsTheCommand() {
        assertThat(ShellContext.places("timeout 30 ssh h {{x}}").get(0).problem()).isEqualTo("{{x}} is in text that 'ssh'"
                + " hands to another shell, which would run a quote or $(...) in the value: pass the value as an argument"
                + " instead, e.g. bash -c 'echo \"$1\"' _ {{x}}, or run the step on that host's role instead of through ssh");
        assertThat(ShellContext.places("trap \"rm -f {{x}}\" EXIT").get(0).problem()).endsWith(": set a variable first"
                + " (v={{x}}) and write \"$v\" inside single quotes, e.g. trap 'echo \"$v\"'");
    }

    @Test
    void wordsAfterTheScriptOrAnotherCommandStayPlain() {
        assertThat(kinds("echo ssh; echo {{x}}; ssh h uptime | grep {{y}}; bash -c 'echo \"$1\"' _ {{z}}"))
                .containsExactly(ShellContext.Kind.PLAIN, ShellContext.Kind.PLAIN, ShellContext.Kind.PLAIN);
        assertThat(kinds("sudo -u app printf '%s' {{x}}; sudo -u app mysql -s {{y}} < f; bash -c 'echo \"$1\"' _ \"$(printf %s {{z}})\""))
                .containsExactly(ShellContext.Kind.PLAIN, ShellContext.Kind.PLAIN, ShellContext.Kind.PLAIN);
    }

    private static List<String> programs(String command) {
        return ShellContext.places(command).stream()
                .map(p -> p.kind() == ShellContext.Kind.PROGRAM_TEXT ? p.command() : p.kind().name()).toList();
    }

    @Test
    void theProgramTextOfAnInterpreterIsRefusedEvenInDoubleQuotes() {
        assertThat(programs("mysql -e \"DELETE FROM t WHERE v={{x}}\"; mysql -sNe \"SELECT {{x}}\" db; mysql -e{{x}}"))
                .containsExactly("mysql -e", "mysql -sNe", "mysql -e");
        assertThat(programs("mariadb --execute=\"SELECT {{x}}\"; psql -c \"{{x}}\"; mysql -e \"SELECT $(printf %s {{x}})\""))
                .containsExactly("mariadb --execute=", "psql -c", "mysql -e");
        assertThat(programs("python3 -c \"print({{x}})\"; perl -lne \"{{x}}\"; ruby -e {{x}}; node -p {{x}}; php -r {{x}}"))
                .containsExactly("python3 -c", "perl -lne", "ruby -e", "node -p", "php -r");
        assertThat(programs("awk \"{print {{x}}}\"; awk -F: -v a=1 -- \"{{x}}\"; gawk -e {{x}}; sed -i \"s/a/{{x}}/\" f; sed -ne {{x}}"))
                .containsExactly("awk", "awk", "gawk -e", "sed", "sed -ne");
        assertThat(programs("mysql <<< \"SELECT {{x}}\"; python3 <<< {{x}}"))
                .containsExactly("mysql <<<", "python3 <<<");
    }

    @Test
    void argumentsAndDataOfAnInterpreterStayPlain() {
        assertThat(kinds("MYSQL_PWD={{pw}} mysql -u{{u}} -p{{pw}} -hdb{{n}} -e 'SELECT 1' {{db}}; mysql {{db}} < f"))
                .containsOnly(ShellContext.Kind.PLAIN);
        assertThat(kinds("awk -v v={{x}} '{print v}' {{file}}; awk -F{{x}} -f prog.awk {{file}}; sed -i 's/a/b/' {{file}}"))
                .containsOnly(ShellContext.Kind.PLAIN);
        assertThat(kinds("python3 -c 'import sys; print(sys.argv[1])' {{x}}; perl -e 'print $ARGV[0]' \"{{x}}\"; sed -e p {{f}}"))
                .containsExactly(ShellContext.Kind.PLAIN, ShellContext.Kind.DOUBLE_QUOTED, ShellContext.Kind.PLAIN);
        assertThat(kinds("v={{x}} awk 'BEGIN{print ENVIRON[\"v\"]}'; printf '%s\\n' {{x}} | awk '{print}'; sed p <<< {{x}}"))
                .containsOnly(ShellContext.Kind.PLAIN);
    }

    @Test
    void theFixOfSingleQuotesPassesTheValueAsData() {
        assertThat(ShellContext.places("mysql -e 'DELETE FROM t WHERE v={{x}}'").get(0).problem()).isEqualTo("{{x}} is"
                + " inside single quotes, whose text is usually code for another program (awk, mysql -e, a nested shell),"
                + " where no quoting can keep the value from running as code: pass the value as data instead: an sql:"
                + " step for SQL (values become bound parameters), an environment variable (v={{x}} awk"
                + " 'BEGIN{print ENVIRON[\"v\"]}'), an argument (python3 -c 'import sys; print(sys.argv[1])' {{x}}) or"
                + " stdin for a program that reads it as data (printf '%s\\n' {{x}} | awk '{print $1}'); only for a plain"
                + " shell word, put it outside the quotes ('value='{{x}}, it is shell-quoted for you) or inside double"
                + " quotes (\"value={{x}}\")");
        assertThat(ShellContext.places("mysql -e \"DELETE FROM t WHERE v={{x}}\"").get(0).problem()).isEqualTo("{{x}} is"
                + " in the program text that 'mysql -e' runs (SQL or a script), where a quote, ; or ) in the value would"
                + " change what runs, whatever its shell quoting: pass the value as data instead: an sql: step for SQL"
                + " (values become bound parameters), an environment variable (v={{x}} awk 'BEGIN{print ENVIRON[\"v\"]}'),"
                + " an argument (python3 -c 'import sys; print(sys.argv[1])' {{x}}) or stdin for a program that reads it"
                + " as data (printf '%s\\n' {{x}} | awk '{print $1}')");
    }

    @Test
    void bashEvaluatesArithmeticInMorePlacesThanDollarDoubleParentheses() {
        assertThat(kinds("(( {{x}} )); for (( i = {{x}}; ; )); do :; done; echo $[ {{x}} ] \"$[{{x}}]\"; let n={{x}}"))
                .containsOnly(ShellContext.Kind.ARITHMETIC).hasSize(5);
        assertThat(kinds("[[ $n -lt {{x}} && {{x}} -ge \"{{x}}\" ]]; [[ -v {{x}} ]]; test -v {{x}}; a[{{x}}]=1"))
                .containsOnly(ShellContext.Kind.ARITHMETIC).hasSize(6);
        assertThat(kinds("[[ {{x}} == b && -n {{x}} ]]; [ {{x}} -eq 1 ]; echo -v {{x}} -eq {{x}}; ((echo a) ); echo {{x}}"))
                .containsExactly(ShellContext.Kind.PLAIN, ShellContext.Kind.PLAIN, ShellContext.Kind.PLAIN,
                        ShellContext.Kind.PLAIN, ShellContext.Kind.PLAIN, ShellContext.Kind.UNCERTAIN);
    }

    @Test
    void aValueTakenAsAVariableNameIsRefused() {
        assertThat(ShellContext.places("read -r a {{x}}; printf -v {{x}} %s 1; unset {{x}}; local {{x}}=1; declare -a a={{x}};"
                + " export -n {{x}}; declare -n r={{x}}").stream().map(ShellContext.Place::command)).containsExactly(
                "a name that read assigns", "the name that printf -v assigns", "a name for unset", "a name that local declares",
                "a value of declare -a, which bash parses as an array (...) written in it",
                "a value of export -n, which is the name of a variable", "a value of declare -n, which is the name of a variable");
        assertThat(kinds("read -r -p {{x}} v <<< {{x}}; local v={{x}} w=\"{{x}}\"; export V={{x}}; printf -- {{x}}; local -a a=( {{x}} )"))
                .containsOnly(ShellContext.Kind.PLAIN, ShellContext.Kind.DOUBLE_QUOTED);
        assertThat(ShellContext.places("declare -i n={{x}}").get(0).problem()).startsWith("{{x}} is inside a value of declare -i,");
    }

    @Test
    void whatBashReadsDifferentlyByVersionOrModeIsRefused() {
        assertThat(kinds("echo {{x}} \"${a:-'}\" {{y}} \"'}\" {{z}}")).containsExactly(ShellContext.Kind.PLAIN,
                ShellContext.Kind.UNCERTAIN, ShellContext.Kind.UNCERTAIN);
        assertThat(kinds("echo \"$((echo a); echo {{x}})\"")).containsExactly(ShellContext.Kind.UNCERTAIN);
        assertThat(kinds("echo a ) {{x}}")).containsExactly(ShellContext.Kind.UNCERTAIN);
        assertThat(kinds("a=( <(echo) {{x}} ); a=( x ; {{y}} )")).containsExactly(ShellContext.Kind.PLAIN,
                ShellContext.Kind.UNCERTAIN);
        assertThat(ShellContext.places("echo \"${a:-'}'}\" {{x}}").get(0).problem())
                .isEqualTo("{{x}} comes after shell text the engine cannot read with certainty (a single quote inside"
                        + " \"${...}\", which bash reads differently by version and mode), so it cannot tell how bash"
                        + " would quote the value: set a variable before it (v={{x}}) and write \"$v\" where it was,"
                        + " or write that text another way");
    }
}
