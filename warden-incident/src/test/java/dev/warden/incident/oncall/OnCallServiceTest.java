package dev.warden.incident.oncall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.incident.IncidentException;
import dev.warden.incident.IncidentReason;
import dev.warden.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code warden oncall schedule|policy|who} calls, on a real SQLite file. */
class OnCallServiceTest {
    @TempDir
    Path dir;

    private Database db;
    private OnCallService service;

    @BeforeEach
    void open() {
        db = Database.open(null, dir);
        service = new OnCallService(db, Clock.systemUTC(), Optional.of("follow-the-sun"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void schedulesAreVersionedListedAndAnswerWho() {
        StoredDocument v1 = service.putSchedule(ScheduleFixtures.FOLLOW_THE_SUN_YAML, "user:lead");
        StoredDocument v2 =
                service.putSchedule(ScheduleFixtures.FOLLOW_THE_SUN_YAML.replace("anna", "annika"), "user:x");

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(service.showSchedule("follow-the-sun").document()).contains("annika");
        assertThat(service.listSchedules()).extracting(StoredDocument::name).containsExactly("follow-the-sun");
        assertThat(service.who(Optional.empty(), Optional.of(Instant.parse("2025-01-15T23:00:00Z"))))
                .hasValueSatisfying(o -> assertThat(o.principal()).isEqualTo("bob"));
        assertThat(service.of("chen"))
                .hasValueSatisfying(c -> assertThat(c.email()).isEqualTo("chen@example.com"));
        assertThat(service.of("nobody")).isEmpty();
    }

    @Test
    void aPolicyMayOnlyNameSchedulesThatExistAndKeepsThemFromBeingDeleted() {
        String policy = "{\"name\": \"default\", \"levels\": [{\"after\": \"0m\", \"schedule\": \"follow-the-sun\"}]}";
        assertThatThrownBy(() -> service.putPolicy(policy, "user:lead"))
                .isInstanceOfSatisfying(
                        IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentReason.NO_SUCH_SCHEDULE));

        service.putSchedule(ScheduleFixtures.FOLLOW_THE_SUN_YAML, "user:lead");
        service.putPolicy(policy, "user:lead");

        assertThat(service.policy("default").levels()).hasSize(1);
        assertThatThrownBy(() -> service.deleteSchedule("follow-the-sun"))
                .hasMessageContaining("escalation policy default names follow-the-sun");
        assertThatThrownBy(() -> service.showPolicy("other"))
                .isInstanceOfSatisfying(
                        IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentReason.NO_SUCH_ESCALATION_POLICY));
        assertThatThrownBy(() -> service.who(Optional.of("missing"), Optional.empty()))
                .isInstanceOfSatisfying(
                        IncidentException.class,
                        e -> assertThat(e.reason()).isEqualTo(IncidentReason.NO_SUCH_SCHEDULE));
    }
}
