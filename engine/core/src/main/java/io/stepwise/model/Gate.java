package io.stepwise.model;

import java.util.List;

/**
 * What guards a manual step: who may confirm it and what they are shown before they do.
 *
 * @param approvers only these operators may confirm it (empty: anyone); a reject is open to all
 * @param fourEyes  the operator who started the run may not confirm it
 * @param evidence  read-only probes shown with the step, run when it starts waiting and at each decision
 */
public record Gate(List<String> approvers, boolean fourEyes, List<Evidence> evidence) {
    /** No rule and no evidence. */
    public static final Gate OPEN = new Gate(List.of(), false, List.of());

    public Gate {
        approvers = List.copyOf(approvers);
        evidence = List.copyOf(evidence);
    }

    /**
     * One read-only probe shown at a manual step.
     *
     * @param title what the value is, shown beside it
     * @param on    the role whose hosts it runs on; null for the step's own role
     * @param probe a read-only {@link Action.Shell}, {@link Action.Sql} or {@code replication: status}
     */
    public record Evidence(String title, String on, Action probe) {
    }
}
