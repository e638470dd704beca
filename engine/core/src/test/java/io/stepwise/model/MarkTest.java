package io.stepwise.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkTest {
    @Test
    void aPlacePrefixesTheMessage() {
        assertThat(new Mark("proc.yaml", 13, 5).prefix("no value for {{picked}}"))
                .isEqualTo("proc.yaml:13:5: no value for {{picked}}");
    }

    @Test
    void noPlaceLeavesTheMessageAlone() {
        assertThat(Mark.NONE.prefix("no value for {{picked}}")).isEqualTo("no value for {{picked}}");
    }
}
