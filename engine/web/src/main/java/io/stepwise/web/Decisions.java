package io.stepwise.web;

import io.stepwise.Engine;
import io.stepwise.StepwiseException;
import io.stepwise.run.Channel;
import io.stepwise.run.DecisionRequest;
import io.stepwise.run.RunException;
import io.stepwise.store.StoreException;
import io.stepwise.view.EvidenceValue;
import io.stepwise.web.view.EvidenceItem;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A confirm or reject from the web, recorded by the same code as {@code stepwise confirm/reject} and the
 * terminal prompt ({@code Engine.decide(DecisionRequest)} → {@code Gates}): the step must wait, a reject needs
 * a note, approvers and four_eyes apply, and the evidence the person saw (sent back by the page) must still be
 * what is shown. The channel is web with the client's address; the name is the signed-in operator's.
 */
final class Decisions {
    private Decisions() {
    }

    static synchronized void decide(Engine engine, String runId, String stepId, boolean confirm, String note,
                                    String operator, String address, List<EvidenceValue> seen)
            throws StepwiseException {
        engine.decide(new DecisionRequest(runId, stepId, null, confirm, operator, note,
                Channel.web(address, operator), seen));
    }

    /** The evidence values a decision form carried back ({@code evidence.N.title/host/value}), in order. */
    static List<EvidenceValue> seen(Function<String, String> form) {
        List<EvidenceValue> out = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            String title = EvidenceItem.decode(form.apply("evidence." + i + ".title"));
            if (title == null) {
                break;
            }
            String host = EvidenceItem.decode(form.apply("evidence." + i + ".host"));
            out.add(new EvidenceValue(title, host == null || host.isEmpty() ? null : host,
                    EvidenceItem.decode(form.apply("evidence." + i + ".value"))));
        }
        return out;
    }
}
