package dev.warden.incident.service;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.incident.store.StatusUpdate;
import dev.warden.incident.store.StatusUpdateDao;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The public status page's updates, written by the communication phase. Only what the update says is public: a
 * public title and message chosen by a person, the services and regions affected, a status. Warden never adds the
 * incident's internal title, things, addresses or principals; an update names one only if its author wrote it.
 */
public final class StatusPageService {
    /** How long a resolved incident stays on the page. */
    public static final Duration SHOWN_FOR = Duration.ofDays(7);

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    private final Database database;
    private final IncidentService incidents;
    private final Clock clock;

    public StatusPageService(Database database, IncidentService incidents, Clock clock) {
        this.database = database;
        this.incidents = incidents;
        this.clock = clock;
    }

    public StatusUpdate post(
            long incidentId,
            String publicTitle,
            String status,
            String message,
            List<String> services,
            List<String> regions) {
        incidents.get(incidentId);
        String title = require(publicTitle, 200, "publicTitle");
        String text = require(message, 2000, "message");
        if (!StatusUpdate.STATUSES.contains(status)) {
            throw invalid("status is one of " + String.join(", ", StatusUpdate.STATUSES));
        }
        if (services.isEmpty()) {
            throw invalid("an update names at least one affected service (mqtt, api, provisioning, ...)");
        }
        for (String name : concat(services, regions)) {
            if (!NAME.matcher(name).matches()) {
                throw invalid("services and regions are 1-40 of a-z 0-9 -: " + name.length() + " characters given");
            }
        }
        StatusUpdate posted = database.inTransaction(h -> new StatusUpdateDao(h)
                .insert(new StatusUpdate(
                        0,
                        incidentId,
                        title,
                        status,
                        text,
                        services,
                        regions,
                        IncidentAudit.actor(),
                        clock.instant())));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("updateId", posted.id());
        d.put("publicTitle", title);
        d.put("status", status);
        d.put("message", text);
        d.put("services", String.join(",", services));
        d.put("regions", String.join(",", regions));
        incidents.audit().record(incidentId, IncidentAudit.STATUS_POSTED, d);
        return posted;
    }

    public List<StatusUpdate> updates(long incidentId) {
        return database.read(h -> new StatusUpdateDao(h).forIncident(incidentId));
    }

    /** Each incident with an update in the last {@link #SHOWN_FOR}, newest first, with all its updates. */
    public List<List<StatusUpdate>> shown() {
        Instant since = clock.instant().minus(SHOWN_FOR);
        return database.read(h -> {
            StatusUpdateDao dao = new StatusUpdateDao(h);
            return dao.incidentsUpdatedSince(since).stream()
                    .map(dao::forIncident)
                    .toList();
        });
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static String require(String value, int max, String field) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > max) {
            throw invalid(field + " is 1-" + max + " characters");
        }
        return v;
    }

    private static IncidentException invalid(String why) {
        return new IncidentException(IncidentReason.INVALID_STATUS_UPDATE, why);
    }
}
