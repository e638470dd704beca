package io.stepwise.transport.ssh;

import java.nio.file.Path;

/**
 * Gives the passphrase of an encrypted private key, from an environment secret or a no-echo prompt.
 * A value is held in memory for the run only: never stored, logged or shown.
 */
@FunctionalInterface
public interface KeyPassphrases {
    /** No passphrases: an encrypted key must be in the agent. */
    KeyPassphrases NONE = (key, host, wrong) -> null;

    /**
     * @param key   the private key file
     * @param host  what the key logs in to, for the prompt
     * @param wrong the previous answer for this key did not decrypt it
     * @return the passphrase, or null when there is none (more) to give
     */
    String passphrase(Path key, String host, boolean wrong);
}
