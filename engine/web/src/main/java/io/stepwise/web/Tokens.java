package io.stepwise.web;

import java.security.SecureRandom;
import java.util.Base64;

/** Random values for the sign-in form's double-submit token. */
final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    static String random() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
