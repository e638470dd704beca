package io.stepwise.model;

import java.util.List;
import java.util.function.Supplier;

/**
 * One step on the hosts it runs on. {@code key()} identifies it in the run store.
 *
 * @param hosts       the role's hosts, in inventory order
 * @param fingerprint {@code VERSION:SHA-256} of the canonical text of what the step does on its hosts, to detect
 *                    edits on resume
 * @param canonical   that text, one {@code path=value} line per fact; shown before/after when a step changed
 * @param legacy      computes the fingerprint as Stepwise computed it before fingerprints had versions, so a run
 *                    recorded then still matches its unchanged procedure; null when there is none. Only asked when
 *                    a recorded fingerprint is not {@code fingerprint} (a resume of such a run): planning does not
 *                    pay for it
 */
public record PlannedStep(Step step, List<Host> hosts, String fingerprint, String canonical,
                          Supplier<String> legacy) {
    /** A step with only a fingerprint (tests, or plans not meant for a run). */
    public PlannedStep(Step step, List<Host> hosts, String fingerprint) {
        this(step, hosts, fingerprint, null, null);
    }

    public String id() {
        return step.id();
    }

    /** The fingerprint before versions (see {@code legacy}), computed now; null when there is none. */
    public String legacyFingerprint() {
        return legacy == null ? null : legacy.get();
    }

    /** Whether {@code recorded} (as a run stored it) is this step's fingerprint, in any version. */
    public boolean matches(String recorded) {
        return recorded != null && (recorded.equals(fingerprint) || recorded.equals(legacyFingerprint()));
    }
}
