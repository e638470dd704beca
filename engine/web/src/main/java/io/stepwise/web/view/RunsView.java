package io.stepwise.web.view;

import java.util.List;

/** The runs page: the runs that pass the filter (waiting for a person first, then failed or interrupted, then running) and the filter's choices. */
public record RunsView(List<RunRow> runs, List<String> states, List<String> clusters, String state, String cluster,
                       int total) {
    /** The query string that repeats this filter (for the live table). */
    public String query() {
        return "state=" + java.net.URLEncoder.encode(state == null ? "" : state, java.nio.charset.StandardCharsets.UTF_8)
                + "&cluster=" + java.net.URLEncoder.encode(cluster == null ? "" : cluster,
                java.nio.charset.StandardCharsets.UTF_8);
    }
}
