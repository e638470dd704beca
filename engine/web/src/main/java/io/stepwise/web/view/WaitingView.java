package io.stepwise.web.view;

import java.util.List;

/**
 * A step waiting for a person: what to do, the evidence shown now, who may decide, and whether this operator may.
 *
 * @param waiting        the step waits for a person now
 * @param optionalChoice it waits for the choice to run an optional step (confirm runs it, reject skips it)
 * @param rules          who may confirm, in words (approvers, four_eyes); empty when anyone may
 * @param refusal        why this operator may not decide (null: they may)
 * @param resumeCommand  what continues the run once decided; null when an engine waits at the step
 */
public record WaitingView(String runId, String stepId, List<String> hosts, String instructions,
                          List<EvidenceItem> evidence, boolean waiting, boolean optionalChoice, String state,
                          List<String> rules, String refusal, String resumeCommand) {
}
