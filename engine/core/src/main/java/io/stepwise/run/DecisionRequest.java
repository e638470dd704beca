package io.stepwise.run;

import io.stepwise.store.Decision;
import io.stepwise.view.EvidenceValue;
import java.util.List;

/**
 * A person's confirm or reject of a step waiting for one, from any channel, as handed to
 * {@link Gates#decide}.
 *
 * @param runId        the run
 * @param stepId       the step
 * @param host         one host of the step, or null for every host waiting
 * @param confirm      true to confirm, false to reject
 * @param who          the name recorded ({@code --as}, or the login / signed-in operator)
 * @param note         the person's note (required to reject)
 * @param channel      where it came from
 * @param evidenceSeen the evidence values the person was shown; null when the channel showed the values
 *                     recorded at the moment of deciding (the CLI prints them)
 */
public record DecisionRequest(String runId, String stepId, String host, boolean confirm, String who, String note,
                              Channel channel, List<EvidenceValue> evidenceSeen) {
    public DecisionRequest {
        evidenceSeen = evidenceSeen == null ? null : List.copyOf(evidenceSeen);
    }

    /** confirm or reject, as recorded. */
    Decision decision() {
        return confirm ? Decision.CONFIRM : Decision.REJECT;
    }
}
