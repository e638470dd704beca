package io.stepwise.text;

import io.stepwise.text.ShellContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{name}}} templating with context-specific quoting.
 * <ul>
 *   <li>shell: each value is single-quoted ({@code {{name|raw}}} inserts it as is);</li>
 *   <li>SQL: each value becomes a {@code ?} bound parameter ({@code {{name|ident}}} inserts a
 *       back-quoted identifier, for database and table names);</li>
 *   <li>text (manual instructions, titles): the value as is.</li>
 * </ul>
 * Secrets are replaced by {@code ****} when rendering for display.
 */
public final class Template {
    /** {@code {{ name }}} or {@code {{ name | filter }}}; names may contain dots. */
    public static final Pattern VAR = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*(?:\\|\\s*([a-z]+)\\s*)?}}");

    public static final String MASK = "****";

    private Template() {
    }

    /** A reference to a variable found in a template. */
    public record Ref(String name, String filter, int start, int end) {
    }

    /** Every variable reference in {@code text}, in order. */
    public static List<Ref> refs(String text) {
        List<Ref> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        Matcher m = VAR.matcher(text);
        while (m.find()) {
            out.add(new Ref(m.group(1), m.group(2), m.start(), m.end()));
        }
        return out;
    }

    /** The names referenced in {@code text}. */
    public static Set<String> names(String text) {
        Set<String> out = new LinkedHashSet<>();
        refs(text).forEach(r -> out.add(r.name()));
        return out;
    }

    /** A filter name that is not one of {@code raw}, {@code ident}. */
    public static boolean knownFilter(String filter) {
        return filter == null || filter.equals("raw") || filter.equals("ident");
    }

    /**
     * Renders for bash, by the place of each template ({@link ShellContext}): single-quoted as a plain word,
     * backslash-escaped inside double quotes, as is with {@code |raw}. A template in a place where no quoting
     * keeps a value from running as code (single quotes, a heredoc, a nested {@code bash -c}, ...) is refused.
     *
     * @throws TemplateException naming the unsafe place and the fix, or a name without a value
     */
    public static String shell(String text, Function<String, String> values) {
        if (text == null) {
            return null;
        }
        java.util.Iterator<ShellContext.Place> places = ShellContext.places(text).iterator();
        return substitute(text, r -> {
            ShellContext.Place place = places.next();
            String v = value(values, r.name());
            if ("raw".equals(r.filter())) {
                return v;
            }
            return switch (place.kind()) {
                case PLAIN -> shellQuote(v);
                case DOUBLE_QUOTED -> doubleQuoted(v);
                default -> throw new TemplateException(r.name(), place.problem());
            };
        });
    }

    /** The inside of a double-quoted bash word: {@code \ $ ` "} backslash-escaped, the rest as is. */
    static String doubleQuoted(String value) {
        return backslashed(value, "\\$`\"");
    }

    /** Renders as plain text. */
    public static String text(String text, Function<String, String> values) {
        return substitute(text, r -> value(values, r.name()));
    }

    /** SQL text with {@code ?} placeholders and the values to bind, in order. */
    public record SqlStatement(String sql, List<Object> binds) {
    }

    /** Renders SQL: values become bound parameters, {@code |ident} a back-quoted identifier. */
    public static SqlStatement sql(String text, Function<String, String> values) {
        List<Object> binds = new ArrayList<>();
        String sql = substitute(text, r -> {
            String v = value(values, r.name());
            if ("ident".equals(r.filter())) {
                return ident(r.name(), v);
            }
            if ("raw".equals(r.filter())) {
                return v;
            }
            binds.add(v);
            return "?";
        });
        return new SqlStatement(sql, binds);
    }

    /** SQL shown to a person: values shown as quoted literals (secrets masked by the value function). */
    public static String sqlForDisplay(String text, Function<String, String> values) {
        return substitute(text, r -> {
            String v = value(values, r.name());
            if ("ident".equals(r.filter())) {
                return ident(r.name(), v);
            }
            return "raw".equals(r.filter()) ? v : "'" + v.replace("'", "''") + "'";
        });
    }

    /** POSIX shell single-quoting: {@code it's} → {@code 'it'\''s'}. */
    public static String shellQuote(String value) {
        if (!value.isEmpty() && value.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    private static String ident(String name, String value) {
        try {
            return identQuote(value);
        } catch (TemplateException e) {
            throw new TemplateException(name, "{{" + name + "|ident}} is '" + Escape.terminal(value) + "', which is not"
                    + " a valid SQL identifier (empty, or a backquote or NUL in it): give a database, table or column"
                    + " name");
        }
    }

    /** Back-quoted SQL identifier; rejects what cannot be an identifier. */
    public static String identQuote(String value) {
        if (value.isEmpty() || value.contains("`") || value.contains("\0")) {
            throw new TemplateException(null, "not a valid SQL identifier: '" + value + "'");
        }
        return "`" + value + "`";
    }

    private static String value(Function<String, String> values, String name) {
        String v = values.apply(name);
        if (v == null) {
            throw new TemplateException(name, "no value for {{" + name + "}}: no parameter, capture or inventory"
                    + " variable gives it here (a step that was skipped or failed captures nothing)");
        }
        return v;
    }

    private static String substitute(String text, Function<Ref, String> replacement) {
        if (text == null) {
            return null;
        }
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            out.append(replacement.apply(new Ref(m.group(1), m.group(2), m.start(), m.end())));
            last = m.end();
        }
        out.append(text, last, text.length());
        return out.toString();
    }

    /**
     * Replaces every occurrence of each secret value in {@code text} by {@code ****}: the value as is and every
     * rendering of it that commands, shells, SQL tools and this engine produce — see {@link #renderings}.
     */
    public static String mask(String text, Map<String, String> secrets) {
        return text == null ? null : replaceAll(text, forms(secrets));
    }

    /**
     * {@link #mask} for these secrets, for a caller that masks many texts with them (a run's ledger masks every
     * event it records): their renderings are worked out once, and again whenever {@code secrets} (a live view
     * that grows as the run reads secrets) no longer holds what they were worked out from.
     */
    public static java.util.function.UnaryOperator<String> masker(Map<String, String> secrets) {
        return new java.util.function.UnaryOperator<>() {
            private Map<String, String> from;
            private List<String> forms;

            @Override
            public synchronized String apply(String text) {
                if (text == null) {
                    return null;
                }
                if (forms == null || !from.equals(secrets)) {
                    from = new java.util.HashMap<>(secrets);
                    forms = forms(from);
                }
                return replaceAll(text, forms);
            }
        };
    }

    /** {@code text} with every one of {@code forms} (longest first) replaced by {@link #MASK}. */
    private static String replaceAll(String text, List<String> forms) {
        String out = text;
        for (String f : forms) {
            out = out.replace(f, MASK);
        }
        return out;
    }

    /** Every rendering of every secret, longest first (a longer form may hold a shorter one). */
    private static List<String> forms(Map<String, String> secrets) {
        List<String> forms = new ArrayList<>();
        for (String s : secrets.values()) {
            if (s != null && !s.isEmpty()) {
                forms.addAll(renderings(s));
            }
        }
        forms.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return forms;
    }

    /**
     * A secret as it may show in output: as is; shell single-quoted ({@link #shellQuote}, and the inside of
     * the quotes, as {@code set -x} prints it within a longer word); SQL-quoted with {@code ''} doubling; with
     * backslash escapes (MySQL string literals, double-quoted shell, JSON); URL-encoded.
     */
    static Set<String> renderings(String secret) {
        Set<String> out = new LinkedHashSet<>();
        out.add(secret);
        out.add(shellQuote(secret));
        out.add(secret.replace("'", "'\\''"));
        out.add(secret.replace("'", "''"));
        out.add(secret.replace("'", "''").replace("\\", "\\\\"));
        out.add(backslashed(secret, "\\'\""));
        out.add(backslashed(secret, "\\'"));
        out.add(backslashed(secret, "\\\"$`"));
        out.add(backslashed(secret, "\\\""));
        out.add(java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8));
        out.add(java.net.URLEncoder.encode(secret, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        out.remove("");
        return out;
    }

    private static String backslashed(String value, String special) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        for (char c : value.toCharArray()) {
            if (special.indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
