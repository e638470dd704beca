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
    void writesWhatJacksonsGeneratorWrites() throws Exception {
        // every char, lone surrogates included, as a key and as a value
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            all.append(c);
        }
        all.append(Character.MAX_VALUE);
        Map<String, String> every = new LinkedHashMap<>();
        every.put("all", all.toString());
        for (int i = 0; i < all.length(); i += 4096) { // Jackson reads names of up to 50,000 chars
            every.put(all.substring(i, i + 4096), "");
        }
        assertThat(Json.write(every)).isEqualTo(JACKSON.writeValueAsString(every));
        assertThat(Json.read(Json.write(every))).containsExactlyEntriesOf(every);
        assertThat(Json.write(tricky())).isEqualTo(JACKSON.writeValueAsString(tricky()));
        java.util.SplittableRandom random = new java.util.SplittableRandom(29);
        String alphabet = "ab\"\\/\u0000\u0001\u0008\t\n\u000b\f\r\u001f \u007f\u0080ü€\u2028\ud83d\ude00";
        for (int n = 0; n < 5_000; n++) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int k = random.nextInt(5); k >= 0; k--) {
                m.put(text(random, alphabet), random.nextInt(6) == 0 ? null : text(random, alphabet));
            }
            assertThat(Json.write(m)).isEqualTo(JACKSON.writeValueAsString(m));
        }
    }

    private static String text(java.util.SplittableRandom random, String alphabet) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    @Test
    void aNullKeyIsAStoreError() {
        Map<String, String> m = new java.util.HashMap<>();
        m.put(null, "x");
        assertThatThrownBy(() -> Json.write(m)).isInstanceOf(io.stepwise.store.StoreException.class)
                .hasMessage("cannot encode a value map as JSON: a key is null");
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
