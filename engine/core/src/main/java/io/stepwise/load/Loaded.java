package io.stepwise.load;

import java.util.List;

/**
 * The result of reading a file: the value (null when there were errors) and every problem found.
 *
 * @param <T> Procedure or Inventory
 */
public record Loaded<T>(T value, List<Problem> problems) {
    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(p -> !p.isError()).toList();
    }

    boolean ok() {
        return value != null && errors().isEmpty();
    }

    /** The value, or a {@link LoadException} with every problem. */
    public T orThrow() {
        if (!ok()) {
            throw new LoadException(problems);
        }
        return value;
    }
}
