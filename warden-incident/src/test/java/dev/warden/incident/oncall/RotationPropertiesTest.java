package dev.warden.incident.oncall;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The schedule math over real java.time zones, including ones with DST, half-hour DST and no DST. */
class RotationPropertiesTest {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final Schedule SUN = ScheduleFixtures.followTheSun();

    @Provide
    Arbitrary<ZoneId> zones() {
        return Arbitraries.of(
                        "Europe/Berlin",
                        "America/New_York",
                        "Australia/Lord_Howe",
                        "America/Sao_Paulo",
                        "Asia/Kolkata",
                        "Pacific/Chatham",
                        "UTC")
                .map(ZoneId::of);
    }

    @Provide
    Arbitrary<LocalTime> handoffs() {
        return Arbitraries.integers().between(0, 24 * 4 - 1).map(q -> LocalTime.of(q / 4, (q % 4) * 15));
    }

    private static Rotation rotation(ZoneId zone, int people, int days, LocalTime handoff) {
        List<Participant> ps = new ArrayList<>();
        for (int i = 0; i < people; i++) {
            ps.add(new Participant("p" + i, Contact.email("p" + i + "@example.com")));
        }
        return new Rotation("r", zone, ps, days, handoff, START, DailyHours.ALL_DAY);
    }

    @Property(tries = 200)
    void someoneIsAlwaysOnCallAfterTheFirstHandoff(
            @ForAll("zones") ZoneId zone,
            @ForAll @IntRange(min = 1, max = 5) int people,
            @ForAll @IntRange(min = 1, max = 14) int days,
            @ForAll("handoffs") LocalTime handoff,
            @ForAll @LongRange(min = 0, max = 3L * 365 * 24 * 3600) long secondsAfter) {
        Rotation r = rotation(zone, people, days, handoff);
        Instant t = r.handoffOf(0).plusSeconds(secondsAfter);
        Schedule s = new Schedule("s", List.of(r), List.of());

        Optional<OnCall> who = s.who(t);

        assertThat(who).isPresent();
        assertThat(who.get().turnStart()).isBeforeOrEqualTo(t);
        assertThat(who.get().turnEnd()).isAfter(t);
        assertThat(s.who(r.handoffOf(0).minusMillis(1))).isEmpty();
    }

    @Property(tries = 200)
    void handoffsHappenAtTheConfiguredLocalTimeAcrossDst(
            @ForAll("zones") ZoneId zone,
            @ForAll @IntRange(min = 2, max = 4) int people,
            @ForAll @IntRange(min = 1, max = 7) int days,
            @ForAll("handoffs") LocalTime handoff,
            @ForAll @IntRange(min = 1, max = 400) int k) {
        Rotation r = rotation(zone, people, days, handoff);
        Instant at = r.handoffOf(k);
        ZonedDateTime local = at.atZone(zone);

        boolean inGap = zone.getRules()
                .getValidOffsets(java.time.LocalDateTime.of(local.toLocalDate(), handoff))
                .isEmpty();
        if (inGap) {
            // A handoff in a skipped hour happens as soon as the gap ends, on the same local date.
            assertThat(local.toLocalTime()).isAfter(handoff);
        } else {
            assertThat(local.toLocalTime()).isEqualTo(handoff);
        }
        assertThat(local.toLocalDate()).isEqualTo(START.plusDays((long) k * days));
        assertThat(r.turnAt(at).orElseThrow().index()).isEqualTo(k);
        assertThat(r.turnAt(at.minusMillis(1)).orElseThrow().index()).isEqualTo(k - 1);
        assertThat(r.turnAt(at).orElseThrow().participant())
                .isNotEqualTo(r.turnAt(at.minusMillis(1)).orElseThrow().participant());
    }

    /** The sample a CI run once drew: midnight UTC on the fixture's override day. */
    @net.jqwik.api.Example
    void theOverrideDayIsCoveredByItsOverride() {
        followTheSunAlwaysReachesSomeoneAwake(13_046_400L);
    }

    @Property(tries = 200)
    void followTheSunAlwaysReachesSomeoneAwake(@ForAll @LongRange(min = 0, max = 2L * 365 * 24 * 3600) long s) {
        Schedule sun = SUN;
        Instant t = Instant.parse("2024-01-02T00:00:00Z").plusSeconds(s);

        OnCall who = sun.who(t).orElseThrow();
        if (who.source().equals(OnCall.OVERRIDE)) {
            // The fixture's override (bob, one day in June) stands in whatever the hour: the property is the legs'.
            assertThat(who.participant().principal()).isEqualTo("bob");
            return;
        }

        Rotation leg = sun.rotations().stream()
                .filter(r -> r.name().equals(who.source()))
                .findFirst()
                .orElseThrow();
        int hour = t.atZone(leg.zone()).getHour();
        assertThat(hour).isBetween(8, 19);
    }

    @Property(tries = 200)
    void escalationOwesAGrowingPrefixAndStopsAtTheAcknowledgement(
            @ForAll @IntRange(min = 0, max = 120) int t1,
            @ForAll @IntRange(min = 0, max = 120) int t2,
            @ForAll @IntRange(min = -1, max = 120) int ack) {
        EscalationPolicy p = ScheduleFixtures.policy(0, 10, 10, 30, 60);
        Instant open = Instant.parse("2025-01-01T00:00:00Z");
        Optional<Instant> acked = ack < 0 ? Optional.empty() : Optional.of(open.plus(Duration.ofMinutes(ack)));
        Instant a = open.plus(Duration.ofMinutes(Math.min(t1, t2)));
        Instant b = open.plus(Duration.ofMinutes(Math.max(t1, t2)));

        EscalationPolicy.State sa = p.state(open, acked, a);
        EscalationPolicy.State sb = p.state(open, acked, b);

        assertThat(sb.due()).startsWith(sa.due().toArray(new EscalationLevel[0]));
        for (EscalationLevel l : sb.due()) {
            assertThat(l.dueAt(open)).isBeforeOrEqualTo(b);
            acked.ifPresent(x -> assertThat(x).isAfter(l.dueAt(open)));
        }
        sb.nextAt().ifPresent(n -> {
            assertThat(n).isAfter(b);
            acked.ifPresent(x -> assertThat(x).isAfter(n));
        });
        if (acked.isEmpty() && sb.due().size() < p.levels().size()) {
            assertThat(sb.nextAt()).isPresent();
        }
    }
}
