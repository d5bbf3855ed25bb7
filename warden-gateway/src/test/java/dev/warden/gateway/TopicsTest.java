package dev.warden.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicsTest {
    private static final GatewayLimits LIMITS = GatewayLimits.defaults();

    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "a/b/c, a/b/c, true",
        "a/+/c, a/b/c, true",
        "a/+/c, a/b/d, false",
        "a/#, a, true",
        "a/#, a/b/c, true",
        "#, a/b, true",
        "+, a/b, false",
        "+/+, /b, true",
        "a/b, a/b/c, false",
        "a/b/c, a/b, false",
        "#, $SYS/broker, false",
        "+/broker, $SYS/broker, false",
        "$SYS/#, $SYS/broker, true",
        "a//c, a//c, true",
    })
    void matchesAsTheSpecSays(String filter, String topic, boolean expected) {
        assertThat(Topics.matches(filter, topic)).isEqualTo(expected);
    }

    @Test
    void validatesFilters() {
        assertThat(Topics.isValidFilter("a/+/#", LIMITS)).isTrue();
        assertThat(Topics.isValidFilter("a/#/b", LIMITS)).isFalse();
        assertThat(Topics.isValidFilter("a/b#", LIMITS)).isFalse();
        assertThat(Topics.isValidFilter("a/b+/c", LIMITS)).isFalse();
        assertThat(Topics.isValidFilter("", LIMITS)).isFalse();
        assertThat(Topics.isValidFilter("a/b/c/d/e/f/g/h/i", LIMITS))
                .as("more than 8 levels")
                .isFalse();
        assertThat(Topics.isValidFilter("x".repeat(257), LIMITS))
                .as("longer than 256 bytes")
                .isFalse();
    }

    @Test
    void validatesTopicNames() {
        assertThat(Topics.isValidName("devices/a/telemetry", LIMITS)).isTrue();
        assertThat(Topics.isValidName("devices/+/telemetry", LIMITS)).isFalse();
        assertThat(Topics.isValidName("devices/#", LIMITS)).isFalse();
        assertThat(Topics.isValidName("nul\u0000byte", LIMITS)).isFalse();
    }

    @Test
    void parsesSharedSubscriptions() {
        assertThat(Topics.shared("devices/a")).isNull();
        assertThat(Topics.shared("$share/g1/devices/+/t")).isEqualTo(new Topics.SharedFilter("g1", "devices/+/t"));
        assertThatThrownBy(() -> Topics.shared("$share/g1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.shared("$share//a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topics.shared("$share/g+/a")).isInstanceOf(IllegalArgumentException.class);
    }
}
