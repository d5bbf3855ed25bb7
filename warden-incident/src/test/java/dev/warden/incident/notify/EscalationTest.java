package dev.warden.incident.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.incident.core.Severity;
import dev.warden.monitor.mitigation.RetryPolicy;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The escalation chain on a real database: on time, stopped by an acknowledgement, and across a restart. */
class EscalationTest {
    private static final String POLICY = """
            {"name": "default", "levels": [
              {"after": "0s", "schedule": "primary"},
              {"after": "1s", "schedule": "secondary", "principals": ["alice"]}]}
            """;

    @TempDir
    static Path dir;

    private static Database db;

    @BeforeAll
    static void openDatabase() {
        db = Database.open(null, dir);
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    private NotifyFixture fx;

    @BeforeEach
    void setUp() {
        fx = new NotifyFixture(db, Optional.empty());
        fx.onCall.putPolicy(POLICY, "test");
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /**
     * E-mail to a port where nothing listens, retried only after a minute: the rows stay pending, and they are what is
     * asserted, not the delivery.
     */
    private NotifySettings settings() {
        SmtpSettings smtp = new SmtpSettings(
                "127.0.0.1",
                9,
                TlsMode.PLAIN,
                "warden@example.com",
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(1));
        return NotifySettings.OFF
                .withSmtp(smtp)
                .withOnCall("primary", Optional.of("default"))
                .withRetry(new RetryPolicy(Duration.ofMinutes(1), Duration.ofMinutes(1), 2, Duration.ofSeconds(1)));
    }

    private static IncidentNotice opened(long id, Instant at) {
        return new IncidentNotice(
                id,
                "Rogue CA",
                Severity.SEV1,
                IncidentNotice.Kind.OPENED,
                "opened",
                at,
                "Opened from alarm 4",
                Optional.empty());
    }

    private List<NotificationRecord> escalations(IncidentNotifier n, long id) {
        return n.notifications(id).stream()
                .filter(r -> r.kind() == IncidentNotice.Kind.ESCALATION)
                .toList();
    }

    @Test
    void anUnacknowledgedIncidentReachesLevelTwoWithinASecondOfItsDueTime() {
        IncidentNotifier notifier = fx.start(settings());
        Instant opened = Instant.now();

        notifier.notify(opened(31, opened));

        // Level 1 is the primary's on-call person, who heard the opening already: nobody new to tell.
        assertThat(escalations(notifier, 31)).isEmpty();
        NotifyFixture.await(() -> !escalations(notifier, 31).isEmpty());
        NotificationRecord level2 = escalations(notifier, 31).get(0);
        assertThat(level2.recipient()).isEqualTo("carol");
        assertThat(level2.clock()).isEqualTo("level-2");
        assertThat(Duration.between(opened.plusSeconds(1), level2.createdAt())).isLessThan(Duration.ofSeconds(1));
        assertThat(escalations(notifier, 31))
                .extracting(NotificationRecord::recipient)
                .containsExactly("carol");
    }

    @Test
    void anAcknowledgementStopsTheChain() throws Exception {
        IncidentNotifier notifier = fx.start(settings());
        fx.acknowledged = Optional.of(Instant.now());

        notifier.notify(opened(32, Instant.now()));
        Thread.sleep(1300);

        assertThat(notifier.escalationsDue(Instant.now())).isZero();
        assertThat(escalations(notifier, 32)).isEmpty();
    }

    @Test
    void aLevelThatFellDueWhileTheNodeWasDownIsSentOnItsReturn() throws Exception {
        fx.start(settings()).notify(opened(33, Instant.now()));
        fx.stop();
        Thread.sleep(1100);

        IncidentNotifier again = fx.start(settings());
        again.resume();

        assertThat(escalations(again, 33))
                .extracting(NotificationRecord::recipient)
                .containsExactly("carol");
        assertThat(again.escalationsDue(Instant.now())).isZero();
    }
}
