package io.stepwise.store;

import io.stepwise.model.StepState;
import java.time.Clock;
import java.util.Map;

/**
 * Appends events (and output) to a run until killed, printing each sequence number once the store
 * returned it, i.e. once it is durable. Args: store location, run id.
 */
public final class AppendForeverMain {
    private AppendForeverMain() {
    }

    public static void main(String[] args) throws Exception {
        try (RunStore store = RunStores.open(args[0], Clock.systemUTC())) {
            for (int i = 0; ; i++) {
                long seq = store.append(args[1], new RunEvent(0, null, RunEvent.EventType.STEP_STATE, "step-" + i,
                        "xop-a", StepState.RUNNING, 1, null, null, Map.of("i", Integer.toString(i))));
                store.appendOutput(args[1], "step-" + i, "xop-a", 1, "stdout", "line " + seq + "\n");
                System.out.println(seq);
                System.out.flush();
            }
        }
    }
}
