package io.stepwise.view;

import io.stepwise.text.Template;
import java.io.PrintWriter;
import java.util.Map;

/** What the operator sees; every line passes through secret masking. Safe from several threads. */
public final class Screen {
    private final PrintWriter out;
    private final Map<String, String> secrets;

    public Screen(PrintWriter out, Map<String, String> secrets) {
        this.out = out;
        this.secrets = secrets;
    }

    public synchronized void line(String text) {
        out.println(Template.mask(text, secrets));
        out.flush();
    }

    public String mask(String text) {
        return Template.mask(text, secrets);
    }

    public Map<String, String> secrets() {
        return secrets;
    }
}
