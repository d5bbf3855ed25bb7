package dev.warden.incident.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void aDailyBerlinHandoffStaysAtNineAcrossTheSpringChange() {
        Rotation r = ScheduleFixtures.daily("Europe/Berlin", "09:00", "alice", "bob");
        Schedule s = new Schedule("s", List.of(r), List.of());

        // 2025-03-30: clocks go from 02:00 CET to 03:00 CEST, so that turn lasts 23 hours.
        OnCall sat = s.who(Instant.parse("2025-03-29T12:00:00Z")).orElseThrow();
        OnCall sun = s.who(Instant.parse("2025-03-30T12:00:00Z")).orElseThrow();

        assertThat(sat.turnStart()).isEqualTo(Instant.parse("2025-03-29T08:00:00Z"));
        assertThat(sat.turnEnd()).isEqualTo(Instant.parse("2025-03-30T07:00:00Z"));
        assertThat(Duration.between(sat.turnStart(), sat.turnEnd())).hasHours(23);
        assertThat(sun.principal()).isNotEqualTo(sat.principal());
        assertThat(s.who(Instant.parse("2025-03-30T06:59:59Z")).orElseThrow().principal())
                .isEqualTo(sat.principal());
    }

    @Test
    void aHandoffInTheSkippedHourHappensWhenTheGapEnds() {
        Rotation r = ScheduleFixtures.daily("America/New_York", "02:30", "alice", "bob");
        // 2025-03-09 02:30 does not exist in New York: the handoff is at 03:30 EDT (07:30Z).
        Instant handoff = r.handoffOf(8);

        assertThat(handoff).isEqualTo(Instant.parse("2025-03-09T07:30:00Z"));
    }

    @Test
    void aSev1AtNightInOneRegionReachesSomeoneAwakeInAnother() {
        Schedule sun = ScheduleFixtures.followTheSun();

        OnCall berlinNight = sun.who(Instant.parse("2025-01-15T02:00:00Z")).orElseThrow(); // 03:00 Berlin, 10:00 SG
        OnCall berlinMidnight = sun.who(Instant.parse("2025-01-15T23:00:00Z")).orElseThrow(); // 18:00 New York

        assertThat(berlinNight.source()).isEqualTo("apac");
        assertThat(berlinNight.principal()).isIn("chen", "chloe");
        assertThat(berlinMidnight.source()).isEqualTo("amer");
        assertThat(berlinMidnight.principal()).isEqualTo("bob");
        assertThat(berlinMidnight.contact().webhook()).contains("https://pager.example.com/hook/t0ken");
    }

    @Test
    void anOverrideWinsOverTheRotationsAndBorrowsTheContact() {
        Schedule sun = ScheduleFixtures.followTheSun();

        OnCall who = sun.who(Instant.parse("2024-06-01T10:00:00Z")).orElseThrow();

        assertThat(who.source()).isEqualTo(OnCall.OVERRIDE);
        assertThat(who.principal()).isEqualTo("bob");
        assertThat(who.contact().email()).isEqualTo("bob@example.com");
    }

    @Test
    void escalationOwesLevelsUntilTheAcknowledgement() {
        EscalationPolicy p = ScheduleFixtures.policy(0, 10, 20);
        Instant open = Instant.parse("2025-01-01T00:00:00Z");

        EscalationPolicy.State none = p.state(open, Optional.empty(), open.plusSeconds(11 * 60));
        EscalationPolicy.State acked = p.state(open, Optional.of(open.plusSeconds(5 * 60)), open.plusSeconds(30 * 60));

        assertThat(none.due()).extracting(EscalationLevel::level).containsExactly(1, 2);
        assertThat(none.nextAt()).contains(open.plusSeconds(20 * 60));
        assertThat(acked.due()).extracting(EscalationLevel::level).containsExactly(1);
        assertThat(acked.nextAt()).isEmpty();
    }

    @Test
    void jsonAndYamlReadTheSame() {
        String json = """
                {"name": "primary", "time-zone": "Europe/Berlin", "rotations": [
                  {"length": "1d", "handoff": "09:00", "start": "2025-01-01",
                   "participants": [{"principal": "alice", "email": "alice@example.com"}]}]}
                """;
        Schedule s = ScheduleDocuments.schedule(json);

        assertThat(s.rotations().get(0).name()).isEqualTo("rotation-1");
        assertThat(s.rotations().get(0).zone().getId()).isEqualTo("Europe/Berlin");
        assertThat(ScheduleFixtures.followTheSun().rotations()).hasSize(3);
    }

    @Test
    void documentsAreReadStrictlyWithTheFieldsPath() {
        String base = ScheduleFixtures.FOLLOW_THE_SUN_YAML;

        assertInvalid(base.replace("handoff: \"08:00\"", "hanoff: \"08:00\""), "rotations[2].handoff: is required");
        assertInvalid(base.replace("Asia/Singapore", "Asia/Atlantis"), "rotations[2].time-zone: must be a time zone");
        assertInvalid(base.replace("length: 1d", "length: 0d"), "rotations[2].length: must be whole days");
        assertInvalid(base.replace("chen@example.com", "chen"), "rotations[2].participants[0].email: must be");
        assertInvalid(base + "colour: blue\n", "colour: is not a known field");
        assertInvalid("{\"name\": \"x\", \"name\": \"y\"}", "not valid JSON");
        assertInvalid(
                base.replace("{principal: bob, from", "{principal: zed, from"),
                "overrides[0].email: is required for someone outside the rotations");
    }

    @Test
    void aBadWebhookUrlIsRefusedWithoutEchoingIt() {
        String doc = ScheduleFixtures.FOLLOW_THE_SUN_YAML.replace(
                "https://pager.example.com/hook/t0ken", "ftp://pager.example.com/hook/t0ken");

        assertThatThrownBy(() -> ScheduleDocuments.schedule(doc))
                .isInstanceOf(IncidentException.class)
                .hasMessageContaining("rotations[1].participants[0].webhook")
                .hasMessageNotContaining("t0ken");
    }

    @Test
    void policiesNeedIncreasingDelaysAndSomeoneToTell() {
        EscalationPolicy p = ScheduleDocuments.policy("""
                name: default
                levels:
                  - {after: 0m, schedule: follow-the-sun}
                  - {after: 10m, principals: [carol, dave]}
                """);

        assertThat(p.levels())
                .extracting(EscalationLevel::after)
                .containsExactly(Duration.ZERO, Duration.ofMinutes(10));
        assertThatThrownBy(() -> ScheduleDocuments.policy("{\"name\": \"p\", \"levels\": [{\"after\": \"5m\"}]}"))
                .hasMessageContaining("levels[0].schedule: a level names a schedule or principals");
        assertThatThrownBy(() -> ScheduleDocuments.policy(
                        "{\"name\": \"p\", \"levels\": [{\"after\": \"5m\", \"principals\": [\"a\"]},"
                                + " {\"after\": \"1m\", \"principals\": [\"b\"]}]}"))
                .hasMessageContaining("levels[1].after: must not be earlier");
    }

    private static void assertInvalid(String document, String message) {
        assertThatThrownBy(() -> ScheduleDocuments.schedule(document))
                .isInstanceOfSatisfying(
                        IncidentException.class, e -> assertThat(e.reason()).isEqualTo(IncidentReason.INVALID_SCHEDULE))
                .hasMessageContaining(message);
    }
}
