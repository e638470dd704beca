package io.stepwise.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.store.Decision;
import io.stepwise.store.RunEvent;
import io.stepwise.store.RunInfo;
import io.stepwise.store.RunState;
import io.stepwise.store.RunSummary;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A run's state is its history: every change an event through the ledger, checked against one table. */
class RunStateEventsTest {
    @Test
    void everyChangeIsAnEventAndTheSummaryRowFollowsIt() throws Exception {
        Fixture f = new Fixture();
        f.store.createRun(new RunInfo("r1", "test", "c1", "test.yaml", "inv.yaml", "tester", f.time.instant(),
                Map.of(), "", "", Map.of()));
        Ledger ledger = f.ledger();
        ledger.runState(RunState.PAUSED, "verify", null, null, null);
        ledger.runState(RunState.RUNNING, null, "bob", null, null);
        ledger.runState(RunState.ABANDONED, null, "bob", "disk replaced", Decision.ABANDON);

        assertThat(f.store.events("r1")).filteredOn(e -> e.type() == RunEvent.EventType.RUN_STATE)
                .extracting(RunEvent::runState)
                .containsExactly(RunState.PAUSED, RunState.RUNNING, RunState.ABANDONED);
        assertThat(f.store.runs()).extracting(RunSummary::state).containsExactly(RunState.ABANDONED);
        RunEvent abandoned = f.store.events("r1").get(2);
        assertThat(Decision.of(abandoned)).as("the decision and the change are one event").isEqualTo(Decision.ABANDON);
        assertThat(abandoned.actor()).isEqualTo("bob");
        assertThat(abandoned.note()).isEqualTo("disk replaced");
        assertThat(f.ledger().runState()).as("rebuilt from the store").isEqualTo(RunState.ABANDONED);
    }

    @Test
    void aRunThatIsOverNeverMovesAgain() throws Exception {
        Fixture f = new Fixture();
        f.store.createRun(new RunInfo("r1", "test", "c1", "test.yaml", "inv.yaml", "tester", f.time.instant(),
                Map.of(), "", "", Map.of()));
        Ledger ledger = f.ledger();
        ledger.runState(RunState.FINISHED, null, null, null, null);
        assertThatThrownBy(() -> ledger.runState(RunState.RUNNING, null, null, null, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("FINISHED -> RUNNING");
        assertThat(f.store.events("r1")).hasSize(1);
    }

    @Test
    void theTableEndsInFinishedOrAbandonedAndEveryStateIsReachable() {
        EnumSet<RunState> reached = EnumSet.noneOf(RunState.class);
        RunState.TRANSITIONS.values().forEach(reached::addAll);
        assertThat(reached).containsExactlyInAnyOrder(RunState.values());
        for (RunState s : RunState.values()) {
            assertThat(RunState.TRANSITIONS.get(s).isEmpty()).as(s + " is final").isEqualTo(!s.active());
            if (s.active()) {
                assertThat(s.canMoveTo(RunState.ABANDONED)).as(s + " can be abandoned").isTrue();
            }
        }
    }
}
