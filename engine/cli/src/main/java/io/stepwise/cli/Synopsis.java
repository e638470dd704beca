package io.stepwise.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The usage line of every command, wrapped at spaces only: picocli's own wrapping may split an option's label
 * ({@code [--assume-done=STEP} | {@code [@HOST]]...}), which reads as two options.
 */
final class Synopsis implements CommandLine.IHelpSectionRenderer {
    private static final int UNWRAPPED = 10_000;

    /** Installs this renderer on {@code cl} and all its subcommands. */
    static void install(CommandLine cl) {
        cl.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_SYNOPSIS, new Synopsis());
        cl.getSubcommands().values().forEach(Synopsis::install);
    }

    @Override
    public String render(CommandLine.Help help) {
        UsageMessageSpec usage = help.commandSpec().usageMessage();
        int width = usage.width();
        String line;
        try {
            usage.width(UNWRAPPED);
            line = help.synopsis(0).strip();
        } finally {
            usage.width(width);
        }
        int indent = "Usage: ".length() + help.commandSpec().qualifiedName().length() + 1;
        StringBuilder out = new StringBuilder();
        int col = "Usage: ".length();
        for (String word : line.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (col + word.length() + 1 > width && col > indent) {
                out.append('\n').append(" ".repeat(indent));
                col = indent;
            } else if (out.length() > 0) {
                out.append(' ');
                col++;
            }
            out.append(word);
            col += word.length();
        }
        return out.append('\n').toString();
    }
}
