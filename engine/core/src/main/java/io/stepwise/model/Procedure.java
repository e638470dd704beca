package io.stepwise.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded procedure: roles it targets, parameters it takes, and its steps in file order.
 *
 * @param name      the {@code procedure:} identifier, e.g. {@code secondary-resync}
 * @param title     human title
 * @param roles     declared roles by name (insertion order kept)
 * @param params    declared parameters by name (insertion order kept)
 * @param steps     steps in file order; graph order comes from {@link Step#needs()}
 * @param finalChecks {@code postconditions:} then {@code state:} probes, run once every step is done
 * @param source    the file it was loaded from
 * @param text      the exact text of the file, for fingerprints
 */
public record Procedure(String name, String title, String description, Map<String, RoleSpec> roles,
                        Map<String, Param> params, List<Step> steps, List<FinalCheck> finalChecks, String source,
                        String text) {
    public Procedure {
        finalChecks = finalChecks == null ? List.of() : List.copyOf(finalChecks);
    }

    /** The procedure without final checks (tests and callers that build one by hand). */
    public Procedure(String name, String title, String description, Map<String, RoleSpec> roles,
                     Map<String, Param> params, List<Step> steps, String source, String text) {
        this(name, title, description, roles, params, steps, List.of(), source, text);
    }

    /** The final checks of one kind, in file order. */
    public List<FinalCheck> finalChecks(FinalCheck.Kind kind) {
        return finalChecks.stream().filter(c -> c.kind() == kind).toList();
    }

    public Optional<Step> step(String id) {
        return steps.stream().filter(s -> s.id().equals(id)).findFirst();
    }
}
