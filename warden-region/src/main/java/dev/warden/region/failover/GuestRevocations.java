package dev.warden.region.failover;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.pki.RevocationReason;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.link.LinkClient;
import dev.warden.region.link.LinkOperation;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Revoking a failed region's device while its home is down. In the standby ({@link #revoke}): the certificate is
 * marked revoked in the replica at once (the gateway refuses it from the next CONNECT, its live connection is cut)
 * and the revocation is kept. At failback ({@link #handOver}), before any device is sent home, home revokes each one
 * itself ({@link #receive}); a failback whose revocations home did not take does not go on, so a device revoked
 * during the failover is never let in again at home.
 */
final class GuestRevocations {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final FailoverStore store;
    private final GuestRegistry guests;
    private final FailoverEvents events;
    private final Clock clock;

    GuestRevocations(FailoverStore store, GuestRegistry guests, FailoverEvents events, Clock clock) {
        this.store = store;
        this.guests = guests;
        this.events = events;
        this.clock = clock;
    }

    /** In the standby, with {@code home}'s failover in force: revokes its certificate {@code serial} here. */
    Map<String, Object> revoke(
            String home, String serial, RevocationReason reason, String revokedBy, GuestSessions sessions) {
        String normalized = normalize(serial);
        FailoverStore.GuestRevocation revocation =
                new FailoverStore.GuestRevocation(normalized, reason.rfcName(), clock.instant(), revokedBy);
        String thing = store.revokeGuest(home, revocation)
                .orElseThrow(() -> new RegionException(
                        RegionReason.GUEST_CERTIFICATE_UNKNOWN,
                        "the replica of " + home + " holds no device certificate " + normalized));
        guests.reload();
        int disconnected = sessions.disconnect(home, normalized);
        events.guestRevoked(home, normalized, thing, reason.rfcName(), disconnected);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("region", home);
        out.put("serial", normalized);
        out.put("thing", thing);
        out.put("reason", reason.rfcName());
        out.put("disconnected", disconnected);
        out.put("pendingAtHome", store.guestRevocations(home).size());
        return out;
    }

    /** In the standby, at failback: hands every revocation kept for {@code home} to it; returns how many. */
    int handOver(String home, LinkClient link) {
        List<FailoverStore.GuestRevocation> pending = store.guestRevocations(home);
        if (pending.isEmpty()) {
            return 0;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (FailoverStore.GuestRevocation r : pending) {
            rows.add(Map.of(
                    "serial", r.serial(),
                    "reason", r.reason(),
                    "revokedAt", r.revokedAt().toString(),
                    "revokedBy", r.revokedBy()));
        }
        link.call(LinkOperation.GUEST_REVOCATIONS, "", Map.of("revocations", rows), TIMEOUT);
        store.handedOver(
                home,
                pending.stream().map(FailoverStore.GuestRevocation::serial).toList());
        return pending.size();
    }

    /** In the home region: its standby's revocations, each revoked here (audited one by one). */
    static Map<String, Object> receive(String standby, JsonNode body, RevocationSink sink, FailoverEvents events) {
        JsonNode rows = body.path("revocations");
        if (!rows.isArray() || rows.isEmpty()) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "a revocation handover lists its revocations");
        }
        List<Accepted> accepted = new ArrayList<>();
        for (JsonNode row : rows) {
            accepted.add(accepted(row));
        }
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        for (RevocationSink.Outcome o : RevocationSink.Outcome.values()) {
            outcomes.put(o.name().toLowerCase(Locale.ROOT), 0);
        }
        for (Accepted a : accepted) {
            RevocationSink.Outcome outcome = sink.revoke(a.serial(), a.reason().rfcName());
            events.revocationTaken(standby, a.serial(), a.reason().rfcName(), a.revokedBy(), a.revokedAt(), outcome);
            outcomes.merge(outcome.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
        }
        return Map.of("outcomes", outcomes);
    }

    private record Accepted(String serial, RevocationReason reason, String revokedBy, Instant revokedAt) {}

    /** Checks one row whole before anything is revoked: a malformed handover changes nothing. */
    private static Accepted accepted(JsonNode row) {
        try {
            return new Accepted(
                    normalize(row.path("serial").asText("")),
                    RevocationReason.parse(row.path("reason").asText("")),
                    row.path("revokedBy").asText(""),
                    Instant.parse(row.path("revokedAt").asText("")));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new RegionException(
                    RegionReason.INVALID_REQUEST, "a handed-over revocation has a hex serial, a reason and a time");
        }
    }

    /** A serial as the registry and the replica write it: lower-case hex without leading zeros. */
    static String normalize(String serial) {
        try {
            String hex = serial.replace(":", "").strip();
            BigInteger value = new BigInteger(hex, 16);
            if (value.signum() <= 0 || hex.length() > 64) {
                throw new NumberFormatException();
            }
            return value.toString(16);
        } catch (NumberFormatException e) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "a certificate serial is a positive hex number");
        }
    }
}
