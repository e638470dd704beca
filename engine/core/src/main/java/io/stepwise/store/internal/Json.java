package io.stepwise.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stepwise.store.StoreException;
import java.util.LinkedHashMap;
import java.util.Map;

/** String maps to and from JSON text columns. */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private Json() {
    }

    static String write(Map<String, String> map) throws StoreException {
        try {
            return MAPPER.writeValueAsString(map == null ? Map.of() : map);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode a value map as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Never null: a missing map reads as empty. Unchecked because it runs inside row mappers. */
    static Map<String, String> read(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON in run store: " + e.getOriginalMessage(), e);
        }
    }
}
