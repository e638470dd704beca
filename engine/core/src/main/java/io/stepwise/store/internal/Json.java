package io.stepwise.store.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.stepwise.store.StoreException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * String maps to and from JSON text columns ({@code {"key":"value",...}}; a value may be null).
 *
 * <p>Uses Jackson's streaming core rather than its ObjectMapper: these flat maps are all the store
 * keeps as JSON, and the ObjectMapper's first use cost about 0.1 s of every command's start-up, while a
 * {@link JsonFactory} costs next to nothing.
 */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private Json() {
    }

    static String write(Map<String, String> map) throws StoreException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : (map == null ? Map.<String, String>of() : map).entrySet()) {
                if (e.getKey() == null) {
                    throw new StoreException("cannot encode a value map as JSON: a key is null");
                }
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new StoreException("cannot encode a value map as JSON: " + e.getMessage(), e);
        }
        return out.toString();
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
