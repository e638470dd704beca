package io.stepwise.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.stepwise.model.Procedure;
import io.stepwise.text.Durations;
import io.stepwise.text.Suggest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One pass reports every problem of a file, sorted by position; small helpers behave. */
class AllProblemsTest {
    @Test
    void everyProblemOfAFileInOnePass() {
        String yaml = """
                procedure: demo
                title: t
                roles: {primary: p}
                steps:
                  - id: a
                    on: primray
                    nedds: [b]
                    run: echo {{nope}}
                  - id: b
                    on: primary
                    needs: [c]
                    timeout: 10
                    run: echo b
                  - id: c
                    on: primary
                    needs: [b]
                    run: echo c
                    sql: SELECT 1
                """;
        Loaded<?> l = ProcedureLoader.parse("m.yaml", yaml, null);
        List<String> where = l.errors().stream().map(p -> p.mark().line() + ":" + p.mark().column()).toList();
        assertThat(where).containsExactly("6:9", "7:5", "8:15", "11:13", "12:14", "18:5");
        assertThat(l.errors().get(3).message()).contains("cycle in needs: c -> b -> c");
    }

    @Test
    void aWordOutsideItsChoicesNamesThemAndTheDefaultStandsIn() {
        String yaml = """
                procedure: demo
                title: t
                roles: {a: x, b: y}
                steps:
                  - {id: m, on: a, manual: look, on_timeout: wait}
                  - {id: c, on: b, copy: {from: "a:/f", to: "b:/f", via: rsync}}
                  - {id: d, on: b, copy: {from: "a:/f", to: "b:/g", via: direct}}
                """;
        Loaded<Procedure> l = ProcedureLoader.parse("c.yaml", yaml, null);
        assertThat(l.errors()).extracting(Problem::message).containsExactly(
                "step 'm' 'on_timeout': expected pause or fail, got 'wait'",
                "step 'c' 'copy' 'via': expected engine or direct, got 'rsync'");
        assertThat(l.errors()).extracting(p -> p.mark().line()).containsExactly(5, 6);
    }

    @Test
    void optionalCapturingAncestorIsAWarning() {
        String yaml = """
                procedure: demo
                title: t
                roles: {primary: p}
                steps:
                  - {id: a, on: primary, optional: true, run: echo 1, capture: {x: "([0-9])"}}
                  - {id: b, on: primary, run: "echo {{x}}"}
                """;
        Loaded<?> l = ProcedureLoader.parse("o.yaml", yaml, null);
        assertThat(l.errors()).isEmpty();
        assertThat(l.warnings()).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("{{x}} is captured by step 'a', which may be skipped");
            assertThat(p.mark().line()).isEqualTo(6);
        });
    }

    @Test
    void durations() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("2m30s")).isEqualTo(Duration.ofSeconds(150));
        assertThat(Durations.parse("10")).isNull();
        assertThat(Durations.parse("5 minutes")).isNull();
        assertThat(Durations.parse("PT5M")).isNull();
        assertThat(Durations.parse("m")).isNull();
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    }

    @Test
    void suggestions() {
        assertThat(Suggest.didYouMean("nedds", List.of("needs", "id"))).isEqualTo(" (did you mean 'needs'?)");
        assertThat(Suggest.didYouMean("primray", List.of("primary", "secondary"))).contains("'primary'");
        assertThat(Suggest.didYouMean("zzzzzz", List.of("needs"))).isEmpty();
    }
}
