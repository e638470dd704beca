package io.stepwise.store.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.stepwise.store.StoreException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * String maps to and from JSON text columns ({@code {"key":"value",...}}; a value may be null).
 *
 * <p>Reads with Jackson's streaming core rather than its ObjectMapper: these flat maps are all the store
 * keeps as JSON, and the ObjectMapper's first use cost about 0.1 s of every command's start-up, while a
 * {@link JsonFactory} costs next to nothing. Writes the text itself, exactly as Jackson's generator would
 * (JsonTest compares them): every event a run records writes its data, and a generator per call was most of that.
 */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Json() {
    }

    static String write(Map<String, String> map) throws StoreException {
        if (map == null || map.isEmpty()) {
            return "{}";
        }
        StringBuilder out = new StringBuilder(16 * map.size() + 2).append('{');
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey() == null) {
                throw new StoreException("cannot encode a value map as JSON: a key is null");
            }
            if (out.length() > 1) {
                out.append(',');
            }
            string(out, e.getKey());
            out.append(':');
            if (e.getValue() == null) {
                out.append("null");
            } else {
                string(out, e.getValue());
            }
        }
        return out.append('}').toString();
    }

    /**
     * A JSON string as Jackson's generator writes it: quote and backslash escaped with a backslash, the control
     * characters below U+0020 as the short escapes (b, t, n, f, r) or as u00XX (upper-case hex), everything
     * else (non-ASCII too) as it is. Written here
     * rather than with a generator per call: creating one was most of the cost of writing an event's data.
     */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        int done = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, done, i).append('\\');
            switch (c) {
                case '"', '\\' -> out.append(c);
                case '\b' -> out.append('b');
                case '\t' -> out.append('t');
                case '\n' -> out.append('n');
                case '\f' -> out.append('f');
                case '\r' -> out.append('r');
                default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
            done = i + 1;
        }
        out.append(s, done, s.length()).append('"');
    }

    /**
     * Never null: a missing map reads as empty. Unchecked ({@link CorruptStoreException}) because it runs inside
     * row mappers; the store turns it into a {@link StoreException} that names the store and what to do.
     */
    static Map<String, String> read(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        try (JsonParser p = FACTORY.createParser(json)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, json, "an object");
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                expect(v == JsonToken.VALUE_STRING || v == JsonToken.VALUE_NULL, json, "a string or null for " + key);
                map.put(key, v == JsonToken.VALUE_NULL ? null : p.getText());
            }
            expect(t == JsonToken.END_OBJECT && p.nextToken() == null, json, "the end of the object");
        } catch (IOException e) {
            throw new CorruptStoreException("corrupt JSON in run store: " + (e instanceof JsonProcessingException j
                    ? j.getOriginalMessage() : e.getMessage()) + " in " + abbreviate(json), e);
        }
        return map;
    }

    private static void expect(boolean ok, String json, String what) {
        if (!ok) {
            throw new CorruptStoreException("corrupt JSON in run store: expected " + what + " in "
                    + abbreviate(json), null);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
