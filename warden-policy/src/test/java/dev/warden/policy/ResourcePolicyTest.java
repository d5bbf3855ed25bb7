package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Resource policies (bucket policies): the Principal element, and identity OR resource evaluation with Deny winning. */
class ResourcePolicyTest {
    static final String BUCKET = "arn:warden:warden:eu-west-1:acct:bucket/fw";
    static final String OBJECT = BUCKET + "/images/v2.bin";
    static final String ALICE = "arn:warden:iam::acct:user/alice";
    static final String BOB = "arn:warden:iam::acct:user/bob";

    static Policy resource(String... statements) {
        return PolicyParser.parseResourcePolicy(
                "bucket-fw", "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}");
    }

    static String grant(String effect, String principal, String action, String res) {
        return "{\"Effect\":\"" + effect + "\",\"Principal\":" + principal + ",\"Action\":\"" + action
                + "\",\"Resource\":\"" + res + "\"}";
    }

    static Decision decide(PolicySet identity, Policy resource, String principal, String action, String res) {
        return PolicyEvaluator.evaluate(
                identity, resource, principal, new AuthorizationRequest(action, res, RequestContext.empty()));
    }

    @Test
    void resourcePolicyAloneGrantsToTheNamedPrincipalOnly() {
        Policy bucket = resource(grant("Allow", "{\"Warden\":\"" + ALICE + "\"}", "warden:GetObject", BUCKET + "/*"));
        PolicySet none = PolicySet.of(List.of());

        Decision alice = decide(none, bucket, ALICE, "warden:GetObject", OBJECT);
        assertThat(alice.allowed()).isTrue();
        assertThat(alice.decidingStatement().policyName()).isEqualTo("bucket-fw");

        Decision bob = decide(none, bucket, BOB, "warden:GetObject", OBJECT);
        assertThat(bob.allowed()).isFalse();
        assertThat(bob.basis()).isEqualTo(DecisionBasis.IMPLICIT_DENY);
        assertThat(decide(none, bucket, ALICE, "warden:PutObject", OBJECT).allowed())
                .isFalse();
        assertThat(decide(none, bucket, null, "warden:GetObject", OBJECT).allowed())
                .isFalse();
    }

    @Test
    void identityAllowSufficesWithoutResourceGrant() {
        Policy bucket = resource(grant("Allow", "{\"Warden\":\"" + ALICE + "\"}", "warden:GetObject", BUCKET + "/*"));
        PolicySet bobIdentity =
                PolicySet.of(T.statements("{\"Effect\":\"Allow\",\"Action\":\"warden:GetObject\",\"Resource\":\"*\"}"));
        assertThat(decide(bobIdentity, bucket, BOB, "warden:GetObject", OBJECT).allowed())
                .isTrue();
    }

    @Test
    void explicitDenyInTheResourcePolicyBeatsAnIdentityAllow() {
        Policy bucket = resource(grant("Deny", "\"*\"", "warden:DeleteObject", BUCKET + "/*"));
        PolicySet admin = PolicySet.of(T.statements("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}"));
        Decision d = decide(admin, bucket, ALICE, "warden:DeleteObject", OBJECT);
        assertThat(d.allowed()).isFalse();
        assertThat(d.basis()).isEqualTo(DecisionBasis.EXPLICIT_DENY);
        assertThat(d.decidingStatement().policyName()).isEqualTo("bucket-fw");
    }

    @Test
    void explicitDenyInTheIdentityPolicyBeatsAResourceAllow() {
        Policy bucket = resource(grant("Allow", "{\"AWS\":\"" + ALICE + "\"}", "warden:GetObject", BUCKET + "/*"));
        PolicySet denied =
                PolicySet.of(T.statements("{\"Effect\":\"Deny\",\"Action\":\"warden:GetObject\",\"Resource\":\"*\"}"));
        Decision d = decide(denied, bucket, ALICE, "warden:GetObject", OBJECT);
        assertThat(d.basis()).isEqualTo(DecisionBasis.EXPLICIT_DENY);
    }

