package io.stepwise.run;

import io.stepwise.plan.Template;
import io.stepwise.text.Escape;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What the operator sees; every line passes through secret masking, then control characters are made visible
 * ({@link Escape#terminal}) so that host output cannot move the cursor, clear the screen or fake a prefix.
 * Safe from several threads.
 */
public final class Screen {
    private final PrintWriter out;
    private final Map<String, String> secrets;

    public Screen(PrintWriter out, Map<String, String> secrets) {
        this.out = out;
        this.secrets = secrets;
    }

    public synchronized void line(String text) {
        String masked = Template.mask(text, secrets);
        out.println(Escape.terminal(masked != null && masked.endsWith("\r") ? masked.substring(0, masked.length() - 1)
                : masked));
        out.flush();
    }

    public String mask(String text) {
        return Template.mask(text, secrets);
    }

    public Map<String, String> secrets() {
        return secrets;
    }
}
