package io.stepwise.load;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether an SQL statement only reads: it starts with SELECT, SHOW, DESCRIBE/DESC or EXPLAIN and has no
 * INTO (OUTFILE, @var), FOR UPDATE/SHARE or LOCK IN SHARE MODE; or it starts with WITH and has none of
 * those nor INSERT/UPDATE/DELETE/REPLACE; and it is a single statement. Anything else may write.
 */
final class SqlKind {
    private static final Pattern COMMENTS = Pattern.compile("(?s)/\\*.*?\\*/|--[^\\n]*|#[^\\n]*");
    private static final Pattern STRINGS = Pattern.compile("'(?:[^'\\\\]|\\\\.|'')*'|\"(?:[^\"\\\\]|\\\\.)*\"|`[^`]*`");
    private static final Pattern READ_START = Pattern.compile("(?s)^(SELECT|SHOW|DESCRIBE|DESC|EXPLAIN)\\b.*");
    private static final Pattern WRITES = Pattern.compile("\\b(INTO|FOR\\s+UPDATE|FOR\\s+SHARE|LOCK\\s+IN\\s+SHARE\\s+MODE)\\b");
    private static final Pattern CTE_WRITES = Pattern.compile("\\b(INSERT|UPDATE|DELETE|REPLACE)\\b");

    private SqlKind() {
    }

    public static boolean readOnly(String sql) {
        String s = STRINGS.matcher(COMMENTS.matcher(sql).replaceAll(" ")).replaceAll("''").strip().toUpperCase(Locale.ROOT);
        if (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        if (s.contains(";") || WRITES.matcher(s).find()) {
            return false;
        }
        if (s.startsWith("WITH")) {
            return !CTE_WRITES.matcher(s).find();
        }
        return READ_START.matcher(s).matches();
    }
}
