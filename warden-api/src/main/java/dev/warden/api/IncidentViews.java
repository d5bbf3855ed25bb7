package dev.warden.api;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.ChainedEvent;
import dev.warden.incident.core.Deadline;
import dev.warden.incident.core.Incident;
import dev.warden.incident.core.IncidentStats;
import dev.warden.incident.core.Member;
import dev.warden.incident.core.Task;
import dev.warden.incident.service.IncidentTimeline;
import dev.warden.incident.store.StatusUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON shapes of incidents, their clocks, tasks, timelines and statistics. */
final class IncidentViews {
    private IncidentViews() {}

    static Map<String, Object> incident(Incident i, String arn, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("arn", arn);
        m.put("title", i.title());
        m.put("severity", i.severity().id());
        m.put("phase", i.phase().id());
        m.put("status", i.open() ? "open" : "closed");
        m.put("source", i.source().kind().id());
        m.put("sourceRef", i.source().ref());
        m.put("playbook", i.playbook().orElse(null));
        m.put("commander", i.commander().orElse(null));
        m.put("cra", i.cra());
        m.put("startedAt", i.startedAt().toString());
        m.put("detectedAt", i.detectedAt().toString());
        m.put("acknowledgedAt", text(i.acknowledgedAt()));
        m.put("containedAt", text(i.containedAt()));
        m.put(
                "timeToContainMs",
                i.containedAt()
                        .map(c -> Duration.between(i.startedAt(), c).toMillis())
                        .orElse(null));
        m.put("openedBy", i.openedBy());
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (Member.Kind k : Member.Kind.values()) {
            List<String> values = i.members(k);
            if (!values.isEmpty()) {
                members.put(plural(k), values);
            }
        }
        m.put("members", members);
        m.put("clocks", i.deadlines().stream().map(d -> clock(d, now)).toList());
        m.put("breaches", i.breaches());
        m.put(
                "nextDeadline",
                i.deadlines().stream()
                        .filter(d -> !d.reached() && !d.breached())
                        .findFirst()
                        .map(d -> clock(d, now))
                        .orElse(null));
        return m;
    }

    static Map<String, Object> clock(Deadline d, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clock", d.clock());
        m.put("dueAt", d.dueAt().toString());
        m.put("reachedAt", text(d.reachedAt()));
        m.put("warnedAt", text(d.warnedAt()));
        m.put("breachedAt", text(d.breachedAt()));
        String state = d.breached() ? "breached" : d.reached() ? "met" : "running";
        m.put("state", state);
        if (!d.reached()) {
            m.put("remainingMs", Duration.between(now, d.dueAt()).toMillis());
        }
        return m;
    }

    static Map<String, Object> task(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("title", t.title());
        m.put("owner", t.owner());
        m.put("dueAt", text(t.dueAt()));
        m.put("done", t.done());
        m.put("createdAt", t.createdAt().toString());
        m.put("doneAt", text(t.doneAt()));
        return m;
    }

    static Map<String, Object> update(StatusUpdate u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("publicTitle", u.publicTitle());
        m.put("status", u.status());
        m.put("message", u.message());
        m.put("services", u.services());
        m.put("regions", u.regions());
        m.put("postedBy", u.postedBy());
        m.put("postedAt", u.postedAt().toString());
        return m;
    }

    static Map<String, Object> event(ChainedEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("eventId", e.event().eventId());
        m.put("time", Instant.ofEpochSecond(0, e.event().timeNanos()).toString());
        m.put(
                "principal",
                e.event().principal().type() + ":" + e.event().principal().id());
        m.put("action", e.event().action());
        m.put(
                "result",
                e.event().result() == null ? null : e.event().result().name().toLowerCase());
        m.put("details", e.event().details());
        m.put("hash", e.hash());
        return m;
    }

    static Map<String, Object> proof(IncidentTimeline.Proof p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("firstSeq", p.firstSeq());
        m.put("lastSeq", p.lastSeq());
        m.put("complete", p.complete());
        m.put("digests", p.digests().stream().map(IncidentViews::digest).toList());
        return m;
    }

    private static Map<String, Object> digest(AuditDigest d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("digestSeq", d.digestSeq());
        m.put("fromSeq", d.fromSeq());
        m.put("toSeq", d.toSeq());
        m.put("headHash", d.headHash());
        m.put("keyId", d.keyId());
        m.put("signature", d.signature());
        m.put("merkleRoot", d.merkleRoot());
        return m;
    }

    static Map<String, Object> month(IncidentStats.Month s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("month", s.month().toString());
        m.put("incidents", s.incidents());
        m.put("detect", spread(s.detect()));
        m.put("contain", spread(s.contain()));
        m.put("mitigate", spread(s.mitigate()));
        m.put("breaches", s.breaches());
        return m;
    }

    private static Map<String, Object> spread(IncidentStats.Spread s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", s.count());
        m.put("meanMs", s.mean().map(Duration::toMillis).orElse(null));
        m.put("p90Ms", s.p90().map(Duration::toMillis).orElse(null));
        return m;
    }

    private static String plural(Member.Kind k) {
        switch (k) {
            case ADDRESS:
                return "addresses";
            case POLICY:
                return "policies";
            default:
                return k.id() + "s";
        }
    }

    private static String text(Optional<Instant> at) {
        return at.map(Instant::toString).orElse(null);
    }
}
