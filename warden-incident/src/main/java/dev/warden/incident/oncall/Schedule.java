package dev.warden.incident.oncall;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A named on-call schedule: overrides first, then its rotations in order, the first that covers an instant answering.
 * One rotation without daily hours covers every instant after its first handoff; a follow-the-sun schedule has one
 * rotation per region, each with the waking hours of its own zone.
 */
public record Schedule(String name, List<Rotation> rotations, List<Cover> overrides) {
    public Schedule {
        rotations = List.copyOf(rotations);
        overrides = List.copyOf(overrides);
        if (rotations.isEmpty()) {
            throw new IllegalArgumentException("a schedule has at least one rotation");
        }
    }

    /** Who is on call at {@code t}; empty when no override and no rotation covers it (a gap the document left). */
    public Optional<OnCall> who(Instant t) {
        for (Cover o : overrides) {
            if (o.covers(t)) {
                return Optional.of(new OnCall(name, OnCall.OVERRIDE, o.participant(), o.from(), o.to()));
            }
        }
        for (Rotation r : rotations) {
            if (!r.covers(t)) {
                continue;
            }
            Rotation.Turn turn = r.turnAt(t).orElseThrow();
            return Optional.of(new OnCall(name, r.name(), turn.participant(), turn.start(), turn.end()));
        }
        return Optional.empty();
    }

    /** Every participant of the schedule's rotations and overrides (a principal may appear more than once). */
    public List<Participant> participants() {
        List<Participant> all = new java.util.ArrayList<>();
        rotations.forEach(r -> all.addAll(r.participants()));
        overrides.forEach(o -> all.add(o.participant()));
        return all;
    }
}
