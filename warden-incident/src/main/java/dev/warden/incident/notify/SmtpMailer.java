package dev.warden.incident.notify;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.Properties;
import java.util.function.Function;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one e-mail per attempt over SMTP (Jakarta Mail). STARTTLS mode requires the upgrade and checks the server's
 * name against its certificate; implicit TLS does the same from the first byte. A 4xx answer or a lost connection is
 * retried, a 5xx answer or a refused login is not (repeating it cannot help, and repeated bad logins lock accounts).
 * The password is read by name at each attempt and never logged or put in an error; errors name only the exception's
 * class and the SMTP code, since a server's text may echo what it was sent.
 */
final class SmtpMailer {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpMailer.class);

    private final SmtpSettings settings;
    private final Function<String, byte[]> secrets;

    SmtpMailer(SmtpSettings settings, Function<String, byte[]> secrets) {
        this.settings = settings;
        this.secrets = secrets;
    }

    Outcome send(NotificationRecord n) {
        String password = null;
        if (settings.passwordSecret().isPresent()) {
            password = password(settings.passwordSecret().get());
            if (password == null) {
                return Outcome.fail("SMTP password secret unavailable");
            }
        }
        boolean implicit = settings.tls() == TlsMode.IMPLICIT;
        Session session = Session.getInstance(properties(implicit));
        try (Transport transport = session.getTransport(implicit ? "smtps" : "smtp")) {
            MimeMessage message = message(session, n);
            transport.connect(
                    settings.host(), settings.port(), settings.username().orElse(null), password);
            transport.sendMessage(message, message.getAllRecipients());
            return Outcome.DELIVERED;
        } catch (AddressException e) {
            return Outcome.fail("AddressException");
        } catch (SMTPSendFailedException e) {
            return byCode("SMTPSendFailedException", e.getReturnCode());
        } catch (SMTPAddressFailedException e) {
            return byCode("SMTPAddressFailedException", e.getReturnCode());
        } catch (AuthenticationFailedException e) {
            return Outcome.fail("AuthenticationFailedException");
        } catch (MessagingException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return Outcome.retry(cause.getClass().getSimpleName());
        }
    }

    private static Outcome byCode(String what, int code) {
        String error = what + " " + code;
        return code >= 400 && code < 500 ? Outcome.retry(error) : Outcome.fail(error);
    }

    private Properties properties(boolean implicit) {
        String p = implicit ? "mail.smtps." : "mail.smtp.";
        String timeout = Long.toString(settings.timeout().toMillis());
        Properties props = new Properties();
        props.put(p + "host", settings.host());
        props.put(p + "port", Integer.toString(settings.port()));
        props.put(p + "connectiontimeout", timeout);
        props.put(p + "timeout", timeout);
        props.put(p + "writetimeout", timeout);
        props.put(p + "auth", Boolean.toString(settings.username().isPresent()));
        if (settings.tls() == TlsMode.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (settings.tls() != TlsMode.PLAIN) {
            props.put(p + "ssl.checkserveridentity", "true");
        }
        return props;
    }

    private MimeMessage message(Session session, NotificationRecord n) throws MessagingException {
        String messageId = "<" + n.deliveryId() + "@warden.incident>";
        MimeMessage m = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // Every attempt carries the same id, so a mailbox that got an attempt cut short can drop the repeat.
                setHeader("Message-ID", messageId);
            }
        };
        m.setFrom(new InternetAddress(settings.from(), true));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(n.address(), true));
        m.setSubject(n.subject(), StandardCharsets.UTF_8.name());
        m.setText(n.body(), StandardCharsets.UTF_8.name());
        m.setSentDate(new Date());
        m.setHeader("X-Warden-Delivery", n.deliveryId());
        return m;
    }

    private String password(String name) {
        byte[] secret = null;
        try {
            secret = secrets.apply(name);
            if (secret == null || secret.length == 0) {
                LOG.warn("SMTP password secret '{}' is empty or missing", name);
                return null;
            }
            return new String(secret, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            LOG.warn(
                    "SMTP password secret '{}' cannot be read ({})",
                    name,
                    e.getClass().getSimpleName());
            return null;
        } finally {
            if (secret != null) {
                Arrays.fill(secret, (byte) 0);
            }
        }
    }
}
