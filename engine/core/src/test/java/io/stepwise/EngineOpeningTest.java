package io.stepwise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Engine#opening}: the store opens on a thread of its own while the run is planned; a run recorded that way is
 * the same as one through {@link Engine#open}, a store that cannot be opened fails the start before anything runs,
 * and closing the engine closes what the thread opened.
 */
class EngineOpeningTest {
    @TempDir
    Path dir;

    private Path procedure(Path marker) throws Exception {
        return Files.writeString(dir.resolve("p.yaml"), "procedure: p\ntitle: P\nroles:\n  box: here\nsteps:\n"
                + "  - id: touch\n    on: box\n    run: echo ran >> " + marker + "\n");
    }

    private Path inventory() throws Exception {
        return Files.writeString(dir.resolve("i.yaml"),
                "cluster: lab\nhosts:\n  - {name: here, roles: [box], connection: local}\n");
    }

    private static Engine.Settings settings() {
        return Engine.Settings.of(new PrintWriter(new StringWriter(), true), true);
    }

    @Test
    void aRunStartedWhileTheStoreOpensIsRecordedAsAnyOther() throws Exception {
        Path marker = dir.resolve("marker");
        String store = dir.resolve("runs.db").toString();
        try (Engine engine = Engine.opening(store, settings())) {
            assertThat(engine.start(procedure(marker), inventory(), Map.of(), "r1").outcome())
                    .isEqualTo(RunResult.Outcome.FINISHED);
        }
        assertThat(Files.readString(marker)).isEqualTo("ran\n");
        try (Engine again = Engine.open(store, settings())) {
            assertThat(again.runs()).singleElement().satisfies(r -> {
                assertThat(r.id()).isEqualTo("r1");
                assertThat(r.state().name()).isEqualTo("FINISHED");
            });
            // the run's first write: how it started, what it planned, its move to RUNNING (once), all at one time
            var events = again.events("r1");
            assertThat(events.subList(0, 4)).extracting(e -> e.type().name() + (e.runState() == null ? ""
                    : " " + e.runState())).containsExactly("RUN_STARTED", "PLANNED", "RUN_STATE RUNNING", "STEP_STATE");
            assertThat(events.subList(0, 3)).extracting(io.stepwise.store.RunEvent::at).containsOnly(events.get(0).at());
            assertThat(events).filteredOn(e -> e.runState() == io.stepwise.store.RunState.RUNNING).hasSize(1);
        }
    }

    @Test
    void aStoreThatCannotBeOpenedFailsTheStartBeforeAnythingRuns() throws Exception {
        Path marker = dir.resolve("marker");
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        Engine engine = Engine.opening(file.resolve("runs.db").toString(), settings());
        assertThatThrownBy(() -> engine.start(procedure(marker), inventory(), Map.of(), "r1"))
                .isInstanceOf(StepwiseException.class)
                .hasMessageContaining("cannot create the directory of run store " + file.resolve("runs.db"));
        assertThat(marker).doesNotExist();
        engine.close(); // nothing was opened: nothing to close, and no error
        Engine unused = Engine.opening(file.resolve("runs.db").toString(), settings());
        unused.close();
    }

    @Test
    void closingAnEngineNobodyUsedClosesTheStoreItsThreadOpened() throws Exception {
        Path store = dir.resolve("runs.db");
        Engine.opening(store.toString(), settings()).close();
        assertThat(store).exists();
        // SQLite removes the write-ahead log when the last connection to the file closes
        assertThat(dir.resolve("runs.db-wal")).doesNotExist();
        assertThat(dir.resolve("runs.db-shm")).doesNotExist();
    }
}
