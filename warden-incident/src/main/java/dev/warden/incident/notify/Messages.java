package dev.warden.incident.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * What a notice says: the e-mail subject (incident id, severity, clock, due time: enough to triage from a lock
 * screen), the e-mail text, and the webhook JSON. Each holds only what the notice holds, which is never secret.
 */
final class Messages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {}

    static String subject(IncidentNotice n) {
        String what;
        switch (n.kind()) {
            case OPENED:
                what = "opened";
                break;
            case DEADLINE_WARNING:
                what = n.clock() + " deadline due " + n.dueAt();
                break;
            case DEADLINE_BREACH:
                what = n.clock() + " deadline BREACHED, was due " + n.dueAt();
                break;
            case ESCALATION:
                what = "escalated (" + n.clock() + "), not acknowledged since " + n.dueAt();
                break;
            default:
                what = "update";
        }
        return "[Warden] incident #" + n.incidentId() + " " + n.severity().id() + ": " + what + ": " + n.title();
    }

    static String text(IncidentNotice n, String recipient) {
        return "Incident #" + n.incidentId() + " (" + n.severity().id() + "): " + n.title() + "\n\n"
                + n.text() + "\n\n"
                + "Kind:     " + n.kind().id() + "\n"
                + "Clock:    " + n.clock() + "\n"
                + "Due:      " + n.dueAt() + "\n"
                + "Notified: " + recipient + "\n\n"
                + "See it with: warden incident show " + n.incidentId() + "\n";
    }

    static String webhook(IncidentNotice n, String deliveryId, String recipient, Instant time) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "warden.incident.notice");
        body.put("deliveryId", deliveryId);
        body.put("incidentId", n.incidentId());
        body.put("title", n.title());
        body.put("severity", n.severity().id());
        body.put("kind", n.kind().id());
        body.put("clock", n.clock());
        body.put("dueAt", n.dueAt().toString());
        body.put("text", n.text());
        body.put("recipient", recipient);
        body.put("time", time.toString());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
