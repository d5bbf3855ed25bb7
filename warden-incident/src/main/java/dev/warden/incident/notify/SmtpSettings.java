package dev.warden.incident.notify;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Where incident e-mail goes out. {@code passwordSecret} is the name of the SMTP password in the secrets manager,
 * resolved at each attempt and never stored, logged or put in an error. Plain SMTP (no TLS) is refused unless the
 * server is this machine, where a test server or a laptop's relay listens.
 */
public record SmtpSettings(
        String host,
        int port,
        TlsMode tls,
        String from,
        Optional<String> username,
        Optional<String> passwordSecret,
        Duration timeout) {
    private static final Set<String> LOCAL = Set.of("localhost", "127.0.0.1", "::1", "[::1]");

    public SmtpSettings {
        if (host == null || host.isBlank() || port < 1 || port > 65535) {
            throw invalid("the SMTP server is a host and a port 1-65535");
        }
        if (tls == TlsMode.PLAIN && !LOCAL.contains(host.trim().toLowerCase(java.util.Locale.ROOT))) {
            throw invalid("plain SMTP is only allowed to localhost; use starttls or implicit TLS");
        }
        if (from == null || !from.matches("[^@\\s<>]+@[^@\\s<>]+")) {
            throw invalid("the SMTP from address is an e-mail address");
        }
        if (username.isPresent() != passwordSecret.isPresent()) {
            throw invalid("an SMTP username needs a password secret name, and the other way round");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw invalid("the SMTP timeout must be positive");
        }
    }

    public static SmtpSettings starttls(String host, int port, String from) {
        return new SmtpSettings(
                host, port, TlsMode.STARTTLS, from, Optional.empty(), Optional.empty(), Duration.ofSeconds(10));
    }

    public SmtpSettings withLogin(String user, String secretName) {
        return new SmtpSettings(host, port, tls, from, Optional.of(user), Optional.of(secretName), timeout);
    }

    static IncidentException invalid(String why) {
        return new IncidentException(IncidentReason.INVALID_NOTIFY_SETTINGS, why);
    }
}
