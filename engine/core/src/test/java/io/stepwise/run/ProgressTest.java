package io.stepwise.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.store.RunInfo;
import io.stepwise.store.RunStore;
import io.stepwise.testing.FakeClock;
import io.stepwise.testing.TempStore;
import io.stepwise.view.Screen;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A transfer's progress: bytes, rate and time left, on a terminal line and in the history. */
class ProgressTest {
    private static final long SECOND = 1_000_000_000L;

    private final StringWriter terminal = new StringWriter();
    private final RunStore store = TempStore.open(new FakeClock());

    @BeforeEach
    void createRun() throws Exception {
        store.createRun(new RunInfo("r1", "test", "c1", "t.yaml", "i.yaml", "tester", java.time.Instant.EPOCH,
                Map.of(), "", "", Map.of()));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }
    private final AtomicLong now = new AtomicLong();

    private StepOutput output(boolean tty) {
        Screen screen = new Screen(new PrintWriter(terminal, true), Map.of("pw", "s3cret"), tty);
        return new StepOutput(screen, store, "r1", new StepKey("copy-dump", "xop-b"), 1);
    }

    @Test
    void textGivesBytesOfTotalRateAndTimeLeft() {
        Progress p = new Progress(output(false), "copy", 1024L * 1024 * 1024, 0, now::get);
        now.set(2 * SECOND);
        assertThat(p.text(512L * 1024 * 1024, now.get()))
                .isEqualTo("copy: 512.0 MiB of 1.0 GiB (50%), 268.4 MB/s, 2 s left");
        assertThat(p.text(0, now.get())).isEqualTo("copy: 0 B of 1.0 GiB (0%), 0.0 MB/s");
    }

    @Test
    void aResumedTransferCountsItsRateFromWhereItResumed() {
        Progress p = new Progress(output(false), "copy", 300_000_000L, 100_000_000L, now::get);
        now.set(100 * SECOND);
        assertThat(p.text(200_000_000L, now.get())).contains("(66%), 1.0 MB/s, 1:40 min left");
    }

    @Test
    void anUnknownTotalShowsBytesAndRateOnly() {
        Progress p = new Progress(output(false), "copy (zstd)", -1, 0, now::get);
        now.set(SECOND);
        assertThat(p.text(3L * 1024 * 1024, now.get())).isEqualTo("copy (zstd): 3.0 MiB, 3.1 MB/s");
    }

    @Test
    void onATerminalOneLineUpdatesInPlaceAndTheHistoryGetsALineEveryFiveSeconds() throws Exception {
        StepOutput out = output(true);
        Progress p = new Progress(out, "copy", 100L * 1024 * 1024, 0, now::get);
        now.set(SECOND);
        p.at(10L * 1024 * 1024);
        now.set(SECOND + SECOND / 10);
        p.at(11L * 1024 * 1024); // too soon after the last: nothing
        now.set(10 * SECOND);
        p.at(90L * 1024 * 1024);
        out.save();
        assertThat(terminal.toString()).contains("\r[xop-b] copy: 10.0 MiB of 100.0 MiB (10%)")
                .doesNotContain("11.0 MiB")
                .contains("\r\u001b[K[xop-b] copy: 90.0 MiB of 100.0 MiB (90%)");
        assertThat(store.output("r1", "copy-dump", "xop-b")).contains("copy: 90.0 MiB of 100.0 MiB (90%)")
                .doesNotContain("10.0 MiB");
    }

    @Test
    void withoutATerminalOnlyTheHistoryLinesShow() {
        StepOutput out = output(false);
        Progress p = new Progress(out, "copy", 100, 0, now::get);
        now.set(SECOND);
        p.at(10);
        now.set(11 * SECOND);
        p.at(90);
        assertThat(terminal.toString()).doesNotContain("\r").doesNotContain("10 B of").contains("90 B of 100 B (90%)");
    }

    @Test
    void durableProgressIsAStructuredEventOfTheRunningStepThatStatusShowsUntilTheStepEnds() throws Exception {
        Ledger ledger = Ledger.load(store, "r1", java.time.Clock.systemUTC(), Map.of());
        StepKey key = new StepKey("copy-dump", "xop-b");
        ledger.move(key, io.stepwise.model.StepState.RUNNING, 1, null, Map.of());
        StepOutput out = output(false);
        out.progressTo((text, data) -> ledger.progress(key, 1, text, data));
        Progress p = new Progress(out, "copy", 100L * 1024 * 1024, 0, now::get);
        now.set(SECOND);
        p.at(1L * 1024 * 1024); // not yet: at most one event every 5 s
        now.set(5 * SECOND);
        p.at(50L * 1024 * 1024);

        java.util.List<io.stepwise.store.RunEvent> events = store.events("r1").stream()
                .filter(e -> e.type() == io.stepwise.store.RunEvent.EventType.PROGRESS).toList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).stepId()).isEqualTo("copy-dump");
        assertThat(events.get(0).host()).isEqualTo("xop-b");
        assertThat(events.get(0).note()).isEqualTo("copy: 50.0 MiB of 100.0 MiB (50%), 10.5 MB/s, 5 s left");
        assertThat(events.get(0).data()).containsEntry("bytes", String.valueOf(50L * 1024 * 1024))
                .containsEntry("total", String.valueOf(100L * 1024 * 1024))
                .containsEntry("bytes_per_s", "10485760").containsEntry("eta_s", "5").containsEntry("what", "copy");

        var layout = java.util.List.of(Map.entry("copy-dump", java.util.List.of("xop-b")));
        String json = io.stepwise.view.StatusView.run(store.run("r1").orElseThrow(), store.summary("r1").orElseThrow(),
                io.stepwise.view.Summary.rows(store.events("r1"), layout), null, true);
        assertThat(json.replaceAll("\\s+", " ")).contains("\"progress\" : { \"text\" : \"copy: 50.0 MiB of 100.0 MiB (50%)")
                .contains("\"bytes_per_s\" : \"10485760\"").contains("\"eta_s\" : \"5\"");
        assertThat(io.stepwise.view.Summary.table(io.stepwise.view.Summary.rows(store.events("r1"), layout)))
                .contains("copy: 50.0 MiB of 100.0 MiB (50%)");

        ledger.move(key, io.stepwise.model.StepState.SUCCEEDED, 1, null, Map.of());
        assertThat(io.stepwise.view.Summary.rows(store.events("r1"), layout).get(0).progress())
                .as("an ended step shows no progress").isNull();
    }

    @Test
    void sizesAndDurationsReadAsPeopleWriteThem() {
        assertThat(Progress.size(0)).isEqualTo("0 B");
        assertThat(Progress.size(1536)).isEqualTo("1.5 KiB");
        assertThat(Progress.size(5L * 1024 * 1024 * 1024 * 1024)).isEqualTo("5.0 TiB");
        assertThat(Progress.duration(59)).isEqualTo("59 s");
        assertThat(Progress.duration(61)).isEqualTo("1:01 min");
        assertThat(Progress.duration(3 * 3600 + 120)).isEqualTo("3:02 h");
    }
}
