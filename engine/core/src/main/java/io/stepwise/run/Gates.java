package io.stepwise.run;

import io.stepwise.model.Gate;
import io.stepwise.model.StepState;
import io.stepwise.store.Decision;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.store.StoreException;
import io.stepwise.text.Escape;
import io.stepwise.view.EvidenceValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one place where a person's decision at a manual step is checked and recorded, whatever the channel
 * (terminal, cli, web): the step must wait for a person, a reject needs a note, a confirm must come from
 * one of the step's approvers and — with four_eyes — not from the operator who started the run, under the
 * channel's own login, and the evidence the person saw must still be what is shown. The engine that
 * drives the run then runs the evidence probes again and refuses the decision if a value changed
 * ({@link #verify}).
 *
 * <p>The rules are read from the step's WAITING_FOR_PERSON event (written from the procedure when the step
 * began waiting), so a console without the procedure files applies the same rules as the engine.
 */
public final class Gates {
    /** Data keys of a WAITING_FOR_PERSON event that carry the gate's rules. */
    static final String APPROVERS = "approvers";
    static final String FOUR_EYES = "four_eyes";
    static final String EVIDENCE_COUNT = "evidence";

    private Gates() {
    }

    /** The rules of a gate as written into its WAITING_FOR_PERSON event. */
    static Map<String, String> rules(Gate gate) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!gate.approvers().isEmpty()) {
            out.put(APPROVERS, String.join(",", gate.approvers()));
        }
        if (gate.fourEyes()) {
            out.put(FOUR_EYES, "true");
        }
        if (!gate.evidence().isEmpty()) {
            out.put(EVIDENCE_COUNT, String.valueOf(gate.evidence().size()));
        }
        return out;
    }

    /** The approvers named by the gate of a waiting step (empty: anyone). */
    static List<String> approvers(RunEvent waiting) {
        String a = waiting == null || waiting.data() == null ? null : waiting.data().get(APPROVERS);
        return a == null || a.isEmpty() ? List.of() : Arrays.asList(a.split(","));
    }

    /** Whether the gate of a waiting step forbids the run's starter to confirm it. */
    static boolean fourEyes(RunEvent waiting) {
        return waiting != null && waiting.data() != null && "true".equals(waiting.data().get(FOUR_EYES));
    }

    /**
     * Checks {@code r} against the run's history and records it, or refuses it.
     *
     * @return the recorded DECISION event
     * @throws RunException bad input (the step does not wait, a reject without a note) or refused (not an
     *                      approver, four_eyes, --as not the login, the evidence changed since it was shown)
     */
    public static RunEvent decide(Ledger ledger, RunInfo info, DecisionRequest r) throws RunException, StoreException {
        checkName(r.who());
        // checked on the history as read, recorded only if the step's history is still that (one transaction); else
        // read again and checked again: a decision recorded meanwhile by another channel then refuses this one
        for (int tries = 0; tries < RACES; tries++) {
            Optional<RunEvent> recorded = checkAndRecord(ledger, info, r);
            if (recorded.isPresent()) {
                return recorded.get();
            }
        }
        throw RunException.refused("step " + r.stepId() + " of run " + r.runId() + " kept changing while your "
                + r.decision() + " was checked, so it is not recorded: look at the step again (stepwise status "
                + r.runId() + ") and decide again");
    }

    /** How many times a decision is checked again when the step's history changed while it was checked. */
    private static final int RACES = 5;

    private static Optional<RunEvent> checkAndRecord(Ledger ledger, RunInfo info, DecisionRequest r)
            throws RunException, StoreException {
        List<StepKey> keys = waitingHosts(ledger, info, r);
        firstDecisionStands(ledger, keys, r);
        if (!r.confirm() && (r.note() == null || r.note().isBlank())) {
            throw RunException.badInput("a reject needs a note saying what is wrong (--note TEXT)");
        }
        if (r.confirm()) {
            for (StepKey key : keys) {
                checkWho(ledger.waitingEvent(key).orElse(null), info, r);
            }
        }
        Map<String, EvidenceValue> byLabel = new LinkedHashMap<>();
        keys.forEach(k -> ledger.shownEvidence(k).forEach(v -> byLabel.putIfAbsent(v.label(), v)));
        List<EvidenceValue> shown = new ArrayList<>(byLabel.values());
        List<EvidenceValue> seen = r.evidenceSeen() == null ? shown : r.evidenceSeen();
        List<String> changed = EvidenceValue.changes(seen, shown);
        if (!changed.isEmpty()) {
            throw RunException.refused("the evidence of step " + r.stepId() + " changed since it was shown to you, so"
                    + " your " + r.decision() + " is not recorded:\n  " + String.join("\n  ", changed)
                    + "\nLook at the values now shown and decide again.");
        }
        Map<String, String> more = new LinkedHashMap<>();
        more.put("channel", r.channel().kind().label());
        if (r.channel().address() != null) {
            more.put("address", r.channel().address());
        }
        more.putAll(EvidenceValue.toData(seen));
        return ledger.decisionIfUnchanged(r.stepId(), r.host(), r.who(), r.decision(), r.note(), more);
    }

    /**
     * The engine's check when it acts on a decision: {@code fresh} are the evidence values just probed. When a
     * value differs from what the decision records as seen, the decision is refused (recorded) and the reason
     * returned, with both values; null when it stands.
     */
    static String verify(Ledger ledger, StepKey key, RunEvent decision, List<EvidenceValue> fresh)
            throws StoreException {
        // the evidence of a step may run on other hosts than the step's own (e.g. on: secondary): compare it all
        List<EvidenceValue> seen = EvidenceValue.fromData(decision.data());
        List<String> changed = EvidenceValue.changes(seen, fresh);
        if (changed.isEmpty()) {
            return null;
        }
        String why = "the evidence changed between what " + decision.actor() + " saw and the " + decision.data()
                .get(Decision.KEY) + ": " + String.join("; ", changed);
        ledger.refuse(decision, key, why);
        return why;
    }

    /** {@code alice (web 10.0.0.7)}: who decided and from where, for prompts and messages. */
    static String by(RunEvent decision) {
        Map<String, String> d = decision.data() == null ? Map.of() : decision.data();
        String channel = d.get("channel");
        String address = d.get("address");
        return decision.actor() + (channel == null ? "" : " (" + channel + (address == null ? "" : " " + address) + ")");
    }

    /**
     * Refuses a name for the record ({@code --as}) that could forge or garble a rendering: empty, longer than 64
     * characters, or with a control character (newline, tab, escape, ...).
     */
    public static void checkName(String who) throws RunException {
        boolean control = who != null && who.chars().anyMatch(c -> c < 0x20 || Escape.isControl(c));
        if (who == null || who.isBlank() || who.length() > 64 || control) {
            throw RunException.badInput("--as " + (who == null ? "" : "'" + Escape.terminal(who.replace("\n", "\\n")
                    .replace("\t", "\\t")) + "'") + ": give a"
                    + " name of 1 to 64 characters without control characters (newline, tab, escape), e.g. --as alice");
        }
    }

    private static void checkWho(RunEvent waiting, RunInfo info, DecisionRequest r) throws RunException {
        List<String> approvers = approvers(waiting);
        boolean fourEyes = fourEyes(waiting);
        if (approvers.isEmpty() && !fourEyes) {
            return;
        }
        String login = r.channel().login();
        if (login != null && !login.equals(r.who())) {
            throw RunException.refused("step " + r.stepId() + " names " + (approvers.isEmpty() ? "four_eyes"
                    : "its approvers") + ", so it is confirmed under your own login (" + login + "), not as "
                    + r.who() + ": drop --as, or let " + r.who() + " confirm it");
        }
        if (!approvers.isEmpty() && !approvers.contains(r.who())) {
            throw RunException.refused("step " + r.stepId() + " of run " + r.runId() + " may be confirmed only by its"
                    + " approvers (" + String.join(", ", approvers) + "), not by " + r.who() + "; ask one of them to"
                    + " confirm it (stepwise confirm, or the web console)");
        }
        if (fourEyes && r.who().equals(info.operator())) {
            throw RunException.refused("step " + r.stepId() + " has four_eyes: " + r.who() + " started run "
                    + r.runId() + " and may not confirm it; another " + (approvers.isEmpty() ? "operator"
                    : "approver (" + String.join(", ", approvers) + ")") + " must");
        }
    }

    /**
     * The first decision at a waiting step stands: once a confirm or reject is recorded for a host since the step
     * began waiting there, another one — the same or the opposite — is refused, naming who decided what and when.
     */
    private static void firstDecisionStands(Ledger ledger, List<StepKey> keys, DecisionRequest r) throws RunException {
        for (StepKey key : keys) {
            Optional<RunEvent> prior = ledger.decisionSinceWaiting(key);
            if (prior.isEmpty()) {
                continue;
            }
            RunEvent d = prior.get();
            String what = "confirm".equals(d.data().get("decision")) ? "confirmed" : "rejected";
            String note = d.note() == null || d.note().isBlank() ? "" : " (note: \"" + d.note().strip() + "\")";
            throw RunException.refused("step " + r.stepId() + " on " + key.host() + " of run " + r.runId() + " was already "
                    + what + " by " + d.actor() + " at " + d.at() + note + "; the first decision stands, so your "
                    + r.decision() + " is not recorded. " + ("confirm".equals(d.data().get("decision"))
                    ? "Resume the run to act on it: stepwise resume " + r.runId()
                    : "Resume the run (it fails the step) and decide again when it asks: stepwise resume " + r.runId()));
        }
    }

    private static List<StepKey> waitingHosts(Ledger ledger, RunInfo info, DecisionRequest r) throws RunException {
        Set<String> hosts = new LinkedHashSet<>();
        for (RunEvent e : ledger.events()) {
            if (e.type() == RunEvent.EventType.STEP_STATE && r.stepId().equals(e.stepId())
                    && (r.host() == null || r.host().equals(e.host()))) {
                hosts.add(e.host());
            }
        }
        List<StepKey> waiting = hosts.stream().map(h -> new StepKey(r.stepId(), h))
                .filter(k -> ledger.state(k) == StepState.WAITING_FOR_PERSON).toList();
        if (hosts.isEmpty() && r.host() != null) {
            List<String> elsewhere = ledger.events().stream().filter(e -> e.type() == RunEvent.EventType.STEP_STATE
                    && r.stepId().equals(e.stepId()) && e.host() != null).map(RunEvent::host).distinct().toList();
            if (!elsewhere.isEmpty()) {
                throw RunException.badInput("step " + r.stepId() + " of run " + info.id() + " has no host "
                        + Escape.terminal(r.host()) + io.stepwise.text.Suggest.didYouMean(r.host(), elsewhere)
                        + "; it runs on " + String.join(", ", elsewhere) + " (--host HOST, or no --host for all of them)");
            }
        }
        if (hosts.isEmpty() && !info.stepFingerprints().containsKey(r.stepId())) {
            throw RunException.badInput("run " + info.id() + " has no step " + r.stepId()
                    + io.stepwise.text.Suggest.didYouMean(r.stepId(), info.stepFingerprints().keySet())
                    + "; its steps: " + String.join(", ", info.stepFingerprints().keySet()));
        }
        if (waiting.isEmpty()) {
            String states = hosts.isEmpty() ? "it has not been reached yet"
                    : "its state is " + hosts.stream().map(h -> h + ": " + ledger.state(new StepKey(r.stepId(), h))
                    .name().toLowerCase(Locale.ROOT)).toList();
            throw RunException.badInput("step " + r.stepId() + " of run " + info.id() + " is not waiting for a person ("
                    + states + "); see stepwise status " + info.id());
        }
        return waiting;
    }
}
