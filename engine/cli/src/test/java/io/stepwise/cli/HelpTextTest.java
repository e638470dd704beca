package io.stepwise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help reads whole: no word broken across lines; resume's help has exit codes and examples. */
class HelpTextTest {
    private static String help(String... command) {
        StringWriter out = new StringWriter();
        List<String> args = new ArrayList<>(List.of(command));
        args.add("--help");
        Main.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), args.toArray(String[]::new));
        return out.toString();
    }

    @Test
    void noHelpLineBreaksAWordOrAnOptionLabel() {
        CommandLine cl = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        List<String> broken = new ArrayList<>();
        for (String name : cl.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            for (String footer : cl.getSubcommands().get(name).getCommandSpec().usageMessage().footer()) {
                if (footer.length() > 80) {
                    broken.add(name + ": footer line longer than 80 columns (picocli wraps it anywhere): " + footer);
                }
            }
            String text = help(name);
            String[] lines = text.split("\n");
            for (int i = 0; i < lines.length && (i == 0 || lines[i].startsWith(" ")); i++) {
                // the synopsis: an option's label is never split across lines ("[--assume-done=STEP" | "[@HOST]]")
                if (lines[i].chars().filter(c -> c == '[').count() != lines[i].chars().filter(c -> c == ']').count()) {
                    broken.add(name + ": " + lines[i].strip());
                }
            }
            for (int i = 0; i + 1 < lines.length; i++) {
                String line = lines[i].stripTrailing();
                if (line.matches(".*[A-Za-z0-9][-/]") && !lines[i + 1].isBlank()) {
                    broken.add(name + ": " + line.strip() + " | " + lines[i + 1].strip());
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void resumeHelpHasExitCodesAndExamples() {
        String text = help("resume");
        assertThat(text).contains("Exit codes: 0 finished").contains("3 paused for a person")
                .contains("130 interrupted by Ctrl-C").containsPattern("Examples:\\n  stepwise resume ")
                .contains("stepwise resume RUN_ID --retry apply-dump")
                .contains("--retry").contains("--assume-done");
    }
}
