package io.stepwise.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.Engine;
import io.stepwise.RunResult;
import io.stepwise.model.Ticker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runs page puts the runs that need a person first: paused at a gate, then failed ones, then the finished. */
class RunsPageOrderTest {
    @TempDir
    Path dir;

    @Test
    void aFailedRunComesBeforeANewerFinishedOneAndAfterThePausedOne() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(dir)) {
            // each on its own cluster, so that the paused run's cluster lock does not refuse them
            Files.writeString(dir.resolve("broken.yaml"), """
                    procedure: broken
                    title: Fails at once
                    roles: {box: this machine}
                    steps:
                      - {id: boom, on: box, run: "exit 3"}
                    """);
            Files.writeString(dir.resolve("fine.yaml"), """
                    procedure: fine
                    title: Finishes
                    roles: {box: this machine}
                    steps:
                      - {id: ok, on: box, run: "true"}
                    """);
            Files.writeString(dir.resolve("c1.yaml"), "cluster: c1\nhosts:\n  - {name: h1, roles: [box], connection: local}\n");
            Files.writeString(dir.resolve("c2.yaml"), "cluster: c2\nhosts:\n  - {name: h2, roles: [box], connection: local}\n");
            try (Engine e = Engine.open(dir.resolve("runs.db").toString(), new Engine.Settings(Map.of(),
                    new PrintWriter(new StringWriter()), Clock.systemUTC(), Ticker.SYSTEM, true, "carol"))) {
                // the failed run is the older one: newest-first alone would list the finished run before it
                assertThat(e.start(dir.resolve("broken.yaml"), dir.resolve("c1.yaml"), Map.of(), "r-failed").outcome())
                        .isEqualTo(RunResult.Outcome.FAILED);
                assertThat(e.start(dir.resolve("fine.yaml"), dir.resolve("c2.yaml"), Map.of(), "r-done").outcome())
                        .isEqualTo(RunResult.Outcome.FINISHED);
            }
            ConsoleFixture.Client c = f.client();
            assertThat(c.signIn(f.viewerToken).statusCode()).isEqualTo(303);
            String table = c.get("/runs/table").body();
            int paused = table.indexOf("/runs/r-1\"");
            int failed = table.indexOf("/runs/r-failed\"");
            int done = table.indexOf("/runs/r-done\"");
            assertThat(paused).as("the paused run is listed").isNotNegative();
            assertThat(failed).as("the failed run is listed").isNotNegative();
            assertThat(done).as("the finished run is listed").isNotNegative();
            assertThat(paused).as("paused before failed").isLessThan(failed);
            assertThat(failed).as("failed (a person resumes it) before the newer finished run").isLessThan(done);
        }
    }
}
