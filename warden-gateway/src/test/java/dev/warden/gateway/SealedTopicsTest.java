package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Opt-in sealing per topic: only the declared subtrees require an envelope, and a failing recognizer refuses. */
class SealedTopicsTest {
    private static final byte[] ENVELOPE = {'E'};
    private static final byte[] PLAINTEXT = {'{'};
    private final SealedTopics sealed = SealedTopics.of(List.of("devices/+/sealed/#"), p -> p[0] == 'E');

    @Test
    void aPlaintextIsRefusedOnlyWhereSealingIsRequired() {
        assertThat(sealed.refuses("devices/d1/sealed/temp", PLAINTEXT)).isTrue();
        assertThat(sealed.refuses("devices/d1/sealed", PLAINTEXT))
                .as("# matches the parent level")
                .isTrue();
        assertThat(sealed.refuses("devices/d1/sealed/temp", ENVELOPE)).isFalse();
        assertThat(sealed.refuses("devices/d1/telemetry", PLAINTEXT)).isFalse();
        assertThat(SealedTopics.NONE.refuses("devices/d1/sealed/temp", PLAINTEXT))
                .isFalse();
    }

    @Test
    void aRecognizerThatFailsRefusesAndABadFilterIsRejected() {
        SealedTopics failing = SealedTopics.of(List.of("s/#"), p -> {
            throw new IllegalStateException("boom");
        });
        assertThat(failing.refuses("s/x", ENVELOPE)).isTrue();
        assertThatThrownBy(() -> SealedTopics.of(List.of("a/#/b"), p -> true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
