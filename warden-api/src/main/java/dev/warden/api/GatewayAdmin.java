package dev.warden.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the admin API may ask of the node's MQTT gateway: its bans, its counters and ending a connection. Implemented by the node (which
 * also keeps operators' bans in the database); views are plain JSON-ready maps, so the API needs no gateway type.
 */
public interface GatewayAdmin {
    /** Active bans, each {@code {kind, value, remainingSeconds, expiresAt, reason, manual, banCount}}. */
    List<Map<String, Object>> bans();

    /**
     * Bans {@code value} ({@code kind} is {@code ip}, {@code client-id} or {@code thing}) for {@code duration},
     * replacing any ban of it; kept across restarts until it expires.
     *
     * @throws IllegalArgumentException if the kind, value or duration is not acceptable
     */
    Map<String, Object> ban(String kind, String value, Duration duration, String reason, String actor);

    /** Lifts a ban (automatic or manual); false if there was none. */
    boolean unban(String kind, String value);

    /** Gateway counters: refusals, bans, drops by reason and the top {@code subscribers} subscribers by drops. */
    Map<String, Object> statistics(int subscribers);

    /**
     * Ends the live connection of client ID {@code clientId} (MQTT 5: DISCONNECT 0x98 Administrative action); returns
     * how many were ended, 0 when no device is connected with it. Nothing is banned: the device may connect again.
     */
    int disconnect(String clientId);
}
