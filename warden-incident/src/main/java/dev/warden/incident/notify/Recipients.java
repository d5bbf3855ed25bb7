package dev.warden.incident.notify;

import dev.warden.incident.IncidentException;
import dev.warden.incident.oncall.Contact;
import dev.warden.incident.oncall.Contacts;
import dev.warden.incident.oncall.EscalationLevel;
import dev.warden.incident.oncall.OnCallService;
import dev.warden.incident.oncall.Participant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who hears a notice: the incident's commander when set and reachable, else whoever the default schedule has on call
 * at that instant; for an escalation level, its schedule's on-call person and its named principals. Someone who
 * cannot be resolved (no contact, no schedule, a gap in the schedule) is logged and skipped: the team webhook, if
 * any, still hears the notice.
 */
final class Recipients {
    private static final Logger LOG = LoggerFactory.getLogger(Recipients.class);

    private final OnCallService onCall;
    private final Contacts contacts;
    private final Optional<String> defaultSchedule;

    Recipients(OnCallService onCall, Contacts contacts, Optional<String> defaultSchedule) {
        this.onCall = onCall;
        this.contacts = contacts;
        this.defaultSchedule = defaultSchedule;
    }

    List<Participant> of(IncidentNotice notice, Instant at) {
        if (notice.commander().isPresent()) {
            String commander = notice.commander().get();
            Optional<Contact> c = contact(commander);
            if (c.isPresent()) {
                return List.of(new Participant(commander, c.get()));
            }
            LOG.warn(
                    "Incident {}: commander {} has no contact; telling the on-call person",
                    notice.incidentId(),
                    commander);
        }
        return defaultSchedule.map(s -> onCallOf(s, at)).orElse(List.of());
    }

    List<Participant> of(EscalationLevel level, Instant at) {
        Map<String, Participant> all = new LinkedHashMap<>();
        level.schedule().ifPresent(s -> onCallOf(s, at).forEach(p -> all.putIfAbsent(p.principal(), p)));
        for (String principal : level.principals()) {
            contact(principal)
                    .ifPresentOrElse(
                            c -> all.putIfAbsent(principal, new Participant(principal, c)),
                            () -> LOG.warn("Escalation level {}: {} has no contact", level.level(), principal));
        }
        return new ArrayList<>(all.values());
    }

    private List<Participant> onCallOf(String schedule, Instant at) {
        try {
            return onCall.who(Optional.of(schedule), Optional.of(at))
                    .map(o -> List.of(o.participant()))
                    .orElseGet(() -> {
                        LOG.warn("Schedule {} has nobody on call at {}", schedule, at);
                        return List.of();
                    });
        } catch (IncidentException e) {
            LOG.warn("Schedule {} cannot answer: {}", schedule, e.getMessage());
            return List.of();
        }
    }

    private Optional<Contact> contact(String principal) {
        try {
            return contacts.of(principal);
        } catch (RuntimeException e) {
            LOG.warn(
                    "The contact of {} cannot be read ({})",
                    principal,
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
