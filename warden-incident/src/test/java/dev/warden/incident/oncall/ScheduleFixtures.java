package dev.warden.incident.oncall;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

final class ScheduleFixtures {
    static final String FOLLOW_THE_SUN_YAML = """
            name: follow-the-sun
            rotations:
              - name: emea
                time-zone: Europe/Berlin
                length: 1w
                handoff: "09:00"
                start: 2024-01-01
                hours: "08:00-20:00"
                participants:
                  - {principal: alice, email: alice@example.com}
                  - {principal: anna, email: anna@example.com}
              - name: amer
                time-zone: America/New_York
                length: 1w
                handoff: "09:00"
                start: 2024-01-01
                hours: "08:00-20:00"
                participants:
                  - {principal: bob, email: bob@example.com, webhook: "https://pager.example.com/hook/t0ken"}
              - name: apac
                time-zone: Asia/Singapore
                length: 1d
                handoff: "08:00"
                start: 2024-01-01
                hours: "08:00-20:00"
                participants:
                  - {principal: chen, email: chen@example.com}
                  - {principal: chloe, email: chloe@example.com}
            overrides:
              - {principal: bob, from: "2024-06-01T00:00:00Z", to: "2024-06-02T00:00:00Z"}
            """;

    private ScheduleFixtures() {}

    static Schedule followTheSun() {
        return ScheduleDocuments.schedule(FOLLOW_THE_SUN_YAML);
    }

    static EscalationPolicy policy(int... minutes) {
        List<EscalationLevel> levels = new ArrayList<>();
        for (int i = 0; i < minutes.length; i++) {
            levels.add(new EscalationLevel(
                    i + 1, Duration.ofMinutes(minutes[i]), Optional.empty(), List.of("level" + (i + 1))));
        }
        return new EscalationPolicy("p", levels);
    }

    static Rotation daily(String zone, String handoff, String... people) {
        List<Participant> ps = new ArrayList<>();
        for (String p : people) {
            ps.add(new Participant(p, Contact.email(p + "@example.com")));
        }
        return new Rotation(
                "daily",
                ZoneId.of(zone),
                ps,
                1,
                LocalTime.parse(handoff),
                LocalDate.of(2025, 3, 1),
                DailyHours.ALL_DAY);
    }
}
