package io.stepwise.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.load.Loaded;
import io.stepwise.load.ProcedureLoader;
import io.stepwise.model.Procedure;
import io.stepwise.model.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file in procedures/ loads with no error and no warning, and reads like the guide. */
class ShippedProceduresTest {
    static Stream<Path> procedures() throws IOException {
        try (Stream<Path> files = Files.list(Lab.repoRoot().resolve("procedures"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void theFiveProceduresOfTheGuideAreThere() throws IOException {
        assertThat(procedures().map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                "ha-install.yaml", "software-update.yaml", "secondary-resync.yaml", "connectivity-check.yaml",
                "ha-status.yaml");
    }

    @ParameterizedTest
    @MethodSource("procedures")
    void validatesCleanly(Path file) {
        Loaded<Procedure> loaded = ProcedureLoader.read(file, null);
        assertThat(loaded.problems()).as(file.toString()).isEmpty();
        assertThat(loaded.value().steps()).isNotEmpty();
    }

    @Test
    void everyNumberedGuideStepHasAStepTitledWithItsNumber() {
        assertNumbers("software-update", "2.1.", 12);
        assertNumbers("secondary-resync", "3.2.", 8);
        assertNumbers("ha-install", "1.3.", 11);
        assertThat(titles("ha-install")).anyMatch(t -> t.startsWith("1.1 ")).anyMatch(t -> t.startsWith("1.2.1 "))
                .anyMatch(t -> t.startsWith("1.2.2 "));
    }

    private static void assertNumbers(String procedure, String prefix, int count) {
        List<String> titles = titles(procedure);
        for (int i = 1; i <= count; i++) {
            String number = prefix + i + " ";
            assertThat(titles).as("%s has a step for %s", procedure, number).anyMatch(t -> t.startsWith(number));
        }
    }

    private static List<String> titles(String procedure) {
        Procedure p = ProcedureLoader.read(Lab.repoRoot().resolve("procedures/" + procedure + ".yaml"), null).orThrow();
        return p.steps().stream().map(Step::title).toList();
    }
}
