package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PolicyParsingProperties {
    static final String SEED = DefaultPolicies.deviceDefaultJson("eu-west-1", "123456789012")
            .replace(
                    "\"Resource\": \"arn:warden:iot:eu-west-1:123456789012:client/${iot:ClientId}\"",
                    "\"Resource\": \"arn:warden:iot:eu-west-1:123456789012:client/${iot:ClientId}\", \"Condition\": "
                            + "{\"ForAnyValue:StringLikeIfExists\": {\"iot:ClientId\": [\"d*\", 12]}, \"IpAddress\": {\"warden:SourceIp\": [\"10.0.0.0/8\", \"::1\"]},"
                            + " \"DateLessThan\": {\"warden:CurrentTime\": \"2030-01-01T00:00:00Z\"}, \"ArnLike\": {\"warden:SourceArn\": \"arn:warden:iot:*:*:thing/${iot:ClientId}\"}}");

    static final List<String> TOKENS = List.of(
            "{",
            "}",
            "[",
            "]",
            ",",
            ":",
            "\"",
            "*",
            "?",
            "${",
            "}",
            "$",
            "\\",
            "null",
            "true",
            "1",
            "-",
            "e",
            "\"Deny\"",
            "\"Allow\"",
            "\"*\"",
            "\"Action\"",
            "\"Condition\"",
            "\u0000",
            "\u00e9",
            "\ud83d\ude00",
            "\ud800",
            "arn:",
            "::",
            "/",
            "'");

    @Provide
    Arbitrary<String> mutatedJson() {
        Arbitrary<Integer> pos = Arbitraries.integers().between(0, SEED.length());
        Arbitrary<String> token =
                Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(3));
        Arbitrary<Integer> kind = Arbitraries.integers().between(0, 2);
        Arbitrary<Mutation> one = Combinators.combine(kind, pos, pos, token).as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(4).map(ms -> {
            String s = SEED;
            for (Mutation m : ms) {
                s = m.apply(s);
            }
            return s;
        });
    }

    record Mutation(int kind, int a, int b, String token) {
        String apply(String s) {
            int x = Math.min(Math.min(a, b), s.length());
            int y = Math.min(Math.max(a, b), s.length());
            y = Math.min(y, x + 20);
            switch (kind) {
                case 0:
                    return s.substring(0, x) + token + s.substring(x); // insert
                case 1:
                    return s.substring(0, x) + s.substring(y); // delete
                default:
                    return s.substring(0, x) + token + s.substring(y); // replace
            }
        }
    }

    @Property(tries = 2000)
    void mutatedJsonEitherParsesOrIsRefusedCleanly(@ForAll("mutatedJson") String json) {
        Policy p;
        try {
            p = PolicyParser.parse("fuzz", json);
        } catch (PolicyValidationException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.reason()).isNotEqualTo(PolicyValidationReason.INTERNAL_ERROR);
            assertThat(e.position()).isNotNull();
            return;
        } catch (Throwable t) {
            fail("unexpected " + t + " for " + json, t);
            return;
        }
        // if it parsed, evaluating it never throws
        Decision d = PolicyEvaluator.evaluate(
                PolicySet.of(p),
                new AuthorizationRequest(
                        "iot:Publish",
                        "arn:warden:iot:eu-west-1:123456789012:topic/devices/d1/x",
                        RequestContext.builder().put("iot:ClientId", "d1").build()));
        assertThat(d.basis()).isNotEqualTo(DecisionBasis.ERROR_DENY);
    }

    @Property(tries = 1000)
    void arbitraryStringsNeverEscapeAsOtherExceptions(@ForAll String json) {
        try {
            PolicyParser.parse("fuzz", json);
        } catch (PolicyValidationException e) {
            assertThat(e.reason()).isNotEqualTo(PolicyValidationReason.INTERNAL_ERROR);
        }
    }

    /** A refused policy never yields a Policy, so a set built from what parsed can never be allowed by it. */
    @Property(tries = 1000)
    void refusedPolicyNeverAllows(@ForAll("mutatedJson") String json) {
        List<Policy> parsed = new java.util.ArrayList<>();
        try {
            parsed.add(PolicyParser.parse("fuzz", json));
        } catch (PolicyValidationException e) {
            // refused: nothing to evaluate; the principal's set without it denies
        }
        Decision d = PolicyEvaluator.evaluate(
                PolicySet.of(parsed),
                new AuthorizationRequest(
                        "iot:Publish",
                        "arn:warden:iot:eu-west-1:123456789012:topic/devices/d1/x",
                        RequestContext.builder().put("iot:ClientId", "d1").build()));
        if (parsed.isEmpty()) {
            assertThat(d.allowed()).isFalse();
            assertThat(d.basis()).isEqualTo(DecisionBasis.IMPLICIT_DENY);
        }
    }

    @Property(tries = 500)
    void evaluatorNeverThrowsOnArbitraryRequests(
            @ForAll String action, @ForAll String resource, @ForAll String key, @ForAll String value) {
        Policy p = PolicyParser.parse("seed", SEED);
        RequestContext c = RequestContext.builder()
                .put(key, value)
                .put("warden:SourceIp", value)
                .put("warden:CurrentTime", value)
                .put("iot:ClientId", value)
                .put("warden:SourceArn", value)
                .build();
        Decision d = PolicyEvaluator.evaluate(PolicySet.of(p), new AuthorizationRequest(action, resource, c));
        assertThat(d).isNotNull();
        assertThat(d.basis()).isNotEqualTo(DecisionBasis.ERROR_DENY);
    }
}
