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

/**
 * The evaluator's shortcuts (per-action statement lists, a shared ARN start compared once per decision, match bit
 * masks, decisions built in advance, variables not looked up twice) decide exactly as the rules read literally:
 * every statement matched whole, in order, then AWS's evaluation logic. Policies mix statements that share a long
 * ARN start with ones that cannot (wildcards or variables inside it, NotResource, {@code *}), and sets of more than
 * 64 statements exercise the general path.
 */
class CompiledEvaluationProperties {
    static final String P = "arn:warden:iot:eu-west-1:default:";

    static final List<String> ACTIONS = List.of(
            "iot:Publish",
            "IOT:publish",
            "iot:P*",
            "iot:?ublish",
            "iot:*",
            "iot:Subscribe",
            "iot:Connect",
            "*",
            "iam:*");
    static final List<String> RESOURCES = List.of(
            P + "topic/devices/${iot:ClientId}/*",
            P + "topic/devices/d?/x",
            P + "topic/*",
            P + "topic/devices/d1/x",
            P + "top?c/devices/*",
            P + "topicfilter/devices/+/x",
            P + "client/${iot:ClientId}",
            P + "client/${iot:ClientId, 'd1'}",
            "arn:warden:iot:*:default:topic/devices/d1/x",
            "*",
            P + "topic/${*}",
            P + "${iot:ClientId}/x",
            "arn:warden:iot:eu-west-1:default:topic",
            P + "topic/devices/d1/x/${iot:Connection.Thing.ThingName}",
            P + "topic/devices/${iot:Connection.Thing.ThingName}/x",
            "arn:aws:iot:eu-west-1:default:topic/devices/d2/x",
            P + "topic/devices/d1/x*",
            "arn:warden:iot:*:*:*/x",
            "arn:warden:iot:*:*:*x",
            "arn:warden:*:?*:*:*?/x");
    static final List<String> CONDITIONS = List.of(
            "",
            "",
            "{\"StringEquals\":{\"iot:ClientId\":\"d1\"}}",
            "{\"StringLike\":{\"warden:username\":\"${iot:Connection.Thing.ThingName}*\"}}",
            "{\"Bool\":{\"iot:Connection.Thing.IsAttached\":\"true\"}}");
    static final List<String> REQ_ACTIONS =
            List.of("iot:Publish", "iot:publish", "iot:Subscribe", "iot:Connect", "iam:CreateUser");
    static final List<String> REQ_RESOURCES = List.of(
            P + "topic/devices/d1/x",
            P + "topic/devices/d2/x",
            P + "topic/devices/+/x",
            P + "client/d1",
            P + "topic",
            P + "topic/devices/d1/x/d1",
            "arn:warden:iot:us-east-1:default:topic/devices/d1/x",
            P + "topicfilter/devices/+/x",
            P + "d1/x",
            P,
            "arn:warden",
            P + "topic/*",
            P + "topic/devices/d1/x/extra",
            "x",
            "/x",
            "",
            "d1/x",
            P + "topic/devices/d1/xx");

    @Provide
    Arbitrary<String> statement() {
        return Combinators.combine(
                        Arbitraries.of("Allow", "Allow", "Deny"),
                        Arbitraries.of(ACTIONS).list().ofMinSize(1).ofMaxSize(2),
                        Arbitraries.of(RESOURCES).list().ofMinSize(1).ofMaxSize(3),
                        Arbitraries.of(CONDITIONS),
                        Arbitraries.of(false, false, false, true),
                        Arbitraries.of(false, false, false, false, true))
                .as(PolicyEvaluationProperties::statementJson);
    }

