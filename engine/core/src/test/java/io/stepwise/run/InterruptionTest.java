package io.stepwise.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Action;
import io.stepwise.model.Plan;
import io.stepwise.model.StepState;
import io.stepwise.store.RunEvent;
import io.stepwise.transport.Stopped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What Ctrl-C records for each running step, from how the stop of its commands turned out on each host. */
class InterruptionTest {
    private static final Action.Copy DIRECT = new Action.Copy("primary", "/d/master_db.sql", "secondary",
            "/d/master_db.sql", null, Action.Via.DIRECT, false);

    @Test
    void aCopyWhoseSenderOnTheOtherEndDidNotStopIsInDoubt() throws Exception {
        Fixture f = new Fixture().hosts("primary", "a").hosts("secondary", "b");
        Plan plan = f.plan(StepBuilder.of("copy-dump", DIRECT).on("secondary").build());
        f.run(plan); // records the run; the copy itself fails here (no such file), which does not matter
        Ledger ledger = f.ledger();
        StepKey key = new StepKey("copy-dump", "b");
        ledger.move(key, StepState.RUNNING, 2, null, Map.of());
        List<String> lines = Interruption.record(plan, ledger, Set.of(key),
                List.of(new Stopped("a", 4242, true, false, "the host did not answer within 3s")));
        assertThat(ledger.state(key)).isEqualTo(StepState.IN_DOUBT);
        RunEvent e = ledger.lastState(key);
        assertThat(e.data()).containsEntry(Interruption.UNSTOPPED,
                "its command on a, the copy's other end, did not stop: the host did not answer within 3s")
                .doesNotContainKey(Interruption.PID);
        assertThat(String.join("\n", lines)).contains("may still be running", "--retry copy-dump", "--assume-done");
    }

    @Test
    void aCopyWhoseTargetCommandWasNotSentButWhoseSenderDidNotStopIsInDoubtNotUnstarted() throws Exception {
        Fixture f = new Fixture().hosts("primary", "a").hosts("secondary", "b");
        Plan plan = f.plan(StepBuilder.of("copy-dump", DIRECT).on("secondary").build());
        f.run(plan);
        Ledger ledger = f.ledger();
        StepKey key = new StepKey("copy-dump", "b");
        ledger.move(key, StepState.RUNNING, 2, null, Map.of());
        Interruption.record(plan, ledger, Set.of(key), List.of(Stopped.notStarted("b"),
                new Stopped("a", 4242, true, false, "the host did not answer within 3s")));
        assertThat(ledger.state(key)).isEqualTo(StepState.IN_DOUBT);
        assertThat(ledger.lastState(key).data()).doesNotContainKey(Interruption.NOT_STARTED);
    }

    @Test
    void aCopyStoppedOnBothEndsIsInterrupted() throws Exception {
        Fixture f = new Fixture().hosts("primary", "a").hosts("secondary", "b");
        Plan plan = f.plan(StepBuilder.of("copy-dump", DIRECT).on("secondary").build());
        f.run(plan);
        Ledger ledger = f.ledger();
        StepKey key = new StepKey("copy-dump", "b");
        ledger.move(key, StepState.RUNNING, 2, null, Map.of());
        Interruption.record(plan, ledger, Set.of(key), List.of(new Stopped("a", 4242, true, true, null)));
        assertThat(ledger.state(key)).isEqualTo(StepState.INTERRUPTED);
    }
}
