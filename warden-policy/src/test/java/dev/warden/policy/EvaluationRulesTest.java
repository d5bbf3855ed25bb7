package dev.warden.policy;

import static dev.warden.policy.T.TOPIC;
import static dev.warden.policy.T.ctx;
import static dev.warden.policy.T.decide;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationRulesTest {
    static final String ALLOW_PUB =
            "{\"Sid\":\"AllowPub\",\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\"}";
    static final String DENY_PUB =
            "{\"Sid\":\"DenyPub\",\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"*\"}";
    static final String ALLOW_ALL = "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}";

    static Policy p(String name, String... stmts) {
        return T.policy(name, "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", stmts) + "]}");
    }

    @Test
    void defaultDeny() {
        Decision d = decide(PolicySet.of(List.of()), "iot:Publish", TOPIC, ctx());
        assertThat(d.allowed()).isFalse();
        assertThat(d.basis()).isEqualTo(DecisionBasis.IMPLICIT_DENY);
        assertThat(d.matchedStatements()).isEmpty();
        assertThat(d.decidingStatement()).isNull();
        Decision d2 = decide(PolicySet.of(p("a", ALLOW_PUB)), "iot:Subscribe", TOPIC, ctx());
        assertThat(d2.basis()).isEqualTo(DecisionBasis.IMPLICIT_DENY);
    }

    @Test
    void explicitAllowWithExplanation() {
        Decision d = decide(PolicySet.of(p("a", ALLOW_PUB)), "iot:Publish", TOPIC, ctx());
        assertThat(d.allowed()).isTrue();
        assertThat(d.basis()).isEqualTo(DecisionBasis.EXPLICIT_ALLOW);
        assertThat(d.decidingStatement()).isEqualTo(new MatchedStatement("a", "AllowPub", 0, Effect.ALLOW));
        assertThat(d.explanation()).contains("'a'").contains("AllowPub");
    }

    @Test
    void explicitDenyWinsAcrossPolicies() {
        Decision d = decide(PolicySet.of(p("a", ALLOW_ALL), p("b", ALLOW_PUB, DENY_PUB)), "iot:Publish", TOPIC, ctx());
        assertThat(d.allowed()).isFalse();
        assertThat(d.basis()).isEqualTo(DecisionBasis.EXPLICIT_DENY);
        assertThat(d.matchedStatements())
                .containsExactly(
                        new MatchedStatement("a", null, 0, Effect.ALLOW),
                        new MatchedStatement("b", "AllowPub", 0, Effect.ALLOW),
                        new MatchedStatement("b", "DenyPub", 1, Effect.DENY));
        assertThat(d.decidingStatement()).isEqualTo(new MatchedStatement("b", "DenyPub", 1, Effect.DENY));
    }

    @Test
    void boundaryIntersection() {
        PolicySet s = PolicySet.of(p("id", ALLOW_ALL)).withBoundary(List.of(p("boundary", ALLOW_PUB)));
        assertThat(decide(s, "iot:Publish", TOPIC, ctx()).allowed()).isTrue();
        Decision d = decide(s, "iot:Subscribe", TOPIC, ctx());
        assertThat(d.basis()).isEqualTo(DecisionBasis.BOUNDARY_DENY);
        // boundary alone never grants
        PolicySet onlyBoundary = PolicySet.of(List.of()).withBoundary(List.of(p("boundary", ALLOW_ALL)));
        assertThat(decide(onlyBoundary, "iot:Publish", TOPIC, ctx()).basis()).isEqualTo(DecisionBasis.IMPLICIT_DENY);
        // empty boundary allows nothing
        assertThat(decide(PolicySet.of(p("id", ALLOW_ALL)).withBoundary(List.of()), "iot:Publish", TOPIC, ctx())
                        .basis())
                .isEqualTo(DecisionBasis.BOUNDARY_DENY);
        // deny in the boundary wins
        PolicySet denyB = PolicySet.of(p("id", ALLOW_ALL)).withBoundary(List.of(p("boundary", ALLOW_ALL, DENY_PUB)));
        assertThat(decide(denyB, "iot:Publish", TOPIC, ctx()).basis()).isEqualTo(DecisionBasis.EXPLICIT_DENY);
        assertThat(decide(denyB.withoutBoundary(), "iot:Publish", TOPIC, ctx()).allowed())
                .isTrue();
    }

    @Test
    void sessionIntersection() {
        PolicySet s = PolicySet.of(p("id", ALLOW_ALL)).withSessionPolicies(List.of(p("session", ALLOW_PUB)));
        assertThat(decide(s, "iot:Publish", TOPIC, ctx()).allowed()).isTrue();
        assertThat(decide(s, "iot:Receive", TOPIC, ctx()).basis()).isEqualTo(DecisionBasis.SESSION_POLICY_DENY);
        PolicySet onlySession = PolicySet.of(List.of()).withSessionPolicies(List.of(p("session", ALLOW_ALL)));
        assertThat(decide(onlySession, "iot:Publish", TOPIC, ctx()).basis()).isEqualTo(DecisionBasis.IMPLICIT_DENY);
        PolicySet all3 = PolicySet.of(p("id", ALLOW_ALL))
                .withBoundary(List.of(p("b", ALLOW_ALL)))
                .withSessionPolicies(List.of(p("s", ALLOW_PUB)));
        assertThat(decide(all3, "iot:Publish", TOPIC, ctx()).allowed()).isTrue();
        assertThat(decide(all3.withSessionPolicies(List.of(p("s", DENY_PUB, ALLOW_ALL))), "iot:Publish", TOPIC, ctx())
                        .basis())
                .isEqualTo(DecisionBasis.EXPLICIT_DENY);
        assertThat(decide(all3.withoutSessionPolicies(), "iot:Receive", TOPIC, ctx())
                        .allowed())
                .isTrue();
    }

    @Test
    void actionsCaseInsensitiveResourcesCaseSensitive() {
        Policy pol = p(
                "a",
                "{\"Effect\":\"Allow\",\"Action\":\"IOT:publish\",\"Resource\":\"arn:warden:iot:r:1:topic/Devices/*\"}");
        PolicySet s = PolicySet.of(pol);
        assertThat(decide(s, "iot:Publish", "arn:warden:iot:r:1:topic/Devices/x", ctx())
                        .allowed())
                .isTrue();
        assertThat(decide(s, "IoT:PUBLISH", "arn:warden:iot:r:1:topic/Devices/x", ctx())
                        .allowed())
                .isTrue();
        assertThat(decide(s, "iot:Publish", "arn:warden:iot:r:1:topic/devices/x", ctx())
                        .allowed())
                .isFalse();
    }

    @Test
    void actionAndResourceWildcards() {
        PolicySet s = PolicySet.of(p(
                "a",
                "{\"Effect\":\"Allow\",\"Action\":[\"iot:Pub*\",\"iot:?eceive\"],"
                        + "\"Resource\":\"arn:warden:iot:*:1:topic/a/*/c?\"}"));
        assertThat(decide(s, "iot:Publish", "arn:warden:iot:r:1:topic/a/b/x:y/c1", ctx())
                        .allowed())
                .isTrue();
        assertThat(decide(s, "iot:Receive", "arn:warden:iot:r:1:topic/a/b/c1", ctx())
                        .allowed())
                .isTrue();
        assertThat(decide(s, "iot:Receive", "arn:warden:iot:r:1:topic/a/b/c12", ctx())
                        .allowed())
                .isFalse();
        assertThat(decide(s, "iot:Subscribe", "arn:warden:iot:r:1:topic/a/b/c1", ctx())
                        .allowed())
                .isFalse();
        assertThat(decide(s, "iot:Publish", "arn:warden:iot:r:2:topic/a/b/c1", ctx())
                        .allowed())
                .isFalse();
    }

    @Test
    void mqttWildcardsAreLiteral() {
        PolicySet s = PolicySet.of(p(
                "a",
                "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\","
                        + "\"Resource\":\"arn:warden:iot:r:1:topicfilter/devices/+/data\"}"));
        assertThat(decide(s, "iot:Subscribe", "arn:warden:iot:r:1:topicfilter/devices/+/data", ctx())
                        .allowed())
                .isTrue();
        assertThat(decide(s, "iot:Subscribe", "arn:warden:iot:r:1:topicfilter/devices/x/data", ctx())
                        .allowed())
                .isFalse();
        PolicySet h = PolicySet.of(p(
                "a",
                "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\","
                        + "\"Resource\":\"arn:warden:iot:r:1:topicfilter/devices/#\"}"));
        assertThat(decide(h, "iot:Subscribe", "arn:warden:iot:r:1:topicfilter/devices/x", ctx())
                        .allowed())
                .isFalse();
    }

    @Test
    void notActionAndNotResource() {
        PolicySet s = PolicySet.of(
                p(
                        "a",
                        "{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"NotResource\":\"arn:warden:iot:r:1:topic/secret/*\"}"));
        assertThat(decide(s, "iot:Publish", "arn:warden:iot:r:1:topic/public/x", ctx())
                        .allowed())
                .isTrue();
        assertThat(decide(s, "iam:CreateUser", "arn:warden:iot:r:1:topic/public/x", ctx())
                        .allowed())
                .isFalse();
        assertThat(decide(s, "iot:Publish", "arn:warden:iot:r:1:topic/secret/x", ctx())
                        .allowed())
                .isFalse();
    }

    @Test
    void malformedRequestsAreErrorDenies() {
        PolicySet s = PolicySet.of(p("a", ALLOW_ALL));
        assertThat(PolicyEvaluator.evaluate(s, null).basis()).isEqualTo(DecisionBasis.ERROR_DENY);
        assertThat(PolicyEvaluator.evaluate(null, new AuthorizationRequest("iot:Publish", TOPIC))
                        .basis())
                .isEqualTo(DecisionBasis.ERROR_DENY);
        assertThat(PolicyEvaluator.evaluate(s, new AuthorizationRequest(null, TOPIC, null))
                        .basis())
                .isEqualTo(DecisionBasis.ERROR_DENY);
        assertThat(PolicyEvaluator.evaluate(s, new AuthorizationRequest("iot:Publish", null, null))
                        .basis())
                .isEqualTo(DecisionBasis.ERROR_DENY);
        assertThat(PolicyEvaluator.evaluate(s, new AuthorizationRequest("iot:Publish", TOPIC, null))
                        .allowed())
                .isTrue();
    }

    @Test
    void jsonMap() {
        Decision d = decide(PolicySet.of(p("a", ALLOW_PUB, DENY_PUB)), "iot:Publish", TOPIC, ctx());
        Map<String, Object> m = d.toJsonMap();
        assertThat(m).containsEntry("decision", "DENY").containsEntry("basis", "EXPLICIT_DENY");
        assertThat(m.get("decidingStatement"))
                .isEqualTo(Map.of("policy", "a", "sid", "DenyPub", "index", 1, "effect", "Deny"));
        assertThat((List<?>) m.get("matchedStatements")).hasSize(2);
        assertThat((String) m.get("explanation")).contains("DenyPub");
        Map<String, Object> implicit =
                decide(PolicySet.of(List.of()), "iot:Publish", TOPIC, ctx()).toJsonMap();
        assertThat(implicit).containsEntry("decidingStatement", null).containsEntry("decision", "DENY");
    }
}
