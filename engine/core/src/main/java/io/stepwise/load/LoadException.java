package io.stepwise.load;

import java.util.List;
import java.util.stream.Collectors;

/** A file could not be loaded; carries every problem found in it (errors first, then warnings). */
public final class LoadException extends RuntimeException {
    private final transient List<Problem> problems;

    public LoadException(List<Problem> problems) {
        super(problems.stream().filter(Problem::isError).map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }
}
