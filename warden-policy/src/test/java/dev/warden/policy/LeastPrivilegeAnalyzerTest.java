package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LeastPrivilegeAnalyzerTest {
    static final String A = "arn:warden:iot:eu-west-1:123456789012:";

    static List<Finding.Code> codes(String... stmts) {
        return LeastPrivilegeAnalyzer.analyze(T.statements(stmts)).stream()
                .map(Finding::code)
                .toList();
    }

    @Test
    void defaultDevicePolicyIsClean() {
        assertThat(LeastPrivilegeAnalyzer.analyze(DefaultPolicies.deviceDefault("eu-west-1", "123456789012")))
                .isEmpty();
    }

    @Test
    void flagsWildcards() {
        assertThat(codes("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}"))
                .contains(
                        Finding.Code.ALLOW_ALL_ACTIONS,
                        Finding.Code.ALLOW_ALL_RESOURCES,
                        Finding.Code.DEVICE_RESOURCE_NOT_SCOPED);
        assertThat(codes("{\"Effect\":\"Allow\",\"Action\":\"iam:*\",\"Resource\":\"arn:warden:iam::1:*\"}"))
                .containsExactlyInAnyOrder(Finding.Code.ALLOW_ALL_SERVICE_ACTIONS, Finding.Code.ALLOW_ALL_RESOURCES);
    }

    @Test
    void flagsUnscopedDeviceResources() {
        assertThat(codes("{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"" + A + "topic/devices/*\"}"))
                .containsExactly(Finding.Code.DEVICE_RESOURCE_NOT_SCOPED);
        assertThat(codes("{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"" + A
                        + "client/${iot:ClientId}*\"}"))
                .as("variable followed by a wildcard lets 'a' act as 'ab'")
                .containsExactly(Finding.Code.DEVICE_RESOURCE_NOT_SCOPED);
        assertThat(codes("{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"" + A
                        + "topic/*/${iot:ClientId}/x\"}"))
                .containsExactly(Finding.Code.DEVICE_RESOURCE_NOT_SCOPED);
        assertThat(
                        codes(
                                "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"arn:warden:iot:*:123:topic/${iot:Connection.Thing.ThingName}/*\"}"))
                .isEmpty();
    }

    @Test
    void flagsNotActionNotResourceWithAllow() {
        assertThat(codes("{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"NotResource\":\"" + A + "topic/x\"}"))
                .contains(Finding.Code.ALLOW_WITH_NOT_ACTION, Finding.Code.ALLOW_WITH_NOT_RESOURCE);
        assertThat(codes("{\"Effect\":\"Deny\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}"))
                .isEmpty();
    }

    @Test
    void flagsMqttWildcardsInDenyAndUnguardedVariables() {
        List<Finding> f = LeastPrivilegeAnalyzer.analyze(T.statements(
                "{\"Sid\":\"D\",\"Effect\":\"Deny\",\"Action\":\"iot:Subscribe\",\"Resource\":\"" + A
                        + "topicfilter/admin/#\"}",
                "{\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"" + A
                        + "topic/${warden:username}/x\"}"));
        assertThat(f)
                .extracting(Finding::code)
                .containsExactly(Finding.Code.MQTT_WILDCARD_IN_DENY, Finding.Code.DENY_VARIABLE_WITHOUT_DEFAULT);
        assertThat(f.get(0).sid()).isEqualTo("D");
        assertThat(f.get(0).statementIndex()).isZero();
        assertThat(f.get(1).statementIndex()).isEqualTo(1);
        assertThat(f.get(0).severity()).isEqualTo(Finding.Severity.MEDIUM);
    }
}
