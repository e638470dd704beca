package io.stepwise.transport.ssh;

import io.stepwise.model.SecretRef;
import java.util.function.Function;

/**
 * What the engine's environment gives SSH logins: the ssh-agent socket ({@code $SSH_AUTH_SOCK}, also a
 * forwarded agent) and the passphrases of encrypted keys.
 *
 * @param agentSocket the agent socket used unless the inventory or ~/.ssh/config name another; may be null
 */
public record SshAuth(String agentSocket, KeyPassphrases passphrases) {
    /** The environment variable an encrypted key's passphrase may come from. */
    static final String PASSPHRASE_ENV = "STEPWISE_SECRET_SSH_PASSPHRASE";

    /**
     * This process's {@code $SSH_AUTH_SOCK}, and passphrases from {@link #PASSPHRASE_ENV} resolved by
     * {@code secrets} (which remembers the value for masking); no prompt.
     */
    public static SshAuth fromEnvironment(Function<SecretRef, String> secrets) {
        return new SshAuth(System.getenv("SSH_AUTH_SOCK"),
                (key, host, wrong) -> wrong ? null : secrets.apply(SecretRef.ofEnv(PASSPHRASE_ENV)));
    }
}
