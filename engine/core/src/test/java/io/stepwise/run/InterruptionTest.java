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

    /** A direct copy from a (primary) to b (secondary), recorded running on b: what Ctrl-C finds. */
    private record Running(Plan plan, Ledger ledger, StepKey key) {
    }

    private static Running directCopyRunning() throws Exception {
        Fixture f = new Fixture().hosts("primary", "a").hosts("secondary", "b");
        Plan plan = f.plan(StepBuilder.of("copy-dump", DIRECT).on("secondary").build());
        f.run(plan); // records the run; the copy itself fails here (no such file), which does not matter
        Ledger ledger = f.ledger();
        StepKey key = new StepKey("copy-dump", "b");
        ledger.move(key, StepState.RUNNING, 2, null, Map.of());
        return new Running(plan, ledger, key);
    }

    @Test
    void aCopyWhoseSenderOnTheOtherEndDidNotStopIsInDoubt() throws Exception {
        Running r = directCopyRunning();
        List<String> lines = Interruption.record(r.plan(), r.ledger(), Set.of(r.key()),
                List.of(new Stopped("a", 4242, true, false, "the host did not answer within 3s")));
        assertThat(r.ledger().state(r.key())).isEqualTo(StepState.IN_DOUBT);
        RunEvent e = r.ledger().lastState(r.key());
        assertThat(e.data()).containsEntry(Interruption.UNSTOPPED,
                "its command on a, the copy's other end, did not stop: the host did not answer within 3s")
                .doesNotContainKey(Interruption.PID);
        assertThat(String.join("\n", lines)).contains("may still be running", "--retry copy-dump", "--assume-done");
    }

    @Test
    void aCopyWhoseTargetCommandWasNotSentButWhoseSenderDidNotStopIsInDoubtNotUnstarted() throws Exception {
        Running r = directCopyRunning();
        Interruption.record(r.plan(), r.ledger(), Set.of(r.key()), List.of(Stopped.notStarted("b"),
                new Stopped("a", 4242, true, false, "the host did not answer within 3s")));
        assertThat(r.ledger().state(r.key())).isEqualTo(StepState.IN_DOUBT);
        assertThat(r.ledger().lastState(r.key()).data()).doesNotContainKey(Interruption.NOT_STARTED);
    }

    @Test
    void aCopyStoppedOnBothEndsIsInterrupted() throws Exception {
        Running r = directCopyRunning();
        Interruption.record(r.plan(), r.ledger(), Set.of(r.key()), List.of(new Stopped("a", 4242, true, true, null)));
        assertThat(r.ledger().state(r.key())).isEqualTo(StepState.INTERRUPTED);
    }
}
