package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The built-in quarantine policy, evaluated with the device's own default policy beside it (as a thing in the
 * quarantine group is): only the remediation topics stay open, and no Allow can outweigh the quarantine.
 */
class QuarantinePolicyTest {
    private static final String P = "arn:warden:iot:eu-west-1:123456789012:";
    private static final PolicySet QUARANTINED = PolicySet.of(List.of(
            DefaultPolicies.deviceDefault("eu-west-1", "123456789012"),
            strict(),
            T.policy(
                    "customer-allow-all",
                    "{\"Version\":\"2012-10-17\",\"Statement\":["
                            + "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}")));

    /** Parsed strictly, as a policy an operator writes: every action is in the catalogue, with no warning. */
    private static Policy strict() {
        PolicyParser.Result parsed = PolicyParser.parseStrict(
                DefaultPolicies.QUARANTINE_NAME, DefaultPolicies.quarantineJson("eu-west-1", "123456789012"));
        assertThat(parsed.warnings()).isEmpty();
        return parsed.policy();
    }

    private static boolean allowed(String action, String resource) {
        return T.decide(QUARANTINED, action, resource, T.ctx("iot:Connection.Thing.ThingName", "dev-1"))
                .allowed();
    }

    @Test
    void onlyTheDevicesOwnRemediationTopicsStayOpen() {
        // GIVEN dev-1 quarantined, with its default policy and a customer's allow-everything policy attached
        // THEN it may still connect, and publish, subscribe and receive on its remediation topics
        assertThat(allowed("iot:Connect", P + "client/dev-1")).isTrue();
        assertThat(allowed("iot:Publish", P + "topic/$warden/things/dev-1/remediation/status"))
                .isTrue();
        assertThat(allowed("iot:Receive", P + "topic/$warden/things/dev-1/remediation/cmd/reboot"))
                .isTrue();
        assertThat(allowed("iot:Subscribe", P + "topicfilter/$warden/things/dev-1/remediation/#"))
                .isTrue();
        // AND nothing else: not its telemetry, not another device's remediation topic, no retained message
        assertThat(allowed("iot:Publish", P + "topic/devices/dev-1/telemetry")).isFalse();
        assertThat(allowed("iot:Receive", P + "topic/devices/dev-1/cmd")).isFalse();
        assertThat(allowed("iot:Subscribe", P + "topicfilter/devices/dev-1/#")).isFalse();
        assertThat(allowed("iot:Publish", P + "topic/$warden/things/dev-2/remediation/status"))
                .isFalse();
        assertThat(allowed("iot:Subscribe", P + "topicfilter/$warden/things/+/remediation/#"))
                .isFalse();
        assertThat(allowed("iot:RetainPublish", P + "topic/$warden/things/dev-1/remediation/status"))
                .isFalse();
        assertThat(allowed("data:GetTelemetry", "*")).isFalse();
    }

    @Test
    void aQuarantinedDeviceCanStillAttestItsOwnBoot() {
        // GIVEN dev-1 quarantined (reflashed, it must prove a good boot to be trusted again)
        // THEN it may ask for a nonce, report, subscribe to and receive its verdict
        assertThat(allowed("iot:Publish", P + "topic/$warden/things/dev-1/attestation/nonce"))
                .isTrue();
        assertThat(allowed("iot:Publish", P + "topic/$warden/things/dev-1/attestation/report"))
                .isTrue();
        assertThat(allowed("iot:Subscribe", P + "topicfilter/$warden/things/dev-1/attestation/+/+"))
                .isTrue();
        assertThat(allowed("iot:Receive", P + "topic/$warden/things/dev-1/attestation/report/accepted"))
                .isTrue();
        // AND not another thing's attestation topics, nor its jobs (no firmware while quarantined), nor a retain
        assertThat(allowed("iot:Publish", P + "topic/$warden/things/dev-2/attestation/report"))
                .isFalse();
        assertThat(allowed("iot:Subscribe", P + "topicfilter/$warden/things/+/attestation/#"))
                .isFalse();
        assertThat(allowed("iot:Publish", P + "topic/$warden/things/dev-1/jobs/get"))
                .isFalse();
        assertThat(allowed("iot:RetainPublish", P + "topic/$warden/things/dev-1/attestation/report"))
                .isFalse();
    }

    @Test
    void theDenyNamesTheQuarantineStatement() {
        Decision d = T.decide(
                QUARANTINED,
                "iot:Publish",
                P + "topic/devices/dev-1/telemetry",
                T.ctx("iot:Connection.Thing.ThingName", "dev-1"));
        assertThat(d.allowed()).isFalse();
        assertThat(d.decidingStatement().sid()).isEqualTo("QuarantineDenyOtherTopics");
    }
}
