package io.stepwise.replication;

import java.util.regex.Pattern;

/**
 * Quoting for the values of {@code CHANGE MASTER TO} / {@code CHANGE REPLICATION SOURCE TO}.
 *
 * <p>Neither MariaDB nor MySQL accepts {@code ?} placeholders in these statements (they are not
 * preparable with parameters), so the values are written into the statement text. That is safe
 * only because every value is validated or quoted here:
 * <ul>
 *   <li>numbers (port, log position) must be decimal digits within range — nothing else is written;</li>
 *   <li>a host must look like a host name or an IPv4/IPv6 address, a log file like a binary log name;</li>
 *   <li>any other text (user, password) becomes a single-quoted string literal: {@code '} is doubled,
 *       and {@code \} is doubled unless the session's sql_mode has {@code NO_BACKSLASH_ESCAPES}
 *       (where a backslash is an ordinary character); NUL is refused.</li>
 * </ul>
 * With those rules no value can end the literal early, whatever the session's sql_mode.
 */
final class SqlLiteral {
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,20}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\-\\[\\]%]{1,255}");
    private static final Pattern LOG_FILE = Pattern.compile("[A-Za-z0-9._\\-/]{1,511}");

    private SqlLiteral() {
    }

    /** A single-quoted literal of {@code value}. */
    public static String quote(String value, boolean backslashEscapes) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("contains a NUL character");
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('\'');
        for (char c : value.toCharArray()) {
            if (c == '\'') {
                out.append("''");
            } else if (c == '\\' && backslashEscapes) {
                out.append("\\\\");
            } else {
                out.append(c);
            }
        }
        return out.append('\'').toString();
    }

    /** {@code value} if it is a decimal number from {@code min} to {@code max}. */
    public static String number(String value, long min, long max) {
        if (value == null || !DIGITS.matcher(value).matches()) {
            throw new IllegalArgumentException("must be digits only");
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is too large");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("must be from " + min + " to " + max);
        }
        return Long.toString(n);
    }

    /** A quoted host name or address. */
    public static String host(String value, boolean backslashEscapes) {
        if (!HOST.matcher(value).matches()) {
            throw new IllegalArgumentException("must be a host name or IP address (letters, digits, . - _ :)");
        }
        return quote(value, backslashEscapes);
    }

    /** A quoted binary log file name. */
    public static String logFile(String value, boolean backslashEscapes) {
        if (!LOG_FILE.matcher(value).matches()) {
            throw new IllegalArgumentException("must be a binary log file name such as bin.000003");
        }
        return quote(value, backslashEscapes);
    }
}
