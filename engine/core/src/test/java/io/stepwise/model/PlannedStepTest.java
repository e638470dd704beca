package io.stepwise.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The unversioned fingerprint is computed only when a recorded fingerprint is not the current one. */
class PlannedStepTest {
    @Test
    void theLegacyFingerprintIsComputedOnlyWhenTheCurrentOneDiffers() {
        AtomicInteger computed = new AtomicInteger();
        PlannedStep s = new PlannedStep(null, List.of(), "1:current", "fingerprint=1\n", () -> {
            computed.incrementAndGet();
            return "legacy";
        });
        assertThat(s.matches("1:current")).isTrue();
        assertThat(s.matches(null)).isFalse();
        assertThat(computed).hasValue(0);
        assertThat(s.matches("legacy")).isTrue();
        assertThat(s.matches("1:other")).isFalse();
        assertThat(computed).hasValue(2);
        assertThat(s.legacyFingerprint()).isEqualTo("legacy");
    }

    @Test
    void aStepWithoutOneMatchesOnlyItsFingerprint() {
        PlannedStep s = new PlannedStep(null, List.of(), "fp-a");
        assertThat(s.legacyFingerprint()).isNull();
        assertThat(s.matches("fp-a")).isTrue();
        assertThat(s.matches("fp-b")).isFalse();
    }
}
