package io.stepwise.store.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Step output in the {@code outputs} table, capped per step on a host (all attempts together) at a
 * number of UTF-8 bytes. Past the cap, output is dropped and a visible mark is stored once.
 */
final class OutputLog {
    private final long cap;

    OutputLog(long cap) {
        this.cap = cap;
    }

    static String mark(long cap) {
        return "\n[stepwise: output truncated after " + cap + " bytes]\n";
    }

    /** Runs inside the caller's transaction, after the run's row is locked. */
    void append(Handle h, String runId, String stepId, String host, int attempt, String stream, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        List<Long> used = h.createQuery("SELECT COALESCE(SUM(bytes), 0), COALESCE(MAX(truncated), 0) FROM outputs"
                        + " WHERE run_id = :run AND step_id = :step AND host = :host")
                .bind("run", runId).bind("step", stepId).bind("host", host)
                .map((rs, ctx) -> List.of(rs.getLong(1), rs.getLong(2))).one();
        if (used.get(1) != 0) {
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        long room = cap - used.get(0);
        if (bytes.length <= room) {
            insert(h, runId, stepId, host, attempt, stream, text, bytes.length, false);
            return;
        }
        int cut = (int) Math.max(0, room);
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) {
            cut--;
        }
        if (cut > 0) {
            insert(h, runId, stepId, host, attempt, stream, new String(bytes, 0, cut, StandardCharsets.UTF_8), cut,
                    false);
        }
        insert(h, runId, stepId, host, attempt, "stepwise", mark(cap), 0, true);
    }

    private static void insert(Handle h, String runId, String stepId, String host, int attempt, String stream,
                               String content, long bytes, boolean truncated) {
        h.createUpdate("INSERT INTO outputs (run_id, step_id, host, attempt, stream, content, bytes, truncated)"
                        + " VALUES (:run, :step, :host, :attempt, :stream, :content, :bytes, :truncated)")
                .bind("run", runId).bind("step", stepId).bind("host", host).bind("attempt", attempt)
                .bind("stream", stream).bind("content", content).bind("bytes", bytes)
                .bind("truncated", truncated ? 1 : 0).execute();
    }

    /** The output of every attempt, oldest first; with more than one attempt each starts with a heading line. */
    static String read(Handle h, String runId, String stepId, String host) {
        List<Map.Entry<Integer, String>> rows = h.createQuery("SELECT attempt, content FROM outputs WHERE run_id = :run"
                        + " AND step_id = :step AND host = :host ORDER BY attempt, id")
                .bind("run", runId).bind("step", stepId).bind("host", host)
                .map((rs, ctx) -> Map.entry(rs.getInt("attempt"), rs.getString("content"))).list();
        return joined(rows);
    }

    /** {@link #read} for every step and host of a run at once (one query): step → host → output. */
    static Map<String, Map<String, String>> readAll(Handle h, String runId) {
        record Chunk(String step, String host, Map.Entry<Integer, String> attempt) {
        }
        Map<String, Map<String, List<Map.Entry<Integer, String>>>> rows = new java.util.LinkedHashMap<>();
        for (Chunk c : h.createQuery("SELECT step_id, host, attempt, content FROM outputs WHERE run_id = :run"
                        + " ORDER BY step_id, host, attempt, id")
                .bind("run", runId)
                .map((rs, ctx) -> new Chunk(rs.getString("step_id"), rs.getString("host"),
                        Map.entry(rs.getInt("attempt"), rs.getString("content")))).list()) {
            rows.computeIfAbsent(c.step(), k -> new java.util.LinkedHashMap<>())
                    .computeIfAbsent(c.host(), k -> new java.util.ArrayList<>()).add(c.attempt());
        }
        Map<String, Map<String, String>> out = new java.util.LinkedHashMap<>();
        rows.forEach((step, byHost) -> byHost.forEach((host, chunks) ->
                out.computeIfAbsent(step, k -> new java.util.LinkedHashMap<>()).put(host, joined(chunks))));
        return out;
    }

    private static String joined(List<Map.Entry<Integer, String>> rows) {
        boolean several = rows.stream().map(Map.Entry::getKey).distinct().count() > 1;
        StringBuilder out = new StringBuilder();
        Integer last = null;
        for (Map.Entry<Integer, String> row : rows) {
            if (several && !row.getKey().equals(last)) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                    out.append('\n');
                }
                out.append("-- attempt ").append(row.getKey()).append(" --\n");
                last = row.getKey();
            }
            out.append(row.getValue());
        }
        return out.toString();
    }
}
