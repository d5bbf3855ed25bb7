package dev.warden.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.monitor.store.ProfileVersion;
import dev.warden.monitor.store.StoredAlarm;
import dev.warden.monitor.store.StoredProfile;
import dev.warden.monitor.store.Suppression;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JSON shapes of the monitoring routes. Alarm fields are flat so that the CLI can print them as table columns.
 * Profile documents hold a notify secret's name (in the secrets manager), never a secret's value.
 */
final class MonitorViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MonitorViews() {}

    /** A profile without its behaviours: what a listing shows. */
    static Map<String, Object> profileSummary(StoredProfile p) {
        JsonNode document = document(p.document());
        List<String> targets = new ArrayList<>();
        document.path("targets").forEach(t -> targets.add(t.asText()));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("version", p.version());
        m.put("builtIn", p.builtIn());
        m.put("targets", targets);
        m.put("behaviours", document.path("behaviours").size());
        m.put("createdAt", p.createdAt().toString());
        m.put("createdBy", p.createdBy());
        m.put("updatedAt", p.updatedAt().toString());
        m.put("updatedBy", p.updatedBy());
        return m;
    }

    static Map<String, Object> profile(StoredProfile p) {
        Map<String, Object> m = profileSummary(p);
        m.put("document", document(p.document()));
        return m;
    }

    static Map<String, Object> version(ProfileVersion v, boolean withDocument) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("version", v.version());
        m.put("change", v.change().id());
        m.put("changedBy", v.changedBy());
        m.put("changedAt", v.changedAt().toString());
        if (withDocument) {
            m.put("document", document(v.document()));
        }
        return m;
    }

    static Map<String, Object> alarm(StoredAlarm a, String arn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("arn", arn);
        m.put("state", a.state().id());
        m.put("severity", a.severity());
        m.put("profile", a.profile());
        m.put("behaviour", a.behaviour());
        m.put("target", a.target());
        m.put("metric", a.metric());
        // JSON has no NaN or infinity: a value the engine could not compute is shown as null.
        m.put("value", number(a.value()));
        m.put("detail", a.detail());
        m.put("firstSeen", a.firstSeen().toString());
        m.put("lastSeen", a.lastSeen().toString());
        m.put("clearedAt", time(a.clearedAt()));
        m.put("invalidReason", a.invalidReason().orElse(null));
        m.put("raiseCount", a.raiseCount());
        m.put("verification", a.verification().id());
        m.put("verificationNote", a.verificationNote().orElse(null));
        m.put("verifiedBy", a.verifiedBy().orElse(null));
        m.put("verifiedAt", time(a.verifiedAt()));
        m.put("suppressed", a.suppressed());
        m.put("suppressionId", a.suppressionId().orElse(null));
        m.put("detectionLatencyMs", a.detectionLatencyMillis());
        return m;
    }

    static Map<String, Object> suppression(Suppression s, String arn) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("arn", arn);
        m.put("profile", s.profile().orElse(null));
        m.put("behaviour", s.behaviour().orElse(null));
        m.put("target", s.target().orElse(null));
        m.put("reason", s.reason());
        m.put("expiresAt", s.expiresAt().toString());
        m.put("createdBy", s.createdBy());
        m.put("createdAt", s.createdAt().toString());
        return m;
    }

    private static String time(Optional<Instant> t) {
        return t.map(Instant::toString).orElse(null);
    }

    private static JsonNode document(String stored) {
        try {
            return JSON.readTree(stored);
        } catch (JsonProcessingException e) {
            // Stored documents are written by ProfileJson: unreadable means the row was changed outside Warden.
            throw new IllegalStateException("a stored profile document is not JSON", e);
        }
    }

    /** A whole value as a whole number (8, not 8.0): counts are what most behaviours compare. */
    private static Number number(double v) {
        if (!Double.isFinite(v)) {
            return null;
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? (Number) (long) v : (Number) v;
    }
}
