package dev.warden.monitor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.monitor.MonitorException;
import dev.warden.monitor.MonitorReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProfileParserTest {

    private static String withBehaviour(String behaviour) {
        return "{\"name\":\"p\",\"behaviours\":[" + behaviour + "]}";
    }

    @Test
    void builtInProfileParsesAndRoundTrips() {
        SecurityProfile p = BuiltInProfiles.baseline();
        assertThat(p.behaviours()).hasSize(9);
        assertThat(ProfileParser.parse(ProfileJson.write(p), BuiltInProfiles.BASELINE))
                .isEqualTo(p);
        // The behaviours whose alarms open incidents by themselves, with the playbook that contains them.
        assertThat(p.behaviours().stream().filter(b -> b.incident().isPresent()))
                .extracting(b -> b.name() + " " + b.incident().get().severity() + " "
                        + b.incident().get().playbook().orElse("-"))
                .containsExactly(
                        "shared-certificate sev2 compromised-device",
                        "attestation-failure sev2 compromised-device",
                        "admin-privilege-probing sev2 stolen-credential");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"severity\":\"sev5\"}|severity is sev1",
                "{\"severity\":\"sev1\",\"playbook\":\"no spaces\"}|playbook is a name",
                "{\"severity\":\"sev1\",\"runbook\":\"x\"}|has no field runbook",
                "\"sev1\"|is an object"
            })
    void anIncidentMarkIsCheckedAsStrictlyAsTheRest(String mark, String message) {
        String behaviour = "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"greater-than\","
                + "\"value\":1,\"incident\":" + mark + "}";
        assertThatThrownBy(() -> ProfileParser.parse(withBehaviour(behaviour), null))
                .isInstanceOf(MonitorException.class)
                .hasMessageContaining(message);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"name\":\"b\",\"metric\":\"num-bananas\",\"operator\":\"greater-than\",\"value\":1}|UNKNOWN_METRIC",
                "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"bigger\",\"value\":1}|UNKNOWN_OPERATOR",
                "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"in-cidr-set\",\"cidrs\":[\"10.0.0.0/8\"]}|OPERATOR_NOT_APPLICABLE",
                "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"greater-than\",\"value\":1,\"window-seconds\":5}|WINDOW_OUT_OF_RANGE",
                "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"greater-than\",\"value\":1,\"window-seconds\":3601}|WINDOW_OUT_OF_RANGE",
                "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"greater-than\"}|INVALID_THRESHOLD",
                "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"greater-than\",\"value\":1,\"ports\":[1]}|INVALID_THRESHOLD",
                "{\"name\":\"b\",\"metric\":\"source-ip-address\",\"operator\":\"not-in-cidr-set\",\"cidrs\":[\"nope\"]}|INVALID_THRESHOLD",
                "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"greater-than\",\"statistical\":\"p42\"}|INVALID_THRESHOLD",
                "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"greater-than\",\"value\":1,\"datapoints-to-alarm\":0}|INVALID_DATAPOINTS",
                "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"greater-than\",\"value\":1,\"topic-filter\":\"a/#\"}|INVALID_TOPIC_FILTER",
                "{\"name\":\"b\",\"metric\":\"num-messages-sent\",\"operator\":\"greater-than\",\"value\":1,\"topic-filter\":\"a/#/b\"}|INVALID_TOPIC_FILTER",
                "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"greater-than\",\"value\":1,\"mitigations\":[\"reboot\"]}|UNKNOWN_MITIGATION",
                "{\"name\":\"b\",\"metric\":\"num-failed-logins\",\"operator\":\"greater-than\",\"value\":1,\"mitigations\":[\"quarantine\"]}|MITIGATION_NOT_APPLICABLE",
                "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"greater-than\",\"value\":1,\"mitigations\":[\"notify\"]}|INVALID_NOTIFY_TARGET",
                "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"greater-than\",\"value\":1,\"colour\":\"red\"}|INVALID_PROFILE",
            })
    void refusesWithTheReason(String behaviour, MonitorReason reason) {
        assertThatThrownBy(() -> ProfileParser.parse(withBehaviour(behaviour), "p"))
                .isInstanceOf(MonitorException.class)
                .extracting(e -> ((MonitorException) e).reason())
                .isEqualTo(reason);
    }

    @Test
    void refusesDuplicateBehavioursBadTargetsAndMismatchedNames() {
        String b = "{\"name\":\"b\",\"metric\":\"num-disconnects\",\"operator\":\"greater-than\",\"value\":1}";
        assertThatThrownBy(() -> ProfileParser.parse("{\"name\":\"p\",\"behaviours\":[" + b + "," + b + "]}", "p"))
                .hasFieldOrPropertyWithValue("reason", MonitorReason.DUPLICATE_BEHAVIOUR);
        assertThatThrownBy(() ->
                        ProfileParser.parse("{\"name\":\"p\",\"targets\":[\"fleet\"],\"behaviours\":[" + b + "]}", "p"))
                .hasFieldOrPropertyWithValue("reason", MonitorReason.INVALID_TARGET);
        assertThatThrownBy(() -> ProfileParser.parse(withBehaviour(b), "q"))
                .hasFieldOrPropertyWithValue("reason", MonitorReason.INVALID_PROFILE_NAME);
        assertThatThrownBy(() -> ProfileParser.parse("[1]", "p"))
                .hasFieldOrPropertyWithValue("reason", MonitorReason.INVALID_PROFILE);
    }

    @Test
    void defaultsAreOneDatapointAndFiveMinutes() {
        Behaviour b = ProfileParser.parse(
                        withBehaviour(
                                "{\"name\":\"b\",\"metric\":\"custom:temp\",\"operator\":\"less-than\",\"value\":3}"),
                        "p")
                .behaviours()
                .get(0);
        assertThat(b.metricId()).isEqualTo("custom:temp");
        assertThat(b.window().toSeconds()).isEqualTo(300);
        assertThat(b.datapointsToAlarm()).isEqualTo(1);
    }
}
