package io.stepwise.cli.dist;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine;

/** One command's man page in roff (man(7) macros), from its picocli model. */
final class ManPage {
    private ManPage() {
    }

    /** {@code stepwise.1}, {@code stepwise-run.1}, {@code stepwise-operator-add.1}. */
    static String fileName(CommandSpec spec) {
        return spec.qualifiedName("-") + ".1";
    }

    static String render(CommandSpec spec, String version) {
        StringBuilder r = new StringBuilder();
        String name = spec.qualifiedName("-");
        r.append(".TH ").append(quoted(name.toUpperCase(Locale.ROOT))).append(" 1 \"\" ")
                .append(quoted("stepwise " + version)).append(" \"Stepwise Manual\"\n");
        r.append(".SH NAME\n").append(escape(name)).append(" \\- ").append(escape(summary(spec))).append('\n');
        r.append(".SH SYNOPSIS\n.nf\n");
        CommandLine.Help help = new CommandLine.Help(spec, new CommandLine.Help.ColorScheme.Builder(CommandLine.Help.Ansi.OFF).build());
        for (String line : help.synopsis(0).strip().split("\n")) {
            r.append(escape(line.strip())).append('\n');
        }
        r.append(".fi\n");
        r.append(".SH DESCRIPTION\n").append(paragraphs(spec.usageMessage().description())).append('\n');
        if (!spec.subcommands().isEmpty()) {
            r.append(".SH COMMANDS\n");
            for (CommandLine sub : spec.subcommands().values().stream().distinct().toList()) {
                if (sub.getCommandName().equals("help")) {
                    continue;
                }
                r.append(".TP\n\\fB").append(escape(sub.getCommandName())).append("\\fR\n")
                        .append(escape(summary(sub.getCommandSpec()))).append(" See \\fB")
                        .append(escape(sub.getCommandSpec().qualifiedName("-"))).append("\\fR(1).\n");
            }
        }
        List<PositionalParamSpec> params = spec.positionalParameters();
        if (!params.isEmpty()) {
            r.append(".SH ARGUMENTS\n");
            for (PositionalParamSpec p : params) {
                r.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n")
                        .append(paragraphs(p.description())).append('\n');
            }
        }
        if (!spec.options().isEmpty()) {
            r.append(".SH OPTIONS\n");
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) {
                    continue;
                }
                r.append(".TP\n").append(optionNames(o)).append('\n').append(paragraphs(o.description())).append('\n');
            }
        }
        String[] footer = spec.usageMessage().footer();
        if (footer.length > 0) {
            r.append(".SH NOTES\n.nf\n");
            for (String line : text(footer).strip().split("\n")) {
                r.append(escape(line)).append('\n');
            }
            r.append(".fi\n");
        }
        r.append(".SH SEE ALSO\n");
        r.append(spec.parent() == null ? "The docs/ directory of the installed archive or of the source tree" : "\\fBstepwise\\fR(1)").append('\n');
        return r.toString();
    }

    private static String optionNames(OptionSpec o) {
        List<String> names = new ArrayList<>();
        for (String n : o.names()) {
            names.add("\\fB" + escape(n) + "\\fR");
        }
        String s = String.join(", ", names);
        if (o.arity().max() > 0) {
            s += "=\\fI" + escape(o.paramLabel()) + "\\fR";
        }
        return s;
    }

    private static String summary(CommandSpec spec) {
        String d = text(spec.usageMessage().description()).strip();
        int dot = d.indexOf(". ");
        String first = (dot > 0 ? d.substring(0, dot + 1) : d).replace('\n', ' ');
        return first.isEmpty() ? spec.name() : first;
    }

    private static String paragraphs(String[] lines) {
        StringBuilder out = new StringBuilder();
        for (String para : text(lines).strip().split("\n\\s*\n")) {
            if (out.length() > 0) {
                out.append("\n.PP\n");
            }
            out.append(escape(para.strip()));
        }
        return out.toString();
    }

    /** picocli's format: {@code %n} is a line break, {@code %%} a percent sign. */
    private static String text(String[] lines) {
        return String.join("\n", lines).replace("%n", "\n").replace("%%", "%");
    }

    /** Roff-escaped text: backslashes, hyphens, and lines that would start with a control character. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (String line : s.split("\n", -1)) {
            if (out.length() > 0) {
                out.append('\n');
            }
            String e = line.replace("\\", "\\e").replace("-", "\\-");
            if (e.startsWith(".") || e.startsWith("'")) {
                e = "\\&" + e;
            }
            out.append(e);
        }
        return out.toString();
    }

    private static String quoted(String s) {
        return "\"" + escape(s).replace("\"", "\\(dq") + "\"";
    }
}
