package io.stepwise.web.view;

import java.util.List;

/** One step of a run: its overall state and each host; {@code open} shows its details (a failed step opens itself). */
public record StepView(String id, String state, boolean open, boolean waiting, List<HostView> hosts) {
}
