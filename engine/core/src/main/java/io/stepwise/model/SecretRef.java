package io.stepwise.model;

/**
 * Where a secret comes from: an environment variable ({@code {env: NAME}}), a file
 * ({@code {file: PATH}}), or a literal (discouraged; lint warns). Resolved only at run time.
 */
public record SecretRef(String env, String file, String literal) {
    public static SecretRef ofEnv(String name) {
        return new SecretRef(name, null, null);
    }

    @Override
    public String toString() {
        return env != null ? "{env: " + env + "}" : file != null ? "{file: " + file + "}" : "****";
    }
}
