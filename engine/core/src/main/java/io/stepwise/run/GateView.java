package io.stepwise.run;

import io.stepwise.model.StepState;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.view.EvidenceValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A step waiting for a person, as every channel shows it: the rendered instructions, who may confirm it,
 * and the evidence values shown now (the ones a decision is checked against).
 *
 * @param runId         the run
 * @param stepId        the step
 * @param hosts         the step's hosts that wait
 * @param instructions  the rendered instructions (secrets masked)
 * @param approvers     only they may confirm (empty: anyone)
 * @param fourEyes      the run's starter ({@code startedBy}) may not confirm
 * @param startedBy     who started the run
 * @param evidence      the values shown now, every waiting host
 * @param optionalChoice true when the step waits for the choice to run an optional step, not for its confirm
 */
public record GateView(String runId, String stepId, List<String> hosts, String instructions, List<String> approvers,
                       boolean fourEyes, String startedBy, List<EvidenceValue> evidence, boolean optionalChoice) {
    public GateView {
        hosts = List.copyOf(hosts);
        approvers = List.copyOf(approvers);
        evidence = List.copyOf(evidence);
    }

    /** The command that continues the run once the step is decided, when no engine waits at it. */
    public String resumeCommand() {
        return "stepwise resume " + runId;
    }

    /** For a terminal: the step, its hosts, the rules, the evidence shown now and how to answer. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("waiting for a person: ").append(stepId).append(" on ").append(String.join(", ", hosts))
                .append(optionalChoice ? " (optional: confirm runs it, reject skips it)" : "").append('\n');
        instructions.strip().lines().forEach(l -> sb.append("  | ").append(l).append('\n'));
        if (!approvers.isEmpty()) {
            sb.append("  only ").append(String.join(", ", approvers)).append(" may confirm it\n");
        }
        if (fourEyes) {
            sb.append("  four eyes: ").append(startedBy).append(" started the run and may not confirm it\n");
        }
        for (EvidenceValue v : evidence) {
            sb.append("  evidence ").append(v.label()).append(": ").append(v.value().strip().replace("\n", "\n    "))
                    .append('\n');
        }
        sb.append("  answer: stepwise confirm ").append(runId).append(' ').append(stepId)
                .append(" [--note TEXT] | stepwise reject ").append(runId).append(' ').append(stepId)
                .append(" --note TEXT\n");
        return sb.toString();
    }

    /** Every step of the run that waits for a person now, in the order they began waiting. */
    public static List<GateView> of(Ledger ledger, RunInfo info) {
        Map<String, List<StepKey>> byStep = new LinkedHashMap<>();
        for (RunEvent e : ledger.events()) {
            if (e.type() == RunEvent.EventType.STEP_STATE && e.state() == StepState.WAITING_FOR_PERSON) {
                StepKey key = new StepKey(e.stepId(), e.host());
                if (ledger.state(key) == StepState.WAITING_FOR_PERSON) {
                    List<StepKey> keys = byStep.computeIfAbsent(e.stepId(), s -> new ArrayList<>());
                    if (!keys.contains(key)) {
                        keys.add(key);
                    }
                }
            }
        }
        List<GateView> out = new ArrayList<>();
        byStep.forEach((step, keys) -> {
            RunEvent waiting = ledger.waitingEvent(keys.get(0)).orElseThrow();
            Map<String, String> d = waiting.data() == null ? Map.of() : waiting.data();
            Map<String, EvidenceValue> evidence = new LinkedHashMap<>();
            keys.forEach(k -> ledger.shownEvidence(k).forEach(v -> evidence.putIfAbsent(v.label(), v)));
            out.add(new GateView(info.id(), step, keys.stream().map(StepKey::host).toList(),
                    d.getOrDefault("instructions", ""), Gates.approvers(waiting), Gates.fourEyes(waiting),
                    info.operator(), new ArrayList<>(evidence.values()), !d.containsKey("instructions")));
        });
        return out;
    }
}
