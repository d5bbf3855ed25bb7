package dev.warden.monitor.mitigation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The JSON a webhook receives: which delivery, which alarm (its id and key: profile, behaviour, target), what the
 * engine said about it ({@code detail}), whether the notification was automatic, when, and from which region. It
 * names the alarm, never a secret, a payload or a credential.
 */
final class NotificationBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotificationBody() {}

    static String of(String deliveryId, long mitigationId, MitigationRequest request, Instant time, String region) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", "warden.monitor.alarm");
        body.put("deliveryId", deliveryId);
        body.put("alarmId", request.alarmId());
        body.put("mitigationId", mitigationId);
        ObjectNode alarm = body.putObject("alarm");
        alarm.put("profile", request.alarm().profile());
        alarm.put("behaviour", request.alarm().behaviour());
        alarm.put("target", request.alarm().target().toString());
        alarm.put("targetScope", request.alarm().target().scope().name().toLowerCase(java.util.Locale.ROOT));
        alarm.put("targetName", request.alarm().target().name());
        body.put("detail", request.detail());
        body.put("automatic", request.automatic());
        body.put("time", time.toString());
        body.put("region", region);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
