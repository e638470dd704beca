package io.stepwise.store.internal;

import io.stepwise.store.StoreException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * String maps to and from JSON text columns ({@code {"key":"value",...}}; a value may be null).
 *
 * <p>Written by hand rather than with Jackson: these flat maps are all the store keeps as JSON, and
 * initialising Jackson's ObjectMapper cost about 0.1 s of every command's start-up. Reads any JSON
 * object of strings (and nulls), such as Jackson wrote into stores before.
 */
final class Json {
    private Json() {
    }

    static String write(Map<String, String> map) throws StoreException {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> e : (map == null ? Map.<String, String>of() : map).entrySet()) {
            if (e.getKey() == null) {
                throw new StoreException("cannot encode a value map as JSON: a key is null");
            }
            if (out.length() > 1) {
                out.append(',');
            }
            quote(out, e.getKey());
            out.append(':');
            if (e.getValue() == null) {
                out.append("null");
            } else {
                quote(out, e.getValue());
            }
        }
        return out.append('}').toString();
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Never null: a missing map reads as empty. Unchecked because it runs inside row mappers. */
    static Map<String, String> read(String json) {
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        return new Reader(json).object();
    }

    /** A cursor over one JSON object of strings. */
    private static final class Reader {
        private final String s;
        private int i;

        Reader(String s) {
            this.s = s;
        }

        Map<String, String> object() {
            Map<String, String> map = new LinkedHashMap<>();
            expect('{');
            if (peek() == '}') {
                i++;
            } else {
                do {
                    String key = string();
                    expect(':');
                    map.put(key, value());
                } while (comma());
                expect('}');
            }
            if (peek() != 0) {
                throw corrupt("text after the object");
            }
            return map;
        }

        private String value() {
            if (peek() == 'n' && s.startsWith("null", i)) {
                i += 4;
                return null;
            }
            return string();
        }

        private boolean comma() {
            if (peek() == ',') {
                i++;
                return true;
            }
            return false;
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                if (i >= s.length()) {
                    break;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw corrupt("a short \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        } catch (NumberFormatException x) {
                            throw corrupt("a bad \\u escape");
                        }
                        i += 4;
                    }
                    default -> throw corrupt("an unknown escape \\" + e);
                }
            }
            throw corrupt("an unterminated string");
        }

        private char peek() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            return i < s.length() ? s.charAt(i) : 0;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw corrupt("'" + c + "' expected at offset " + i);
            }
            i++;
        }

        private IllegalStateException corrupt(String what) {
            return new IllegalStateException("corrupt JSON in run store: " + what);
        }
    }
}
