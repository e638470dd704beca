package io.stepwise.model;

/**
 * A procedure parameter. A secret never reaches the run store, logs or screen: it is read from
 * {@code STEPWISE_SECRET_<NAME>} or a no-echo prompt on every start and resume.
 *
 * @param defaultValue null when the operator must give it with {@code -p name=value}
 */
public record Param(String name, String defaultValue, boolean secret, String description, Mark mark) {
    public String envName() {
        return "STEPWISE_SECRET_" + name.toUpperCase(java.util.Locale.ROOT);
    }
}
