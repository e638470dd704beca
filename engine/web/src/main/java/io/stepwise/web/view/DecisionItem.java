package io.stepwise.web.view;

import java.util.List;

/**
 * A recorded decision: when, who, what, on which step and host, through which channel, with their note and
 * the evidence they saw. A refused decision (its evidence changed before the engine acted) says so.
 */
public record DecisionItem(String at, String who, String decision, String step, String host, String channel,
                           String note, List<EvidenceItem> saw) {
}
