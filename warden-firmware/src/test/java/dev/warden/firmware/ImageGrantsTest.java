package dev.warden.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ImageGrantsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private final ImageGrants grants = new ImageGrants(new SecureRandom());

    @Test
    void aGrantAllowsItsThingAndReleaseUntilItExpires() {
        String grant = grants.issue("sensor-1", "sensor", "2.4.0", T0.plusSeconds(3600));

        assertThat(grants.verify(grant, T0))
                .hasValue(new ImageGrants.Grant("sensor-1", "sensor", "2.4.0", T0.plusSeconds(3600)));
        assertThat(grants.verify(grant, T0.plusSeconds(3600))).isEmpty();
    }

    @Test
    void anAlteredForeignOrMalformedGrantAllowsNothing() {
        String grant = grants.issue("sensor-1", "sensor", "2.4.0", T0.plusSeconds(3600));
        String[] parts = grant.split("\\.");
        String otherRelease = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        ("sensor-1\nsensor\n9.9.9\n" + T0.plusSeconds(3600).getEpochSecond()).getBytes());

        assertThat(grants.verify(otherRelease + "." + parts[1], T0)).isEmpty();
        assertThat(new ImageGrants(new SecureRandom()).verify(grant, T0)).isEmpty();
        for (String bad : new String[] {"", ".", "x.y", parts[0], parts[0] + ".", "a.b.c", "%%%.%%%"}) {
            assertThat(grants.verify(bad, T0)).as(bad).isEmpty();
        }
    }
}
