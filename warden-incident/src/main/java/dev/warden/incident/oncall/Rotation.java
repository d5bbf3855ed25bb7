package dev.warden.incident.oncall;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Participants taking turns of {@code lengthDays} local days each, handing off at {@code handoff} in {@code zone},
 * the first turn starting on {@code start}; during a turn the rotation answers only within its daily {@code hours}
 * (all day unless it is one leg of a follow-the-sun schedule).
 *
 * <p>Turns are counted in local dates, not in fixed 24-hour steps, so the handoff keeps its wall-clock time across a
 * daylight saving change (that turn is 23 or 25 hours long). Before the first handoff the rotation covers nothing.
 */
public record Rotation(
        String name,
        ZoneId zone,
        List<Participant> participants,
        int lengthDays,
        LocalTime handoff,
        LocalDate start,
        DailyHours hours) {

    /** One turn: the participant's position in the rotation, and the handoffs around it. */
    public record Turn(long index, Participant participant, Instant start, Instant end) {}

    public Rotation {
        participants = List.copyOf(participants);
        if (participants.isEmpty() || lengthDays < 1) {
            throw new IllegalArgumentException("a rotation has participants and turns of at least a day");
        }
    }

    /** The turn under way at {@code t}, whatever the daily hours; empty before the first handoff. */
    public Optional<Turn> turnAt(Instant t) {
        LocalDate day = t.atZone(zone).toLocalDate();
        long k = Math.floorDiv(ChronoUnit.DAYS.between(start, day), lengthDays);
        if (t.isBefore(handoffOf(k))) {
            k--; // t is on the handoff's date, before the handoff
        }
        if (k < 0) {
            return Optional.empty();
        }
        Participant p = participants.get((int) Math.floorMod(k, (long) participants.size()));
        return Optional.of(new Turn(k, p, handoffOf(k), handoffOf(k + 1)));
    }

    /** Whether the rotation answers at {@code t}: a turn is under way and {@code t} is within the daily hours. */
    public boolean covers(Instant t) {
        return hours.covers(t.atZone(zone).toLocalTime()) && turnAt(t).isPresent();
    }

    /** The instant of handoff {@code k} (0 is the first); a handoff in a skipped hour moves past the gap. */
    public Instant handoffOf(long k) {
        return ZonedDateTime.of(start.plusDays(k * lengthDays), handoff, zone).toInstant();
    }
}
