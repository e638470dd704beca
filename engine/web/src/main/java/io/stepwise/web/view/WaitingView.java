package io.stepwise.web.view;

import java.util.List;

/**
 * A step waiting for a person: what to do, the evidence, and whether this operator may decide.
 *
 * @param refusal why this operator may not decide (null: they may)
 */
public record WaitingView(String runId, String stepId, List<String> hosts, String instructions,
                          List<EvidenceItem> evidence, boolean waiting, String state, String refusal,
                          String resumeCommand) {
}
