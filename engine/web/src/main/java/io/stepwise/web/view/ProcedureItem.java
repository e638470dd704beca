package io.stepwise.web.view;

import java.util.List;

/** A procedure file under the console's procedures directory, validated. */
public record ProcedureItem(String file, String name, String title, int steps, List<String> problems) {
    public boolean valid() {
        return problems.stream().noneMatch(p -> p.contains("error"));
    }
}
