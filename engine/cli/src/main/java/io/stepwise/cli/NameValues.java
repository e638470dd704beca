package io.stepwise.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code NAME=VALUE} options ({@code -p}, {@code --set}): each name once, with an {@code =}. */
final class NameValues {
    private NameValues() {
    }

    /** The values by name, in the order given; a missing {@code =} or a name given twice is bad input. */
    static Map<String, String> parse(String option, List<String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String g : given) {
            int eq = g.indexOf('=');
            if (eq <= 0) {
                throw new UserError(ExitCode.BAD_INPUT, option + " " + g + ": write " + option + " NAME=VALUE (e.g. "
                        + option + " database=xopdb)");
            }
            String name = g.substring(0, eq);
            String value = g.substring(eq + 1);
            String before = out.putIfAbsent(name, value);
            if (before != null) {
                throw new UserError(ExitCode.BAD_INPUT, option + " " + name + " is given twice ('" + before + "' and '"
                        + value + "'): give each name once");
            }
        }
        return out;
    }
}
