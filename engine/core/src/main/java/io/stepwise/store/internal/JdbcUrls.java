package io.stepwise.store.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The credentials a JDBC URL may carry, so that no message shows them: {@code user:PASS@host} (in each host
 * of a list), {@code ?password=PASS} and the other {@code *password*=} properties (after {@code ?}, {@code &},
 * {@code ;}), and {@code address=(host=...)(password=PASS)}.
 */
final class JdbcUrls {
    private static final Pattern PROPERTY = Pattern.compile("(?i)([?&;(]\\s*[a-z0-9_.-]*(?:password|pwd)[0-9]*\\s*=)([^&;)]*)");

    private JdbcUrls() {
    }

    /** The URL with every credential replaced by {@code ****}. */
    public static String masked(String url) {
        if (url == null) {
            return null;
        }
        String out = url;
        for (String secret : secrets(url)) {
            out = out.replace(secret, "****");
        }
        return out;
    }

    /** Every credential of the URL, as written and URL-decoded, longest first. */
    public static Set<String> secrets(String url) {
        Set<String> out = new LinkedHashSet<>();
        int slashes = url.indexOf("//");
        if (slashes >= 0) {
            int end = url.length();
            for (char c : new char[] {'/', '?', '#'}) {
                int at = url.indexOf(c, slashes + 2);
                if (at >= 0) {
                    end = Math.min(end, at);
                }
            }
            for (String host : url.substring(slashes + 2, end).split(",")) {
                int at = host.lastIndexOf('@');
                int colon = at < 0 ? -1 : host.indexOf(':');
                if (colon >= 0 && colon < at) {
                    add(out, host.substring(colon + 1, at));
                }
            }
        }
        Matcher m = PROPERTY.matcher(url);
        while (m.find()) {
            add(out, m.group(2).strip());
        }
        return out.stream().sorted((a, b) -> Integer.compare(b.length(), a.length()))
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
    }

    /** {@code text} with every credential of {@code url} replaced by {@code ****}. */
    public static String maskIn(String text, String url) {
        if (text == null || url == null) {
            return text;
        }
        String out = text;
        for (String secret : secrets(url)) {
            out = out.replace(secret, "****");
        }
        return out;
    }

    private static void add(Set<String> out, String secret) {
        if (secret.isEmpty()) {
            return;
        }
        out.add(secret);
        try {
            out.add(URLDecoder.decode(secret, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // not URL-encoded: as written is enough
        }
    }
}
