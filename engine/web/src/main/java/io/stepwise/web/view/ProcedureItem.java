package io.stepwise.web.view;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A procedure file under the console's procedures directory, validated. Its name is the directory's own (it
 * names the file in a request), shown through {@link Inert} and percent-encoded in links.
 */
public record ProcedureItem(String file, String name, String title, int steps, List<String> problems) {
    public boolean valid() {
        return problems.stream().noneMatch(p -> p.contains("error"));
    }

    public String shownFile() {
        return Inert.text(file);
    }

    /** The file's page, {@code /procedures/FILE}. */
    public String href() {
        return "/procedures/" + URLEncoder.encode(file, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
