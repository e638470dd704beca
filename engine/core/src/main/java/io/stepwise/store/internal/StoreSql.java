package io.stepwise.store.internal;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.ParsedSql;
import org.jdbi.v3.core.statement.SqlParser;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.TemplateEngine;

/**
 * How the store's own SQL text is read: {@code :name} parameters, {@code ?} positional ones, and scripts split
 * into statements at {@code ;}. Jdbi's parsers do this with ANTLR lexers that, on the first use of each
 * statement in a process, run in the interpreter: measured with JFR, about a fifth of a {@code stepwise run}'s
 * start-up (docs/performance.md). The store's SQL is all constant text in this package (values are always
 * bound, never spliced), so one plain scan does: it knows {@code '...'} strings (with {@code ''}) and
 * {@code "..."} identifiers and {@code --} comments, where a colon or a question mark is text, and passes
 * {@code ::} through.
 * What jdbi's grammar gives a meaning of its own (backslash escapes, {@code /*} comments, {@code ??},
 * {@code #} and {@code .} in names) is refused with an error rather than read differently, and so is a quote
 * never closed. Splitting a
 * migration script skips {@code --} and {@code /* *}{@code /} comments, so a semicolon there ends nothing.
 * {@code StoreSqlTest} checks that it reads statements as jdbi's {@code ColonPrefixSqlParser} does.
 *
 * <p>Only for the run store: SQL written by procedure authors goes to the hosts through
 * {@code transport.sql} with jdbi's own parser.
 */
final class StoreSql implements SqlParser {
    static final StoreSql PARSER = new StoreSql();

    StoreSql() {
    }

    /** Sets the store's jdbi to read SQL with this scanner and to apply no templates (the store uses none). */
    static Jdbi configure(Jdbi jdbi) {
        jdbi.getConfig(SqlStatements.class).setSqlParser(PARSER).setTemplateEngine(TemplateEngine.NOP);
        return jdbi;
    }

    /**
     * Each statement's reading, kept: jdbi asks for it at every execution (its own parsers keep such a cache too). The
     * store's statements are a fixed set; past {@link #CACHED} distinct texts nothing more is kept.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, ParsedSql> cache = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int CACHED = 500;

    @Override
    public ParsedSql parse(String sql, StatementContext ctx) {
        ParsedSql known = cache.get(sql);
        if (known != null) {
            return known;
        }
        ParsedSql parsed = read(sql);
        if (cache.size() < CACHED) {
            cache.put(sql, parsed);
        }
        return parsed;
    }

    private static ParsedSql read(String sql) {
        if (sql.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("the store's SQL scanner does not read backslashes (jdbi reads them as"
                    + " escapes); write the statement without one: " + sql);
        }
        ParsedSql.Builder b = ParsedSql.builder();
        StringBuilder text = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            int skip = sql.startsWith("/*", i) ? i : quotedOrComment(sql, i);
            if (skip > i) {
                text.append(sql, i, skip);
                i = skip;
                continue;
            }
            char c = sql.charAt(i);
            if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                text.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && namePart(sql.charAt(i + 1))) {
                int end = i + 2;
                while (end < n && namePart(sql.charAt(end))) {
                    end++;
                }
                if (end < n && (sql.charAt(end) == '.' || sql.charAt(end) == '#')) {
                    throw new IllegalArgumentException("the store's SQL scanner reads parameter names of letters, digits"
                            + " and '_' only: " + sql);
                }
                b.append(text.toString());
                text.setLength(0);
                b.appendNamedParameter(sql.substring(i + 1, end));
                i = end;
            } else if (c == '#' || sql.startsWith("/*", i) || sql.startsWith("??", i)) {
                throw new IllegalArgumentException("the store's SQL scanner does not read '" + c + "' outside a string"
                        + " (jdbi gives it a meaning of its own); write the statement without it: " + sql);
            } else if (c == '?') {
                b.append(text.toString());
                text.setLength(0);
                b.appendPositionalParameter();
                i++;
            } else {
                text.append(c);
                i++;
            }
        }
        b.append(text.toString());
        return b.build();
    }

    @Override
    public String nameParameter(String rawName, StatementContext ctx) {
        return ":" + rawName;
    }

    /**
     * A migration script's statements: split at each {@code ;} that is not in a string, identifier or comment; a piece
     * of nothing but comments and blanks is no statement.
     */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        int start = 0;
        boolean content = false;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            int skip = quotedOrComment(script, i);
            if (skip > i) {
                content |= c == '\'' || c == '"'; // a string or an identifier; a comment is no content
                i = skip;
            } else if (c == ';') {
                if (content) {
                    out.add(script.substring(start, i).strip());
                }
                start = ++i;
                content = false;
            } else {
                content |= !Character.isWhitespace(c);
                i++;
            }
        }
        if (content) {
            out.add(script.substring(start).strip());
        }
        return out;
    }

    /** Where the comment, string or quoted identifier starting at {@code i} ends: see {@link #quoted}. */
    private static int quotedOrComment(String s, int i) {
        char c = s.charAt(i);
        int n = s.length();
        if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
            int eol = s.indexOf('\n', i);
            return eol < 0 ? n : eol;
        }
        if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
            int end = s.indexOf("*/", i + 2);
            return end < 0 ? n : end + 2;
        }
        return quoted(s, i);
    }

    /**
     * Where the string or quoted identifier starting at {@code i} ends (the index after it), or {@code i} when none
     * starts there; one that is never closed is refused.
     */
    private static int quoted(String s, int i) {
        char c = s.charAt(i);
        int n = s.length();
        if (c == '\'' || c == '"' && i + 1 < n && s.charAt(i + 1) != '"') { // as jdbi: "" is no identifier
            int j = i + 1;
            while (j < n) {
                if (s.charAt(j) == c) { // a doubled quote ('it''s') reads as two strings side by side: the same
                    return j + 1;
                }
                j++;
            }
            throw new IllegalArgumentException("the store's SQL scanner found a " + c + " that is never closed: " + s);
        }
        return i;
    }

    private static boolean namePart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9';
    }
}
