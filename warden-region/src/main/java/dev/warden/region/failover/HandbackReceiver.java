package dev.warden.region.failover;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.region.RegionException;
import dev.warden.region.RegionReason;
import dev.warden.region.core.Jurisdictions;
import dev.warden.region.core.Member;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The home region's side of failback: takes one thing's data from the region named as its standby (and only from
 * it, only within one jurisdiction), stores each segment once, and audits each call.
 */
public final class HandbackReceiver {
    private final String region;
    private final Function<String, Optional<Member>> member;
    private final Supplier<Jurisdictions> jurisdictions;
    private final FailoverStore store;
    private final HandbackSink sink;
    private final FailoverEvents events;
    private final Clock clock;

    HandbackReceiver(
            String region,
            Function<String, Optional<Member>> member,
            Supplier<Jurisdictions> jurisdictions,
            FailoverStore store,
            HandbackSink sink,
            FailoverEvents events,
            Clock clock) {
        this.region = region;
        this.member = member;
        this.jurisdictions = jurisdictions;
        this.store = store;
        this.sink = sink;
        this.events = events;
        this.clock = clock;
    }

    /** Checks that {@code caller} is this region's standby, of its jurisdiction. */
    void requireStandby(String caller) {
        String standby = member.apply(region).map(Member::standby).orElse("");
        if (standby.isEmpty() || !standby.equals(caller)) {
            throw new RegionException(
                    RegionReason.NOT_STANDBY, "region " + caller + " is not " + region + "'s standby");
        }
        if (!jurisdictions.get().mayReplicate(caller, region)) {
            throw new RegionException(
                    RegionReason.RESIDENCY_VIOLATION, caller + " and " + region + " are not in one jurisdiction");
        }
    }

    public Map<String, Object> receive(String caller, JsonNode body) {
        requireStandby(caller);
        String thing = body.path("thing").asText("");
        if (thing.isEmpty() || thing.contains("/")) {
            throw new RegionException(RegionReason.INVALID_REQUEST, "a handback names one thing of this region");
        }
        int stored = 0;
        int duplicates = 0;
        for (JsonNode segment : body.path("payloadSegments")) {
            String id = segment.path("id").asText("");
            if (id.isEmpty()) {
                throw new RegionException(RegionReason.INVALID_REQUEST, "a handed-back segment has an id");
            }
            if (store.handedBack(caller, id)) {
                duplicates++;
                continue;
            }
            List<GuestData.Message> messages = messages(segment.path("messages"));
            stored += sink.restore(thing, messages);
            store.recordHandback(caller, id, messages.size(), clock.instant());
        }
        events.handedBack(caller, thing, stored, duplicates);
        return Map.of("thing", thing, "stored", stored, "duplicates", duplicates);
    }

    private static List<GuestData.Message> messages(JsonNode rows) {
        List<GuestData.Message> messages = new ArrayList<>();
        for (JsonNode m : rows) {
            try {
                messages.add(new GuestData.Message(
                        m.path("topic").asText(),
                        m.path("receivedAt").asLong(),
                        Base64.getDecoder().decode(m.path("payloadBase64").asText(""))));
            } catch (IllegalArgumentException e) {
                throw new RegionException(RegionReason.INVALID_REQUEST, "a handed-back payload is not base64");
            }
        }
        return messages;
    }
}
