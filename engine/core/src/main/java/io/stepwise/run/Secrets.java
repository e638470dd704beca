package io.stepwise.run;

import io.stepwise.model.Param;
import io.stepwise.model.Procedure;
import io.stepwise.model.SecretRef;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Secret values: secret params from {@code STEPWISE_SECRET_<NAME>} or a no-echo prompt, database
 * passwords from their {@link SecretRef}. Held in memory only, read again on every start and resume,
 * and used to mask output, stored text, reports and errors.
 */
public final class Secrets {
    private final Map<String, String> values = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Path, String> passphrases = new java.util.concurrent.ConcurrentHashMap<>();
    /** Where an encrypted SSH key's passphrase may come from, named like every other secret. */
    static final String SSH_PASSPHRASE_ENV = "STEPWISE_SECRET_SSH_PASSPHRASE";
    private final Function<String, String> env;
    private volatile boolean interactive;

    public Secrets(Function<String, String> env) {
        this.env = env;
    }

    /** Reads every secret param of the procedure; throws when one is missing and no prompt is possible. */
    public Map<String, String> readParams(Procedure procedure, boolean interactive) throws RunException {
        this.interactive = interactive;
        Map<String, String> out = new LinkedHashMap<>();
        for (Param p : procedure.params().values()) {
            if (!p.secret()) {
                continue;
            }
            String v = env.apply(p.envName());
            if (v == null) {
                Console console = System.console();
                if (interactive && console != null) {
                    char[] typed = console.readPassword("%s (secret, not shown): ", p.name());
                    v = typed == null ? null : new String(typed);
                }
            }
            if (v == null || v.isEmpty()) {
                throw RunException.badInput("secret parameter " + p.name() + " has no value: set " + p.envName()
                        + " in the environment" + (interactive ? "" : " (no terminal to ask in)"));
            }
            out.put(p.name(), v);
            values.put("param:" + p.name(), v);
        }
        return out;
    }

    /** Resolves a password reference (env, file, literal); remembers the value for masking. */
    public String resolve(SecretRef ref) {
        if (ref == null) {
            return null;
        }
        String v;
        if (ref.env() != null) {
            v = env.apply(ref.env());
        } else if (ref.file() != null) {
            try {
                v = Files.readString(Path.of(ref.file().replaceFirst("^~", System.getProperty("user.home")))).strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the secret file " + ref.file() + ": " + e.getMessage(),
                        e);
            }
        } else {
            v = ref.literal();
        }
        if (v != null && !v.isEmpty()) {
            values.put("ref:" + ref, v);
        }
        return v;
    }

    /** The environment variable naming the ssh-agent's socket, for SSH logins of this run. */
    public String agentSocket() {
        return env.apply("SSH_AUTH_SOCK");
    }

    /**
     * The passphrase of an encrypted SSH key: {@code STEPWISE_SECRET_SSH_PASSPHRASE}, else asked once per key
     * and run with a no-echo prompt (again when the last answer was wrong); null when neither can give one.
     */
    public synchronized String sshPassphrase(Path key, String host, boolean wrong) {
        String known = passphrases.get(key);
        if (known != null && !wrong) {
            return known;
        }
        String v = wrong ? null : env.apply(SSH_PASSPHRASE_ENV);
        if (v == null || v.isEmpty()) {
            Console console = System.console();
            if (!interactive || console == null || wrong && known == null) {
                return null;
            }
            char[] typed = console.readPassword("%sPassphrase for the SSH key %s (for %s, not shown): ",
                    wrong ? "Wrong passphrase. " : "", key, host);
            v = typed == null || typed.length == 0 ? null : new String(typed);
            if (typed != null) {
                java.util.Arrays.fill(typed, ' ');
            }
        }
        if (v == null || v.isEmpty()) {
            passphrases.remove(key);
            return null;
        }
        passphrases.put(key, v);
        values.put("ssh-passphrase:" + key, v);
        return v;
    }

    /** Every secret value known so far, for masking (a live view). */
    public Map<String, String> forMasking() {
        return values;
    }
}
