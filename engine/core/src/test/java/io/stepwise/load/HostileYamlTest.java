package io.stepwise.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Hostile input gives an error problem quickly: no exception, no hang, no OutOfMemoryError. */
class HostileYamlTest {
    static Loaded<?> load(String text) {
        return assertTimeoutPreemptively(Duration.ofSeconds(2), () -> ProcedureLoader.parse("h.yaml", text, null));
    }

    static void assertError(String text, String fragment) {
        Loaded<?> l = load(text);
        assertThat(l.value()).isNull();
        assertThat(l.errors()).anySatisfy(p -> assertThat(p.message()).contains(fragment));
    }

    @Test
    void billionLaughs() {
        StringBuilder sb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            sb.append(c).append(": &").append(c).append(" [").append(("*" + (char) (c - 1) + ",").repeat(8))
                    .append('*').append((char) (c - 1)).append("]\n");
        }
        assertError(sb.toString(), "aliases");
    }

    @Test
    void recursiveAliasesAreHarmless() {
        assertError("procedure: &p [*p]\n", "procedure");
        assertError("steps: &s [*s]\nprocedure: x\ntitle: t\nroles: {a: b}\n", "step 1: expected a mapping");
    }

    @Test
    void deepNesting() {
        assertError("procedure: " + "[".repeat(100_000) + "]".repeat(100_000), "nested deeper than 40");
        assertError("procedure: " + "{a: ".repeat(10_000) + "}".repeat(10_000), "nested deeper than 40");
    }

    @Test
    void hugeScalarAndDocument() {
        assertError("procedure: \"" + "x".repeat(5_000_000) + "\"\n", "at most 262144");
        Loaded<?> l = load("procedure: x\ntitle: \"" + "y".repeat(250_000) + "\"\nroles: {a: b}\nsteps: [{id: s, on: a, run: x}]\n");
        assertThat(l.errors()).isEmpty();
    }

    @Test
    void explicitTagsOfEveryKind() {
        assertError("procedure: !!java.lang.Runtime x\n", "YAML tag");
        assertError("procedure: !<tag:yaml.org,2002:str> x\n", "YAML tag");
        assertError("procedure: x\nsteps: !!seq []\n", "YAML tag");
        assertError("%TAG !e! tag:example.com,2000:\n---\nprocedure: !e!x y\n", "YAML tag");
    }

    @Test
    void severalDocumentsAndGarbage() {
        assertError("procedure: a\n---\nprocedure: b\n", "second YAML document");
        assertError("\u0000\u0001\u0002", "YAML");
        assertError("key: 'unterminated\n", "YAML syntax");
        assertError("", "empty");
    }
}
