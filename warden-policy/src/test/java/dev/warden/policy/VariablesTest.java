package dev.warden.policy;

import static dev.warden.policy.T.allowed;
import static dev.warden.policy.T.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VariablesTest {
    static final String A = "arn:warden:iot:eu-west-1:123456789012:";
    static final Policy DEVICE = DefaultPolicies.deviceDefault("eu-west-1", "123456789012");

    @Test
    void thingNameSubstitution() {
        RequestContext c = ctx("iot:Connection.Thing.ThingName", "dev-1");
        assertThat(allowed(DEVICE, "iot:Connect", A + "client/dev-1", c)).isTrue();
        assertThat(allowed(DEVICE, "iot:Connect", A + "client/dev-2", c)).isFalse();
        assertThat(allowed(DEVICE, "iot:Publish", A + "topic/devices/dev-1/temp", c))
                .isTrue();
        assertThat(allowed(DEVICE, "iot:Receive", A + "topic/devices/dev-1/a/b", c))
                .isTrue();
        assertThat(allowed(DEVICE, "iot:Publish", A + "topic/devices/dev-2/temp", c))
                .isFalse();
        assertThat(allowed(DEVICE, "iot:Subscribe", A + "topicfilter/devices/dev-1/#", c))
                .isTrue();
        assertThat(allowed(DEVICE, "iot:Subscribe", A + "topic/devices/dev-1/x", c))
                .isFalse();
        assertThat(allowed(DEVICE, "iot:Publish", A + "topic/devices/dev-1", c)).isFalse();
        assertThat(allowed(DEVICE, "iot:Connect", A + "client/DEV-1", c))
                .as("resources are case-sensitive")
                .isFalse();
        assertThat(allowed(DEVICE, "iot:UpdateThingShadow", A + "topic/devices/dev-1/x", c))
                .isFalse();
    }

    @Test
    void aThingReportsOnlyItsOwnDeviceMetricsAndReadsOnlyItsOwnReplies() {
        RequestContext c = ctx("iot:Connection.Thing.ThingName", "dev-1");
        String own = A + "topic/$warden/things/dev-1/defender/metrics/json";
        String other = A + "topic/$warden/things/dev-2/defender/metrics/json";
        assertThat(allowed(DEVICE, "iot:Publish", own, c)).isTrue();
        assertThat(allowed(DEVICE, "iot:Publish", other, c)).isFalse();
        assertThat(allowed(DEVICE, "iot:Publish", own + "/accepted", c))
                .as("only the node replies")
                .isFalse();
        for (String reply : new String[] {"/accepted", "/rejected"}) {
            assertThat(allowed(DEVICE, "iot:Subscribe", own.replace(":topic/", ":topicfilter/") + reply, c))
                    .isTrue();
            assertThat(allowed(DEVICE, "iot:Receive", own + reply, c)).isTrue();
            assertThat(allowed(DEVICE, "iot:Subscribe", other.replace(":topic/", ":topicfilter/") + reply, c))
                    .isFalse();
            assertThat(allowed(DEVICE, "iot:Receive", other + reply, c)).isFalse();
        }
        assertThat(allowed(DEVICE, "iot:Subscribe", A + "topicfilter/$warden/things/dev-1/defender/metrics/json/+", c))
                .isFalse();
        assertThat(allowed(DEVICE, "iot:Receive", own, c))
                .as("nor other clients' reports")
                .isFalse();
    }

    @Test
    void unresolvableVariableNeverMatches() {
        assertThat(allowed(DEVICE, "iot:Connect", A + "client/", ctx())).isFalse();
        assertThat(allowed(DEVICE, "iot:Connect", A + "client/${iot:Connection.Thing.ThingName}", ctx()))
                .isFalse();
        assertThat(allowed(DEVICE, "iot:Publish", A + "topic/devices//x", ctx()))
                .isFalse();
        // multi-valued key is not usable as a variable
        RequestContext multi = RequestContext.builder()
                .put("iot:Connection.Thing.ThingName", "a")
                .put("iot:Connection.Thing.ThingName", "b")
                .build();
        assertThat(allowed(DEVICE, "iot:Connect", A + "client/a", multi)).isFalse();
    }

    @Test
    void unresolvableVariableInConditionMakesStatementNotMatch() {
        Policy p = T.statements("{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringNotEquals\":{\"iot:ClientId\":\"${warden:username}\"}}}");
        assertThat(allowed(p, ctx("iot:ClientId", "x"))).isFalse();
        assertThat(allowed(p, ctx("iot:ClientId", "x", "warden:username", "y"))).isTrue();
        assertThat(allowed(p, ctx("iot:ClientId", "x", "warden:username", "x"))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "#", "*", "?", "dev-1*", "*/x", "a+b", "${iot:ClientId}", "${*}"})
    void wildcardCharactersInThingNameCannotWidenAccess(String evil) {
        RequestContext c = ctx("iot:Connection.Thing.ThingName", evil);
        assertThat(allowed(DEVICE, "iot:Connect", A + "client/dev-1", c)).isFalse();
        assertThat(allowed(DEVICE, "iot:Publish", A + "topic/devices/dev-1/temp", c))
                .isFalse();
        assertThat(allowed(DEVICE, "iot:Subscribe", A + "topicfilter/devices/dev-1/x", c))
                .isFalse();
        // but the literal id itself works
        assertThat(allowed(DEVICE, "iot:Connect", A + "client/" + evil, c)).isTrue();
        assertThat(allowed(DEVICE, "iot:Publish", A + "topic/devices/" + evil + "/t", c))
                .isTrue();
    }

    @Test
    void substitutedValueIsLiteralInStringLike() {
        Policy p = T.statements("{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringLike\":{\"warden:Target\":\"home/${warden:username}/*\"}}}");
        assertThat(allowed(p, ctx("warden:username", "bob", "warden:Target", "home/bob/x")))
                .isTrue();
        assertThat(allowed(p, ctx("warden:username", "*", "warden:Target", "home/bob/x")))
                .isFalse();
        assertThat(allowed(p, ctx("warden:username", "*", "warden:Target", "home/*/x")))
                .isTrue();
    }

    @Test
    void escapesAreLiteral() {
        Policy p = T.statements(
                "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"" + A + "topic/a${*}b${?}c${$}\"}");
        assertThat(allowed(p, "iot:Publish", A + "topic/a*b?c$", ctx())).isTrue();
        assertThat(allowed(p, "iot:Publish", A + "topic/axxbyc$", ctx())).isFalse();
    }

    @Test
    void defaultValue() {
        Policy p = T.statements("{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"" + A
                + "topic/team/${warden:PrincipalTag/team, 'company-wide'}/*\"}");
        assertThat(allowed(p, "iot:Publish", A + "topic/team/blue/x", ctx("warden:PrincipalTag/team", "blue")))
                .isTrue();
        assertThat(allowed(p, "iot:Publish", A + "topic/team/company-wide/x", ctx()))
                .isTrue();
        assertThat(allowed(p, "iot:Publish", A + "topic/team/blue/x", ctx())).isFalse();
    }

    @Test
    void thingVariablesAndCaseInsensitiveLookup() {
        Policy p = T.statements(
                "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"" + A
                        + "topic/${iot:Connection.Thing.ThingTypeName}/${iot:Connection.Thing.Attributes[site]}/${IOT:connection.thing.thingname}\"}");
        RequestContext c = ctx(
                "iot:Connection.Thing.ThingName",
                "t1",
                "iot:Connection.Thing.ThingTypeName",
                "lamp",
                "iot:Connection.Thing.Attributes[site]",
                "paris");
        assertThat(allowed(p, "iot:Publish", A + "topic/lamp/paris/t1", c)).isTrue();
        assertThat(allowed(p, "iot:Publish", A + "topic/lamp/lyon/t1", c)).isFalse();
    }

    @Test
    void certificateSubjectVariable() {
        Policy p = T.statements("{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"" + A
                + "client/${iot:Certificate.Subject.CommonName}\"}");
        assertThat(allowed(p, "iot:Connect", A + "client/cn-1", ctx("iot:Certificate.Subject.CommonName", "cn-1")))
                .isTrue();
        assertThat(allowed(p, "iot:Connect", A + "client/cn-2", ctx("iot:Certificate.Subject.CommonName", "cn-1")))
                .isFalse();
    }

    @Test
    void version2008DoesNotSubstitute() {
        Policy p =
                T.policy("{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\","
                        + "\"Resource\":\"" + A + "client/${iot:ClientId}\"}}");
        assertThat(allowed(p, "iot:Connect", A + "client/dev-1", ctx("iot:ClientId", "dev-1")))
                .isFalse();
        assertThat(allowed(p, "iot:Connect", A + "client/${iot:ClientId}", ctx("iot:ClientId", "dev-1")))
                .isTrue();
    }

    @Test
    void importedAwsPartitionAndAwsKeys() {
        Policy p = T.statements(
                "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:eu-west-1:123456789012:client/${iot:ClientId}\","
                        + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}");
        assertThat(allowed(p, "iot:Connect", A + "client/d", ctx("iot:ClientId", "d", "warden:SourceIp", "10.1.2.3")))
                .isTrue();
        assertThat(allowed(p, "iot:Connect", A + "client/d", ctx("iot:ClientId", "d", "warden:SourceIp", "11.1.2.3")))
                .isFalse();
    }
}
