package io.stepwise.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One evidence probe's value on one host, as shown to a person at a manual step.
 *
 * @param title the probe's title
 * @param host  the host it ran on
 * @param value what it showed (masked, capped); a probe that failed shows {@code error: ...}
 */
public record EvidenceValue(String title, String host, String value) {
    /** Longest value kept; a longer one is cut with a visible mark. */
    public static final int MAX_VALUE = 2000;
    private static final String PREFIX = "evidence.";

    public EvidenceValue {
        Objects.requireNonNull(title);
        value = value == null ? "" : value;
        if (value.length() > MAX_VALUE) {
            value = value.substring(0, MAX_VALUE) + " [... cut at " + MAX_VALUE + " characters]";
        }
    }

    /** The values as event data: {@code evidence.N.title/host/value}. */
    public static Map<String, String> toData(List<EvidenceValue> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            EvidenceValue v = values.get(i);
            out.put(PREFIX + (i + 1) + ".title", v.title());
            out.put(PREFIX + (i + 1) + ".host", v.host() == null ? "" : v.host());
            out.put(PREFIX + (i + 1) + ".value", v.value());
        }
        return out;
    }

    /** The values stored by {@link #toData} in {@code data}; empty when none. */
    public static List<EvidenceValue> fromData(Map<String, String> data) {
        List<EvidenceValue> out = new ArrayList<>();
        if (data == null) {
            return out;
        }
        for (int i = 1; data.containsKey(PREFIX + i + ".title"); i++) {
            String host = data.get(PREFIX + i + ".host");
            out.add(new EvidenceValue(data.get(PREFIX + i + ".title"), host == null || host.isEmpty() ? null : host,
                    data.get(PREFIX + i + ".value")));
        }
        return out;
    }

    /**
     * What changed from {@code seen} to {@code now}, one line per value with both sides; empty when nothing did. A
     * value {@code seen} more than once under one label is a change too: a page shows each label once, so a second
     * value is not what a person saw (it would be recorded beside the real one as seen).
     */
    public static List<String> changes(List<EvidenceValue> seen, List<EvidenceValue> now) {
        Map<String, String> before = index(seen);
        Map<String, String> after = index(now);
        List<String> out = new ArrayList<>();
        Map<String, List<String>> twice = new LinkedHashMap<>();
        seen.forEach(v -> twice.computeIfAbsent(v.label(), k -> new ArrayList<>()).add(v.value()));
        twice.forEach((label, values) -> {
            if (values.size() > 1) {
                out.add(label + ": given " + values.size() + " times (" + String.join(", ", values.stream()
                        .map(EvidenceValue::quote).toList()) + "), but it is shown once");
            }
        });
        for (var e : after.entrySet()) {
            String was = before.get(e.getKey());
            if (!Objects.equals(was, e.getValue())) {
                out.add(e.getKey() + ": you saw " + quote(was) + ", it is now " + quote(e.getValue()));
            }
        }
        for (var e : before.entrySet()) {
            if (!after.containsKey(e.getKey())) {
                out.add(e.getKey() + ": you saw " + quote(e.getValue()) + ", it is no longer shown");
            }
        }
        return out;
    }

    /** {@code title (host)}: the name a person reads beside the value. */
    public String label() {
        return host == null ? title : title + " (" + host + ")";
    }

    private static Map<String, String> index(List<EvidenceValue> values) {
        Map<String, String> m = new LinkedHashMap<>();
        values.forEach(v -> m.put(v.label(), v.value()));
        return m;
    }

    private static String quote(String v) {
        return v == null ? "nothing" : "\"" + v.strip().replace("\n", " / ") + "\"";
    }
}
