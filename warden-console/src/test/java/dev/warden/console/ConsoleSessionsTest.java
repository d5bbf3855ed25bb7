package dev.warden.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.console.core.SessionLifetime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSessionsTest {
    private Instant now = Instant.parse("2026-06-01T09:00:00Z");
    private final List<String> revoked = new ArrayList<>();
    private final ConsoleSessions sessions = new ConsoleSessions(
            new SessionLifetime(Duration.ofMinutes(15), Duration.ofHours(1)),
            new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            },
            ended -> revoked.add(ended.refreshToken));

    @Test
    void aCookieNamesItsSessionAndNothingElseDoes() {
        ConsoleSessions.Created created =
                sessions.create("alice", true, "refresh-1").orElseThrow();
        assertThat(created.cookie()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(sessions.use(created.cookie())).get().extracting(s -> s.user).isEqualTo("alice");
        assertThat(sessions.use(created.cookie() + "x")).isEmpty();
        assertThat(sessions.use(null)).isEmpty();
        assertThat(sessions.use("")).isEmpty();
        ConsoleSessions.Created other =
                sessions.create("alice", true, "refresh-2").orElseThrow();
        assertThat(other.cookie()).isNotEqualTo(created.cookie());
        assertThat(other.session().csrf).isNotEqualTo(created.session().csrf);
    }

    @Test
    void signingOutEndsTheSessionForGoodAndRevokesItsRefreshToken() {
        ConsoleSessions.Created created =
                sessions.create("alice", true, "refresh-1").orElseThrow();
        assertThat(sessions.signOut(created.cookie())).isTrue();
        assertThat(sessions.use(created.cookie())).isEmpty();
        assertThat(revoked).containsExactly("refresh-1");
        assertThat(sessions.signOut(created.cookie())).isFalse();
    }

    @Test
    void anIdleSessionEndsAndUseKeepsItAliveOnlyUntilItsAbsoluteLifetime() {
        ConsoleSessions.Created idle =
                sessions.create("idle", true, "refresh-idle").orElseThrow();
        ConsoleSessions.Created busy =
                sessions.create("busy", true, "refresh-busy").orElseThrow();
        for (int i = 0; i < 5; i++) {
            now = now.plus(Duration.ofMinutes(10));
            assertThat(sessions.use(busy.cookie()))
                    .as("used every 10 minutes, at %s", now)
                    .isPresent();
        }
        assertThat(sessions.use(idle.cookie())).isEmpty();
        now = now.plus(Duration.ofMinutes(10));
        assertThat(sessions.use(busy.cookie())).as("past the absolute lifetime").isEmpty();
        assertThat(revoked).containsExactlyInAnyOrder("refresh-idle", "refresh-busy");
        assertThat(sessions.live()).isZero();
    }

    @Test
    void thePagesOwnPollingDoesNotKeepAnUnattendedSessionAlive() {
        ConsoleSessions.Created created =
                sessions.create("alice", true, "refresh-1").orElseThrow();
        for (int i = 0; i < 8; i++) {
            now = now.plus(Duration.ofMinutes(1));
            assertThat(sessions.use(created.cookie(), false)).isPresent();
        }
        now = now.plus(Duration.ofMinutes(7));
        assertThat(sessions.use(created.cookie(), false))
                .as("15 minutes after the operator's last request")
                .isEmpty();
        assertThat(revoked).containsExactly("refresh-1");
    }

    @Test
    void theNodeRefusesNewSessionsBeyondItsBoundInsteadOfEvictingLiveOnes() {
        for (int i = 0; i < ConsoleSessions.MAX_SESSIONS; i++) {
            assertThat(sessions.create("u" + i, true, "r" + i)).isPresent();
        }
        assertThat(sessions.create("one-too-many", true, "r")).isEmpty();
        now = now.plus(Duration.ofMinutes(16));
        assertThat(sessions.create("after-expiry", true, "r"))
                .as("expired ones are swept first")
                .isPresent();
    }

    @Test
    void theServedHtmxIsTheWebJarsFile() {
        assertThat(Console.class.getClassLoader().getResource(Console.HTMX)).isNotNull();
        assertThat(Console.class.getClassLoader().getResource("dev/warden/console/assets/console.css"))
                .isNotNull();
    }

    @Test
    void theServedUplotIsTheWebJarsFileAndTheChartsScriptIsThere() {
        assertThat(Console.class.getClassLoader().getResource(Console.UPLOT + "uPlot.iife.min.js"))
                .isNotNull();
        assertThat(Console.class.getClassLoader().getResource(Console.UPLOT + "uPlot.min.css"))
                .isNotNull();
        assertThat(Console.class.getClassLoader().getResource("dev/warden/console/assets/charts.js"))
                .isNotNull();
    }
}
