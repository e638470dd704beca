package io.stepwise.view;

import io.stepwise.store.RunEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report's view of notification deliveries (NOTIFIED events). */
final class Deliveries {
    private Deliveries() {
    }

    static String markdown(List<RunEvent> events) {
        StringBuilder md = new StringBuilder();
        for (RunEvent e : events) {
            if (e.type() == RunEvent.EventType.NOTIFIED && e.data() != null) {
                Map<String, String> d = e.data();
                md.append("- ").append(e.at()).append(' ').append(Report.inline(d.get("event"))).append(" → ")
                        .append(Report.inline(d.get("target"))).append(": ")
                        .append("true".equals(d.get("delivered")) ? "delivered" : "**not delivered**")
                        .append(" after ").append(d.get("attempts")).append(" attempt(s)")
                        .append(e.note() == null ? "" : " (" + Report.inline(e.note()) + ")").append('\n');
            }
        }
        return md.length() == 0 ? "" : "\n## Notifications\n\n" + md;
    }

    static List<Map<String, Object>> json(List<RunEvent> events) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RunEvent e : events) {
            if (e.type() == RunEvent.EventType.NOTIFIED && e.data() != null) {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("at", e.at().toString());
                d.put("event", e.data().get("event"));
                d.put("target", e.data().get("target"));
                d.put("delivered", "true".equals(e.data().get("delivered")));
                d.put("attempts", e.data().get("attempts"));
                d.put("detail", e.note());
                out.add(d);
            }
        }
        return out;
    }
}
