package dev.warden.incident.notify;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.core.Severity;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Something about an incident that people must hear: what the deadline scheduler and the incident service hand to
 * {@link IncidentNotifier#notify}. It is sent as written to e-mail and webhooks outside the node, so it holds
 * nothing secret: the incident's title and a short text, never a payload, a credential or an address list.
 *
 * @param clock     the clock it is about ({@code triaged}, {@code cra-early-warning}); for other kinds a label
 *                  ({@code opened}, {@code update}, {@code level-2})
 * @param dueAt     a deadline notice: when the deadline falls; opened: when the incident was detected; an update:
 *                  when it was written. With the kind and clock it makes the notice's identity: the same notice
 *                  raised twice (a restart) is sent once
 * @param commander the incident's commander, who is told instead of the on-call person when set
 */
public record IncidentNotice(
        long incidentId,
        String title,
        Severity severity,
        Kind kind,
        String clock,
        Instant dueAt,
        String text,
        Optional<String> commander) {

    public enum Kind {
        OPENED,
        DEADLINE_WARNING,
        DEADLINE_BREACH,
        ESCALATION,
        UPDATE;

        /** {@code opened}, {@code deadline-warning}, ...: how the outbox, the webhook body and the API spell it. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind parse(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    public IncidentNotice {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(dueAt, "dueAt");
        Objects.requireNonNull(commander, "commander");
        title = clean(title, 200, "title");
        clock = clean(clock, 64, "clock");
        text = text == null ? "" : clean(text.isBlank() ? "-" : text, 2000, "text");
    }

    /** The notice about a deadline: its warning, or its breach. */
    public static IncidentNotice deadline(
            long incidentId,
            String title,
            Severity severity,
            boolean breach,
            String clock,
            Instant dueAt,
            Optional<String> commander) {
        String text = breach
                ? "The " + clock + " deadline passed at " + dueAt + " without being met."
                : "The " + clock + " deadline falls at " + dueAt + ".";
        Kind kind = breach ? Kind.DEADLINE_BREACH : Kind.DEADLINE_WARNING;
        return new IncidentNotice(incidentId, title, severity, kind, clock, dueAt, text, commander);
    }

    private static String clean(String s, int max, String what) {
        if (s == null || s.isBlank()) {
            throw new IncidentException(IncidentReason.INVALID_NOTIFY_TARGET, "a notice needs a " + what);
        }
        // Control characters would let a title end an e-mail header early or forge lines in a log.
        String flat = s.strip().replaceAll("[\\p{Cntrl}&&[^\\n]]", " ");
        return flat.length() > max ? flat.substring(0, max) : flat;
    }
}
