package io.stepwise.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * {@code stepwise rehearse --kill-each-step} of secondary-resync on the lab, reset between runs by
 * examples/lab/reset. CI runs a representative subset of the steps ({@link #CI_STEPS}: the dump, its copy to
 * the secondary checksummed on both ends, its coordinates read on arrival, loading the dump,
 * re-pointing replication, the marker write and the manual check) at every kill point, to stay lean; the whole procedure is rehearsed by hand
 * (figures in docs/authoring.md).
 */
class RehearseOnLabTest {
    static final String[] CI_STEPS = {"dump-primary", "copy-dump", "dump-arrived", "apply-dump", "change-source", "ha-marker-write",
        "ha-page"};

    @Test
    void secondaryResyncResumesToTheCleanRunsEndStateFromAKillAtEveryRehearsedStep() throws Exception {
        try (Lab lab = Lab.start(true)) {
            Stepwise sw = new Stepwise(lab);
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("rehearse",
                    lab.procedure("secondary-resync").toString(), "-i", lab.inventory().toString(), "--reset",
                    lab.root().resolve("examples/lab/reset") + " " + lab.dir(), "--answers",
                    lab.root().resolve("examples/rehearsals/secondary-resync.answers.yaml").toString(), "--out",
                    lab.dir().resolve("rehearsal").toString(), "--kill-each-step", "--only"));
            args.addAll(java.util.List.of(CI_STEPS));
            Stepwise.Result r = sw.run(1800, args.toArray(String[]::new));
            assertThat(r.exit()).as(r.output()).isZero();
            assertThat(r.output()).contains("PASSED:").doesNotContain("DIFFERENT", "ended different", "not reached");
            for (String step : CI_STEPS) {
                assertThat(r.output()).as(step).containsPattern("(?m)^" + step + "\\s+.*(resumed cleanly|needed a decision)$");
            }
            String json = Files.readString(lab.dir().resolve("rehearsal/rehearsal.json"));
            assertThat(json).contains("\"passed\" : true", "\"apply-dump\" : \"resumed cleanly\"");
        }
    }
}
