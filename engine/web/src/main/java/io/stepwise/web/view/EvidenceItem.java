package io.stepwise.web.view;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One evidence probe's value as shown at a waiting step: the raw values (what a decision is checked
 * against), shown through {@link Inert}, and sent back by the decision form base64-encoded so that no
 * browser normalizes a line break or a control character on the way.
 */
public record EvidenceItem(String title, String host, String value) {
    public String shownTitle() {
        return Inert.text(title);
    }

    public String shownHost() {
        return Inert.text(host);
    }

    public String shownValue() {
        return Inert.text(value);
    }

    public String sentTitle() {
        return encode(title);
    }

    public String sentHost() {
        return encode(host);
    }

    public String sentValue() {
        return encode(value);
    }

    private static String encode(String s) {
        return Base64.getUrlEncoder().encodeToString((s == null ? "" : s).getBytes(StandardCharsets.UTF_8));
    }

    /** The text a form field sent with {@code sent...()}; null when absent or not base64. */
    public static String decode(String field) {
        if (field == null) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(field), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