    @Provide
    Arbitrary<List<String>> few() {
        return statement().list().ofMinSize(1).ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<String>> many() {
        return statement().list().ofMinSize(60).ofMaxSize(90);
    }

    @Provide
    Arbitrary<AuthorizationRequest> request() {
        Arbitrary<RequestContext> ctx = Combinators.combine(
                        Arbitraries.of("d1", "d2", "*", "+", "", "none"),
                        Arbitraries.of("d1", "x", "none"),
                        Arbitraries.of("true", "false", "none"))
                .as((cid, thing, attached) -> {
                    RequestContext.Builder b = RequestContext.builder();
                    if (!cid.equals("none")) {
                        b.put("iot:ClientId", cid);
                        b.put("warden:username", cid + "-user");
                    }
                    if (!thing.equals("none")) {
                        b.put(RequestContext.THING_NAME, thing);
                    }
                    if (!attached.equals("none")) {
                        b.put(RequestContext.THING_IS_ATTACHED, attached);
                    }
                    return b.build();
                });
        return Combinators.combine(Arbitraries.of(REQ_ACTIONS), Arbitraries.of(REQ_RESOURCES), ctx)
                .as(AuthorizationRequest::new);
    }

    @Property(tries = 1500)
    void aSmallPolicySetDecidesAsTheLiteralRules(
            @ForAll("few") List<String> id,
            @ForAll("few") List<String> boundary,
            @ForAll("few") List<String> session,
            @ForAll("request") AuthorizationRequest r,
            @ForAll boolean withBoundary,
            @ForAll boolean withSession) {
        PolicySet set = PolicySet.of(PolicyEvaluationProperties.policy("id", id));
        if (withBoundary) {
            set = set.withBoundary(List.of(PolicyEvaluationProperties.policy("b", boundary)));
        }
        if (withSession) {
            set = set.withSessionPolicies(List.of(PolicyEvaluationProperties.policy("s", session)));
        }
        assertThat(PolicyEvaluator.evaluate(set, r)).as("%s", r).isEqualTo(reference(set, r));
        // The same request again: now from the per-action cache.
        assertThat(PolicyEvaluator.evaluate(set, r)).isEqualTo(reference(set, r));
    }

    @Property(tries = 200)
    void aLargePolicySetDecidesAsTheLiteralRules(
            @ForAll("many") List<String> id,
            @ForAll("few") List<String> boundary,
            @ForAll("request") AuthorizationRequest r,
            @ForAll boolean withBoundary) {
        PolicySet set = PolicySet.of(PolicyEvaluationProperties.policy("id", id));
        if (withBoundary) {
            set = set.withBoundary(List.of(PolicyEvaluationProperties.policy("b", boundary)));
        }
        assertThat(PolicyEvaluator.evaluate(set, r)).as("%s", r).isEqualTo(reference(set, r));
    }

    /** The evaluation rules read literally: every statement of every kind, each pattern matched whole. */
    static Decision reference(PolicySet set, AuthorizationRequest r) {
        List<MatchedStatement> matched = new ArrayList<>();
        Statement firstDeny = null;
        Statement identityAllow = null;
        boolean boundaryAllow = false;
        boolean sessionAllow = false;
        Statement[][] kinds = {set.identityStatements, set.boundaryStatements, set.sessionStatements};
        for (int k = 0; k < 3; k++) {
            for (Statement s : kinds[k]) {
                if (!literallyMatches(s, r.action(), r.resource(), r.context())) {
                    continue;
                }
                matched.add(s.matched);
                if (s.effect() == Effect.DENY) {
                    firstDeny = firstDeny == null ? s : firstDeny;
                } else if (k == 0) {
                    identityAllow = identityAllow == null ? s : identityAllow;
                } else if (k == 1) {
                    boundaryAllow = true;
                } else {
                    sessionAllow = true;
                }
            }
        }
        if (firstDeny != null) {
            return new Decision(
                    Effect.DENY, DecisionBasis.EXPLICIT_DENY, matched, firstDeny.matched, firstDeny.explanation);
        }
        if (identityAllow == null) {
            return new Decision(Effect.DENY, DecisionBasis.IMPLICIT_DENY, matched, null, PolicyEvaluator.IMPLICIT);
        }
        if (set.hasBoundary() && !boundaryAllow) {
            return new Decision(Effect.DENY, DecisionBasis.BOUNDARY_DENY, matched, null, PolicyEvaluator.BOUNDARY);
        }
        if (set.hasSessionPolicies() && !sessionAllow) {
            return new Decision(Effect.DENY, DecisionBasis.SESSION_POLICY_DENY, matched, null, PolicyEvaluator.SESSION);
        }
        return new Decision(
                Effect.ALLOW, DecisionBasis.EXPLICIT_ALLOW, matched, identityAllow.matched, identityAllow.explanation);
    }

    private static boolean literallyMatches(Statement s, String action, String resource, RequestContext ctx) {
        if (!s.appliesToAction(action)) {
            return false;
        }
        boolean any = false;
        for (Pattern p : s.resourcePatterns()) {
            any |= p.matches(resource, ctx);
        }
        if (any == s.notResource()) {
            return false;
        }
        for (String v : s.requiredVariables()) {
            if (ctx.single(v) == null) {
                return false;
            }
        }
        for (Condition c : s.conditions()) {
            if (!c.evaluate(ctx, s.effect() == Effect.DENY)) {
                return false;
            }
        }
        return true;
    }
}
