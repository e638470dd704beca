package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * An invocation that names its command gets that command's model only (start-up time); what it parses, prints and
 * refuses must be exactly what the whole command line would.
 */
class MainCommandsTest {
    private record Outcome(int exit, String out, String err) {}

    private static Outcome whole(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine(new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    private static Outcome asInvoked(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(exit, out.toString(), err.toString());
    }

    @Test
    void everyCommandIsListedUnderTheNameItDeclares() {
        CommandLine all = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertThat(all.getSubcommands().keySet()).containsExactlyElementsOf(Main.COMMANDS.keySet());
        Main.COMMANDS.forEach((name, type) -> assertThat(type.getAnnotation(CommandLine.Command.class).name())
                .as(type.getSimpleName()).isEqualTo(name));
    }

    @Test
    void aCommandsHelpAndItsRefusalsReadTheSameAsFromTheWholeCommandLine() {
        List<String[]> cases = new ArrayList<>();
        for (String name : Main.COMMANDS.keySet()) {
            cases.add(new String[] {name, "--help"});
            cases.add(new String[] {name, "--no-such-option"});
        }
        cases.add(new String[] {"operator", "add", "--help"});
        cases.add(new String[] {"run"});
        cases.add(new String[] {"rum", "x.yaml"});
        cases.add(new String[] {"--help"});
        cases.add(new String[] {"help", "resume"});
        for (String[] args : cases) {
            assertThat(asInvoked(args)).as(String.join(" ", args)).isEqualTo(whole(args));
        }
        assertThat(asInvoked("run", "--help").out()).contains("Usage: stepwise run");
        assertThat(asInvoked("rum", "x.yaml").err()).contains("Unmatched arguments from index 0: 'rum'");
    }

    @Test
    void aNamedCommandGetsOnlyItsOwnModel() {
        CommandLine one = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "status", "r1");
        assertThat(one.getSubcommands().keySet()).containsExactly("status");
        CommandLine all = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                "help", "status");
        assertThat(all.getSubcommands()).hasSize(Main.COMMANDS.size());
    }
}
