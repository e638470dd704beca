package io.stepwise.run;

import io.stepwise.text.Template;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates a step's {@code when}: {@code "{{x}} == 'v'"}, {@code "{{x}} != 'v'"} or {@code "{{x}}"}
 * (truthy: non-empty and not false/no/0).
 */
final class Conditions {
    private static final Pattern COMPARE = Pattern.compile("^\\s*(.*?)\\s*(==|!=)\\s*'([^']*)'\\s*$", Pattern.DOTALL);

    private Conditions() {
    }

    public static boolean holds(String when, Function<String, String> values) {
        if (when == null || when.isBlank()) {
            return true;
        }
        Matcher m = COMPARE.matcher(when);
        if (m.matches()) {
            String left = Template.text(m.group(1), values).trim();
            boolean equal = left.equals(m.group(3));
            return m.group(2).equals("==") == equal;
        }
        String value = Template.text(when, values).trim().toLowerCase(Locale.ROOT);
        return !(value.isEmpty() || value.equals("false") || value.equals("no") || value.equals("0"));
    }
}