    @Test
    void aBoundaryKeepsAResourceGrantFromWidening() {
        Policy bucket = resource(grant("Allow", "{\"Warden\":\"" + ALICE + "\"}", "warden:GetObject", BUCKET + "/*"));
        PolicySet bounded = PolicySet.of(List.of())
                .withBoundary(List.of(T.statements("{\"Effect\":\"Allow\",\"Action\":\"iot:*\",\"Resource\":\"*\"}")));
        assertThat(decide(bounded, bucket, ALICE, "warden:GetObject", OBJECT).allowed())
                .isFalse();
    }

    @Test
    void everyoneGrantsAreRecognisedInEverySpelling() {
        for (String everyone :
                List.of("\"*\"", "{\"AWS\":\"*\"}", "{\"Warden\":\"*\"}", "{\"Warden\":[\"" + ALICE + "\",\"*\"]}")) {
            Policy p = resource(grant("Allow", everyone, "warden:GetObject", BUCKET + "/*"));
            assertThat(p.grantsToEveryone()).as(everyone).isTrue();
            assertThat(decide(PolicySet.of(List.of()), p, BOB, "warden:GetObject", OBJECT)
                            .allowed())
                    .isTrue();
        }
        assertThat(resource(grant("Deny", "\"*\"", "warden:GetObject", BUCKET + "/*"))
                        .grantsToEveryone())
                .isFalse();
        assertThat(resource(grant("Allow", "{\"Warden\":\"" + ALICE + "\"}", "warden:GetObject", BUCKET + "/*"))
                        .grantsToEveryone())
                .isFalse();
    }

    @Test
    void awsPartitionPrincipalsAreReadAsWarden() {
        Policy p = resource(
                grant("Allow", "{\"AWS\":\"arn:aws:iam::acct:user/alice\"}", "warden:GetObject", BUCKET + "/*"));
        assertThat(p.statements().get(0).principals()).containsExactly(ALICE);
        assertThat(decide(PolicySet.of(List.of()), p, ALICE, "warden:GetObject", OBJECT)
                        .allowed())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"alice\"",
                "{\"Service\":\"iot\"}",
                "{\"Warden\":\"arn:warden:iam::acct:user/*\"}",
                "{\"Warden\":\"arn:warden:iam::acct:user/${warden:username}\"}",
                "{\"Warden\":\"not-an-arn\"}"
            })
    void malformedPrincipalsAreRefused(String principal) {
        assertThatThrownBy(() -> resource(grant("Allow", principal, "warden:GetObject", BUCKET)))
                .isInstanceOf(PolicyValidationException.class)
                .extracting(e -> ((PolicyValidationException) e).reason())
                .isEqualTo(PolicyValidationReason.INVALID_PRINCIPAL);
    }

    @Test
    void principalIsRequiredInResourcePoliciesAndRefusedInIdentityPolicies() {
        String noPrincipal =
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}";
        assertThatThrownBy(() -> PolicyParser.parseResourcePolicy("b", noPrincipal))
                .extracting(e -> ((PolicyValidationException) e).reason())
                .isEqualTo(PolicyValidationReason.MISSING_ELEMENT);
        String withPrincipal =
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}}";
        assertThatThrownBy(() -> PolicyParser.parse("i", withPrincipal))
                .extracting(e -> ((PolicyValidationException) e).reason())
                .isEqualTo(PolicyValidationReason.UNSUPPORTED_ELEMENT);
        String notPrincipal =
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"NotPrincipal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}}";
        assertThatThrownBy(() -> PolicyParser.parseResourcePolicy("b", notPrincipal))
                .extracting(e -> ((PolicyValidationException) e).reason())
                .isEqualTo(PolicyValidationReason.UNSUPPORTED_ELEMENT);
    }

    @Test
    void aResourcePolicyCannotBeUsedAsAnIdentityPolicy() {
        Policy p = resource(grant("Allow", "\"*\"", "*", "*"));
        assertThatThrownBy(() -> PolicySet.of(p)).isInstanceOf(IllegalArgumentException.class);
        Decision d = decide(
                PolicySet.of(List.of()),
                T.statements("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}"),
                ALICE,
                "warden:GetObject",
                OBJECT);
        assertThat(d.basis()).isEqualTo(DecisionBasis.ERROR_DENY);
    }
}
