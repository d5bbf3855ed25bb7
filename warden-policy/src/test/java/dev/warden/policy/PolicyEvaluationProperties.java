package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PolicyEvaluationProperties {
    static final String A = "arn:warden:iot:eu-west-1:123456789012:";

    static final List<String> ACTION_PATTERNS = List.of(
            "iot:Publish",
            "iot:Subscribe",
            "iot:*",
            "*",
            "iot:P*",
            "iot:?eceive",
            "iot:Connect",
            "IOT:publish",
            "iam:*");
    static final List<String> RESOURCE_PATTERNS = List.of(
            "*",
            A + "topic/devices/${iot:ClientId}/*",
            A + "topic/devices/d1/*",
            A + "topic/*",
            A + "client/${iot:ClientId}",
            A + "topic/devices/d?/x",
            A + "topicfilter/devices/+/x",
            "arn:aws:iot:*:*:topic/devices/${iot:ClientId, 'd1'}/*",
            A + "topic/${*}");
    static final List<String> CONDITIONS = List.of(
            "",
            "{\"StringEquals\":{\"iot:ClientId\":\"d1\"}}",
            "{\"StringNotEquals\":{\"iot:ClientId\":[\"d2\",\"*\"]}}",
            "{\"NotIpAddress\":{\"warden:SourceIp\":\"10.0.0.0/8\"}}",
            "{\"IpAddressIfExists\":{\"warden:SourceIp\":\"10.0.0.0/8\"}}",
            "{\"ForAllValues:StringLike\":{\"warden:TagKeys\":\"e*\"}}",
            "{\"ForAnyValue:StringEquals\":{\"warden:TagKeys\":\"owner\"}}",
            "{\"Null\":{\"warden:SourceIp\":\"true\"}}",
            "{\"NumericLessThan\":{\"warden:count\":\"5\"}}",
            "{\"StringLike\":{\"warden:username\":\"${iot:ClientId}*\"}}");
    static final List<String> REQ_ACTIONS =
            List.of("iot:Publish", "iot:Subscribe", "iot:Receive", "iot:Connect", "iam:CreateUser");
    static final List<String> REQ_RESOURCES = List.of(
            A + "topic/devices/d1/x",
            A + "topic/devices/d2/x",
            A + "topic/devices/+/x",
            A + "client/d1",
            A + "client/*",
            A + "topicfilter/devices/+/x",
            A + "topic/*",
            A + "topic/devices/*/x",
            "arn:warden:iot:us-east-1:9:topic/devices/d1/y");

    @Provide
    Arbitrary<String> statement() {
        Arbitrary<String> effect = Arbitraries.of("Allow", "Deny");
        return Combinators.combine(
                        effect,
                        Arbitraries.of(ACTION_PATTERNS).list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.of(RESOURCE_PATTERNS).list().ofMinSize(1).ofMaxSize(2),
                        Arbitraries.of(CONDITIONS),
                        Arbitraries.of(false, false, false, true),
                        Arbitraries.of(false, false, false, true))
                .as(PolicyEvaluationProperties::statementJson);
    }

    static String statementJson(
            String effect,
            List<String> actions,
            List<String> resources,
            String condition,
            boolean notAction,
            boolean notResource) {
        return "{\"Effect\":\"" + effect + "\",\"" + (notAction ? "NotAction" : "Action") + "\":" + arr(actions)
                + ",\"" + (notResource ? "NotResource" : "Resource") + "\":" + arr(resources)
                + (condition.isEmpty() ? "" : ",\"Condition\":" + condition) + "}";
    }

    static String arr(List<String> l) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < l.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(l.get(i)).append('"');
        }
        return sb.append(']').toString();
    }

    static Policy policy(String name, List<String> statements) {
        return PolicyParser.parse(
                name, "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}");
    }

    @Provide
    Arbitrary<List<String>> statements() {
        return statement().list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<AuthorizationRequest> request() {
        Arbitrary<RequestContext> ctx = Combinators.combine(
                        Arbitraries.of("d1", "d2", "*", "+", "", "none"),
                        Arbitraries.of("10.1.2.3", "192.168.0.1", "::ffff:10.0.0.1", "junk", "none"),
                        Arbitraries.of("e1", "owner", "none").list().ofMaxSize(3),
                        Arbitraries.of("3", "7", "x", "none"))
                .as((cid, ip, tags, count) -> {
                    RequestContext.Builder b = RequestContext.builder();
                    if (!cid.equals("none")) {
                        b.put("iot:ClientId", cid);
                        b.put("warden:username", cid + "-user");
                    }
                    if (!ip.equals("none")) {
                        b.put("warden:SourceIp", ip);
                    }
                    for (String t : tags) {
                        if (!t.equals("none")) {
                            b.put("warden:TagKeys", t);
                        }
                    }
                    if (!count.equals("none")) {
                        b.put("warden:count", count);
                    }
                    return b.build();
                });
        return Combinators.combine(Arbitraries.of(REQ_ACTIONS), Arbitraries.of(REQ_RESOURCES), ctx)
                .as(AuthorizationRequest::new);
    }

    @Property(tries = 300)
    void explicitDenyAlwaysWins(
            @ForAll("statements") List<String> stmts,
            @ForAll("request") AuthorizationRequest r,
            @ForAll boolean inBoundary) {
        String deny = "{\"Effect\":\"Deny\",\"Action\":\"" + r.action() + "\",\"Resource\":\""
                + r.resource().replace("*", "${*}") + "\"}";
        PolicySet base = PolicySet.of(policy("id", stmts));
        PolicySet withDeny;
        if (inBoundary) {
            withDeny = base.withBoundary(
                    List.of(policy("b", List.of("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}", deny))));
        } else {
            List<String> all = new ArrayList<>(stmts);
            all.add(deny);
            withDeny = PolicySet.of(policy("id", all));
        }
        Decision d = PolicyEvaluator.evaluate(withDeny, r);
        assertThat(d.allowed()).isFalse();
        assertThat(d.basis()).isEqualTo(DecisionBasis.EXPLICIT_DENY);
        assertThat(d.decidingStatement().effect()).isEqualTo(Effect.DENY);
    }

    @Property(tries = 400)
    void addingAnAllowNeverRemovesAccess(
            @ForAll("statements") List<String> stmts,
            @ForAll("statement") String extra,
            @ForAll("request") AuthorizationRequest r) {
        if (!extra.contains("\"Allow\"")) {
            return;
        }
        boolean before =
                PolicyEvaluator.evaluate(PolicySet.of(policy("p", stmts)), r).allowed();
        List<String> more = new ArrayList<>(stmts);
        more.add(extra);
        boolean after =
                PolicyEvaluator.evaluate(PolicySet.of(policy("p", more)), r).allowed();
        if (before) {
            assertThat(after).isTrue();
        }
    }

    @Property(tries = 400)
    void addingADenyNeverGrantsAccess(
            @ForAll("statements") List<String> stmts,
            @ForAll("statement") String extra,
            @ForAll("request") AuthorizationRequest r,
            @ForAll boolean asSeparatePolicy) {
        String deny = extra.replace("\"Allow\"", "\"Deny\"");
        boolean before =
                PolicyEvaluator.evaluate(PolicySet.of(policy("p", stmts)), r).allowed();
        PolicySet after = asSeparatePolicy
                ? PolicySet.of(policy("p", stmts), policy("d", List.of(deny)))
                : PolicySet.of(policy("p", concat(stmts, deny)));
        if (!before) {
            assertThat(PolicyEvaluator.evaluate(after, r).allowed()).isFalse();
        }
    }

    @Property(tries = 300)
    void boundaryAndSessionOnlyNarrow(
            @ForAll("statements") List<String> id,
            @ForAll("statements") List<String> b,
            @ForAll("statements") List<String> s,
            @ForAll("request") AuthorizationRequest r) {
        PolicySet only = PolicySet.of(policy("id", id));
        PolicySet full = only.withBoundary(List.of(policy("b", b))).withSessionPolicies(List.of(policy("s", s)));
        Decision d = PolicyEvaluator.evaluate(full, r);
        if (d.allowed()) {
            assertThat(PolicyEvaluator.evaluate(only, r).allowed()).isTrue();
            assertThat(PolicyEvaluator.evaluate(PolicySet.of(policy("b", b)), r).allowed())
                    .isTrue();
            assertThat(PolicyEvaluator.evaluate(PolicySet.of(policy("s", s)), r).allowed())
                    .isTrue();
        }
    }

    @Property(tries = 300)
    void decisionIsConsistent(@ForAll("statements") List<String> stmts, @ForAll("request") AuthorizationRequest r) {
        Decision d = PolicyEvaluator.evaluate(PolicySet.of(policy("p", stmts)), r);
        assertThat(d.explanation()).isNotBlank();
        if (d.allowed()) {
            assertThat(d.decidingStatement()).isNotNull();
            assertThat(d.decidingStatement().effect()).isEqualTo(Effect.ALLOW);
            assertThat(d.matchedStatements()).noneMatch(m -> m.effect() == Effect.DENY);
        } else if (d.basis() == DecisionBasis.IMPLICIT_DENY) {
            assertThat(d.matchedStatements()).isEmpty();
        }
        assertThat(d.basis()).isNotEqualTo(DecisionBasis.ERROR_DENY);
    }

    static List<String> concat(List<String> l, String x) {
        List<String> r = new ArrayList<>(l);
        r.add(x);
        return r;
    }
}
