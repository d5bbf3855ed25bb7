package dev.warden.incident.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.monitor.mitigation.RetryPolicy;
import dev.warden.monitor.store.DeliveryStatus;
import dev.warden.storage.Database;
import dev.warden.testkit.FreePorts;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incident e-mail through a real SMTP server in-process (GreenMail). */
class SmtpNotifyTest {
    /** Slow enough that the server can be started between two attempts. */
    private static final RetryPolicy SLOW =
            new RetryPolicy(Duration.ofMillis(300), Duration.ofMillis(300), 10, Duration.ofSeconds(2));

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
    private GreenMail mail;
    private int port;

    @BeforeEach
    void setUp() {
        fx = new NotifyFixture(db, Optional.empty());
        port = FreePorts.next();
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    }

    @AfterEach
    void tearDown() {
        fx.close();
        mail.stop();
    }

    private NotifySettings settings() {
        SmtpSettings smtp = new SmtpSettings(
                "127.0.0.1",
                port,
                TlsMode.PLAIN,
                "warden@example.com",
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(2));
        return NotifySettings.OFF
                .withSmtp(smtp)
                .withOnCall("primary", Optional.empty())
                .withRetry(NotifyFixture.FAST);
    }

    @Test
    void theOnCallPersonGetsTheWarningWithIdSeverityClockAndDueTime() throws Exception {
        mail.start();
        IncidentNotifier notifier = fx.start(settings());

        List<NotificationRecord> stored = notifier.notify(NotifyFixture.warning(7));

        assertThat(stored).singleElement().satisfies(n -> {
            assertThat(n.channel()).isEqualTo(Channel.EMAIL);
            assertThat(n.recipient()).isEqualTo("alice");
        });
        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage m = mail.getReceivedMessages()[0];
        assertThat(m.getAllRecipients()[0].toString()).isEqualTo("alice@example.com");
        assertThat(m.getSubject())
                .contains("incident #7", "sev1", "triaged", "2030-01-01T00:05:00Z", "Door locks flooding the broker");
        assertThat(GreenMailUtil.getBody(m)).contains("The triaged deadline falls at 2030-01-01T00:05:00Z.");
        assertThat(m.getHeader("X-Warden-Delivery")[0]).isEqualTo(stored.get(0).deliveryId());
        NotifyFixture.await(() -> fx.delivered.size() == 1);
        assertThat(notifier.notifications(7))
                .singleElement()
                .satisfies(n -> assertThat(n.status()).isEqualTo(DeliveryStatus.DELIVERED));
    }

    @Test
    void anSmtpServerThatIsDownIsRetriedUntilItComesBack() throws Exception {
        IncidentNotifier notifier = fx.start(settings().withRetry(SLOW));

        notifier.notify(NotifyFixture.warning(8));
        NotifyFixture.await(() -> notifier.notifications(8).get(0).attempts() >= 1);
        mail.start();

        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();
        NotifyFixture.await(() -> fx.delivered.size() == 1);
        NotificationRecord n = notifier.notifications(8).get(0);
        assertThat(n.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(n.attempts()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void anSmtpServerThatStaysDownIsRecordedAsFailedWithoutItsAddressOrSecret() {
        fx.secrets.put("smtp-password", "hunter2-smtp".getBytes(StandardCharsets.UTF_8));
        IncidentNotifier notifier = fx.start(settings());

        notifier.notify(NotifyFixture.warning(9));

        NotifyFixture.await(() -> fx.failed.size() == 1);
        NotificationRecord n = fx.failed.get(0);
        assertThat(n.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(n.attempts()).isEqualTo(3);
        assertThat(n.lastError()).isNotBlank().doesNotContain("127.0.0.1").doesNotContain("hunter2");
        assertThat(fx.delivered).isEmpty();
    }

    @Test
    void theSmtpPasswordIsReadByNameAndAWrongOneFailsAtOnce() throws Exception {
        mail.setUser("warden@example.com", "warden", "right-password");
        mail.start();
        fx.secrets.put("smtp-password", "right-password".getBytes(StandardCharsets.UTF_8));
        SmtpSettings smtp = settings().smtp().orElseThrow().withLogin("warden", "smtp-password");
        IncidentNotifier notifier = fx.start(settings().withSmtp(smtp));

        notifier.notify(NotifyFixture.warning(10));
        assertThat(mail.waitForIncomingEmail(5000, 1)).isTrue();

        fx.secrets.put("smtp-password", "wrong-password".getBytes(StandardCharsets.UTF_8));
        notifier.notify(NotifyFixture.warning(11));
        NotifyFixture.await(() -> fx.failed.size() == 1);
        assertThat(fx.failed.get(0).attempts()).isEqualTo(1);
        assertThat(fx.failed.get(0).lastError()).isEqualTo("AuthenticationFailedException");
    }

    @Test
    void plainSmtpIsOnlyAllowedToThisMachine() {
        assertThatThrownBy(() -> new SmtpSettings(
                        "mail.example.com",
                        25,
                        TlsMode.PLAIN,
                        "warden@example.com",
                        Optional.empty(),
                        Optional.empty(),
                        Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(
                        IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentReason.INVALID_NOTIFY_SETTINGS));
        assertThat(SmtpSettings.starttls("mail.example.com", 587, "warden@example.com")
                        .tls())
                .isEqualTo(TlsMode.STARTTLS);
    }
}
