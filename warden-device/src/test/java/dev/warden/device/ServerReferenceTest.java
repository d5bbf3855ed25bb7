package dev.warden.device;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerReferenceTest {
    @Test
    void exactlyOneHostAndPortIsAccepted() {
        assertThat(ServerReference.parse("localhost:8883")).contains(new ServerReference("localhost", 8883));
        assertThat(ServerReference.parse("10.0.0.7:1883")).contains(new ServerReference("10.0.0.7", 1883));
        assertThat(ServerReference.parse("[::1]:8883")).contains(new ServerReference("::1", 8883));
        assertThat(new ServerReference("::1", 8883)).hasToString("[::1]:8883");
    }

    @Test
    void anythingElseIsRefused() {
        for (String text : new String[] {
            null,
            "",
            "localhost",
            "mqtts://localhost:8883",
            "a:8883 b:8883",
            "user@host:8883",
            "host:0",
            "host:70000",
            "host:8883/path",
            " host:8883",
            "-host:8883"
        }) {
            assertThat(ServerReference.parse(text)).as(String.valueOf(text)).isEmpty();
        }
    }
}
