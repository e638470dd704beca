package io.stepwise.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.model.Notify;
import io.stepwise.text.Escape;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One notification as sent: a Slack-compatible {@code text} line and the facts as fields.
 *
 * @param event   what happened
 * @param runId   the run
 * @param step    the step, or null for run events
 * @param host    the host, or null
 * @param text    the line a person reads (secrets already masked), kept to one line: a note or a host's output
 *                in it has its line breaks folded to {@code ⏎} and its control characters made visible
 *                ({@link Escape#oneLine}), so it cannot add a line that reads like another message
 * @param link    the console's page of the run, or null
 */
record Message(Notify.Event event, String runId, String procedure, String cluster, String step, String host,
                      String text, String link, Instant at) {
    private static final ObjectMapper JSON = new ObjectMapper();

    Message {
        text = Escape.oneLine(text);
    }

    /** The JSON body of a webhook, also given to the command on stdin. */
    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", slack(text));
        m.put("event", event.yamlName());
        m.put("run", runId);
        m.put("procedure", procedure);
        m.put("cluster", cluster);
        m.put("step", step);
        m.put("host", host);
        m.put("link", link);
        m.put("at", at.toString());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }

    /**
     * The text as Slack's mrkdwn needs it: {@code &}, {@code <} and {@code >} as entities, so a value (a step's
     * output, a note) cannot mention {@code <!channel>} or forge a {@code <url|link>}.
     */
    static String slack(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The variables the command gets: STEPWISE_EVENT, _RUN, _STEP, _HOST, _TEXT, _LINK. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("STEPWISE_EVENT", event.yamlName());
        env.put("STEPWISE_RUN", runId);
        env.put("STEPWISE_STEP", step == null ? "" : step);
        env.put("STEPWISE_HOST", host == null ? "" : host);
        env.put("STEPWISE_TEXT", text);
        env.put("STEPWISE_LINK", link == null ? "" : link);
        return env;
    }
}
