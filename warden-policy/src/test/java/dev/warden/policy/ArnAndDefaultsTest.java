package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArnAndDefaultsTest {
    @Test
    void arnRoundTrip() {
        Arn a = Arn.of("iot", "eu-west-1", "123", "topic/a:b/c");
        assertThat(a.format()).isEqualTo("arn:warden:iot:eu-west-1:123:topic/a:b/c");
        Arn p = Arn.parse(a.format());
        assertThat(p).isEqualTo(a);
        assertThat(p.partition()).isEqualTo("warden");
        assertThat(p.resource()).isEqualTo("topic/a:b/c");
        assertThat(Arn.parse("arn:aws:s3:::bucket").region()).isEmpty();
        assertThat(Arn.tryParse("nope")).isEmpty();
        assertThatThrownBy(() -> Arn.parse("arn:warden:iot:r:1:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Arn.parse("xrn:warden:iot:r:1:x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Arn.of("iot", "a:b", "1", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void iamArnAndServicePrefix() {
        assertThat(Arn.iam("123", "user/alice").format()).isEqualTo("arn:warden:iam::123:user/alice");
        assertThat(Arn.prefix("iot", "eu-west-1", "123")).isEqualTo("arn:warden:iot:eu-west-1:123:");
        assertThat(Arn.prefix("audit", "eu-west-1", "")).isEqualTo("arn:warden:audit:eu-west-1::");
        assertThatThrownBy(() -> Arn.prefix("iot", "eu:west", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Arn.prefix("", "eu-west-1", "1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultDevicePolicy() {
        Policy p = DefaultPolicies.deviceDefault("eu-west-1", "123456789012");
        assertThat(p.name()).isEqualTo(DefaultPolicies.DEVICE_DEFAULT_NAME);
        assertThat(p.statements()).hasSize(12);
        assertThat(p.statements()).allMatch(s -> s.effect() == Effect.ALLOW);
        assertThat(p.statements().get(0).actions()).containsExactly("iot:Connect");
        assertThat(p.statements().get(0).resources())
                .containsExactly("arn:warden:iot:eu-west-1:123456789012:client/${iot:Connection.Thing.ThingName}");
        assertThat(p.statements().get(1).actions()).containsExactly("iot:Publish", "iot:Receive");
        assertThat(p.statements().get(1).resources())
                .containsExactly(
                        "arn:warden:iot:eu-west-1:123456789012:topic/devices/${iot:Connection.Thing.ThingName}/*");
        assertThat(p.statements().get(2).actions()).containsExactly("iot:Subscribe");
        assertThat(p.statements().get(2).resources())
                .containsExactly(
                        "arn:warden:iot:eu-west-1:123456789012:topicfilter/devices/${iot:Connection.Thing.ThingName}/*");
        String metrics =
                "arn:warden:iot:eu-west-1:123456789012:topic/${$}warden/things/${iot:Connection.Thing.ThingName}"
                        + "/defender/metrics/json";
        assertThat(p.statements().get(3).actions()).containsExactly("iot:Publish");
        assertThat(p.statements().get(3).resources()).containsExactly(metrics);
        assertThat(p.statements().get(4).actions()).containsExactly("iot:Subscribe");
        assertThat(p.statements().get(4).resources())
                .containsExactly(
                        metrics.replace(":topic/", ":topicfilter/") + "/accepted",
                        metrics.replace(":topic/", ":topicfilter/") + "/rejected");
        assertThat(p.statements().get(5).actions()).containsExactly("iot:Receive");
        assertThat(p.statements().get(5).resources()).containsExactly(metrics + "/accepted", metrics + "/rejected");
        String jobs = "arn:warden:iot:eu-west-1:123456789012:topic/${$}warden/things/${iot:Connection.Thing.ThingName}"
                + "/jobs/*";
        assertThat(p.statements().get(6).actions()).containsExactly("iot:Publish", "iot:Receive");
        assertThat(p.statements().get(6).resources()).containsExactly(jobs);
        assertThat(p.statements().get(7).actions()).containsExactly("iot:Subscribe");
        assertThat(p.statements().get(7).resources()).containsExactly(jobs.replace(":topic/", ":topicfilter/"));
        String attestation = jobs.replace("/jobs/*", "/attestation/*");
        assertThat(p.statements().get(8).actions()).containsExactly("iot:Publish", "iot:Receive");
        assertThat(p.statements().get(8).resources()).containsExactly(attestation);
        assertThat(p.statements().get(9).actions()).containsExactly("iot:Subscribe");
        assertThat(p.statements().get(9).resources()).containsExactly(attestation.replace(":topic/", ":topicfilter/"));
        String e2e = attestation.replace("/attestation/*", "/e2e/*");
        assertThat(p.statements().get(10).resources()).containsExactly(e2e);
        assertThat(p.statements().get(11).resources()).containsExactly(e2e.replace(":topic/", ":topicfilter/"));
        assertThatThrownBy(() -> DefaultPolicies.deviceDefaultJson("eu\"west", "1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DefaultPolicies.deviceDefaultJson("eu-west-1", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void requestContextIsCaseInsensitiveAndMultiValued() {
        RequestContext c = RequestContext.builder()
                .put("IoT:ClientId", "a")
                .put("iot:clientid", "b")
                .put("aws:SourceIp", "1.2.3.4")
                .build();
        assertThat(c.values("IOT:CLIENTID")).containsExactly("a", "b");
        assertThat(c.value("iot:ClientId")).isEmpty();
        assertThat(c.value("warden:SourceIp")).contains("1.2.3.4");
        assertThat(c.contains("aws:sourceip")).isTrue();
        assertThat(RequestContext.empty().values("x")).isEmpty();
    }
}
