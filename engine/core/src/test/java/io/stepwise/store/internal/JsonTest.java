package io.stepwise.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The store's JSON codec reads what Jackson wrote into older stores, and Jackson reads what it writes. */
class JsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {
    };

    private static Map<String, String> tricky() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("plain", "bin.000042");
        m.put("quotes \"and\" \\backslashes\\", "a/b 'single'");
        m.put("controls", "line1\nline2\r\ttab\b\f\u0001\u001f end");
        m.put("unicode", "ünïcode ✓ € 😀 \u2028");
        m.put("empty", "");
        m.put("nothing", null);
        return m;
    }

    @Test
    void roundTripsInOrderAndAgreesWithJackson() throws Exception {
        Map<String, String> m = tricky();
        String ours = Json.write(m);
        assertThat(Json.read(ours)).containsExactlyEntriesOf(m);
        assertThat(JACKSON.readValue(ours, MAP)).containsExactlyEntriesOf(m);
        assertThat(Json.read(JACKSON.writeValueAsString(m))).containsExactlyEntriesOf(m);
        assertThat(Json.read(" { \"a\" : \"\\u00fc\\/\" , \"b\":null } ")).containsEntry("a", "ü/").containsEntry("b", null);
    }

    @Test
    void emptyAndMissingMaps() throws Exception {
        assertThat(Json.write(null)).isEqualTo("{}");
        assertThat(Json.write(Map.of())).isEqualTo("{}");
        assertThat(Json.read("{}")).isEmpty();
        assertThat(Json.read(null)).isEmpty();
        assertThat(Json.read("")).isEmpty();
    }

    @Test
    void corruptTextIsAClearError() {
        for (String bad : new String[] {"{", "{\"a\"}", "{\"a\":1}", "{\"a\":\"x}", "{\"a\":\"\\q\"}", "[]",
                "{\"a\":\"x\"} trailing", "{\"a\":\"\\u12\"}"}) {
            assertThatThrownBy(() -> Json.read(bad)).as(bad).isInstanceOf(CorruptStoreException.class)
                    .hasMessageStartingWith("corrupt JSON in run store");
        }
    }
}
