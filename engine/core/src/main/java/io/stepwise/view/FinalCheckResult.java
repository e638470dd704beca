package io.stepwise.view;

import io.stepwise.store.RunEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A postcondition's or state probe's latest result in a run's history (a resume checks them again).
 *
 * @param kind   {@code postconditions} or {@code state}
 * @param values captured values by name; a state probe without captures has its output under {@code ""}
 * @param note   why it failed; null when it held
 */
public record FinalCheckResult(String kind, String id, String title, String host, boolean ok, String note,
                               Map<String, String> values) {
    /** Prefix of a captured value's key in a POSTCONDITION event's data ({@code value.NAME}; {@code value}: output). */
    public static final String VALUE = "value";

    /** The latest result per check and host, in the order they were first recorded. */
    public static List<FinalCheckResult> latest(List<RunEvent> events) {
        Map<String, FinalCheckResult> out = new LinkedHashMap<>();
        for (RunEvent e : events) {
            if (e.type() != RunEvent.EventType.POSTCONDITION) {
                continue;
            }
            Map<String, String> d = e.data();
            Map<String, String> values = new LinkedHashMap<>();
            d.forEach((k, v) -> {
                if (k.equals(VALUE)) {
                    values.put("", v);
                } else if (k.startsWith(VALUE + ".")) {
                    values.put(k.substring(VALUE.length() + 1), v);
                }
            });
            FinalCheckResult r = new FinalCheckResult(d.get("kind"), d.get("id"), d.get("title"), d.get("host"),
                    "true".equals(d.get("ok")), e.note(), Map.copyOf(values));
            out.remove(r.key());
            out.put(r.key(), r);
        }
        return List.copyOf(out.values());
    }

    /** {@code ID@HOST}. */
    public String key() {
        return id + "@" + host;
    }
}
