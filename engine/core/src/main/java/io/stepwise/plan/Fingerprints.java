package io.stepwise.plan;

import io.stepwise.model.Host;
import io.stepwise.model.Mark;
import io.stepwise.model.Step;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Step fingerprints that survive an upgrade. Version 1 hashes a canonical text of what a step does: one
 * {@code path=value} line per fact of the step's records (its id, role, needs, action, expect, ...; not its
 * title or position), its hosts (address, connection, ssh and mysql settings) and the values of the variables
 * it uses. A fact whose value is null, false, 0 or empty is left out, so a field added to a record with such
 * a default leaves every existing fingerprint as it was; give a new field a default of that kind. The
 * unversioned fingerprint of earlier Stepwise versions (the records' {@code toString()}) is still computed, when a
 * recorded fingerprint is not the current one, so that runs recorded then resume without a false "procedure changed".
 */
final class Fingerprints {
    /** The current version, the prefix of every fingerprint it makes ({@code 1:…}). */
    public static final String VERSION = "1";

    private Fingerprints() {
    }

    /** The canonical text of a step on its hosts; {@code values}: host name → variable → value. */
    static String canonical(Step step, List<Host> hosts, Map<String, Map<String, String>> values) {
        StringBuilder sb = new StringBuilder("fingerprint=" + VERSION + "\n");
        write(sb, "step", step);
        for (Host h : hosts) {
            String at = "host." + h.name();
            line(sb, at, h.address() == null ? "-" : h.address());
            write(sb, at + ".connection", h.connection());
            write(sb, at + ".ssh", h.ssh());
            write(sb, at + ".mysql", h.mysql());
            values.getOrDefault(h.name(), Map.of()).forEach((k, v) -> line(sb, at + ".value." + k, v));
        }
        return sb.toString();
    }

    /** {@code VERSION:SHA-256} of the canonical text. */
    static String of(String canonical) {
        return VERSION + ":" + sha256(canonical);
    }

    /** The fingerprint before versions: SHA-256 of the records' text, kept for runs recorded then. */
    static String legacy(Step step, List<Host> hosts, String settings) {
        StringBuilder text = new StringBuilder();
        text.append(new Step(step.id(), step.title(), step.on(), step.needs(), step.when(), step.optional(),
                step.capture(), step.expect(), step.timeout(), step.retries(), step.retryDelay(), step.idempotent(),
                step.parallel(), step.verify(), step.action(), Mark.NONE));
        for (Host h : hosts) {
            text.append('\n').append(h.name()).append('@').append(h.address());
        }
        return sha256(text.append(settings).toString());
    }

    private static void write(StringBuilder sb, String path, Object v) {
        if (v == null || Boolean.FALSE.equals(v) || v instanceof Mark || v instanceof Number n && n.longValue() == 0
                || v instanceof Collection<?> c && c.isEmpty() || v instanceof Map<?, ?> m && m.isEmpty()) {
            return;
        }
        if (v instanceof Record r) {
            line(sb, path, r.getClass().getSimpleName());
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                if (!(r instanceof Step && c.getName().equals("title"))) {
                    write(sb, path + "." + c.getName(), get(c, r));
                }
            }
        } else if (v instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                write(sb, path + "." + i++, e);
            }
        } else if (v instanceof Map<?, ?> m) {
            new TreeMap<>(m).forEach((k, e) -> write(sb, path + "." + k, e));
        } else if (v instanceof Enum<?> e) {
            line(sb, path, e.name());
        } else {
            line(sb, path, String.valueOf(v));
        }
    }

    private static Object get(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName() + " of " + r.getClass().getSimpleName(), e);
        }
    }

    private static void line(StringBuilder sb, String path, String value) {
        sb.append(path).append('=').append(value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r"))
                .append('\n');
    }

    private static String sha256(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
