package dev.warden.policy;

import static dev.warden.policy.T.allowed;
import static dev.warden.policy.T.ctx;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Published AWS IAM / AWS IoT policy examples, translated to warden:/iot: keys and warden ARNs. */
class AwsDocExamplesTest {
    static final String A = "arn:warden:iot:us-east-1:123456789012:";

    /** IAM user guide: "Allows IAM users to access their own home directory" (StringLike with ${aws:username}). */
    @Test
    void homeFolderWithUsername() {
        Policy p = T.policy("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Sid": "AllowListingOfUserFolder",
                      "Action": ["secrets:ListSecrets"],
                      "Effect": "Allow",
                      "Resource": ["arn:warden:secrets:::vault"],
                      "Condition": {"StringLike": {"warden:prefix": ["", "home/", "home/${warden:username}/*"]}}
                    },
                    {
                      "Sid": "AllowAllActionsInUserFolder",
                      "Effect": "Allow",
                      "Action": ["secrets:*"],
                      "Resource": ["arn:warden:secrets:::vault/home/${warden:username}/*"]
                    }
                  ]
                }""");
        RequestContext bob = ctx("warden:username", "bob", "warden:prefix", "home/bob/docs");
        assertThat(allowed(p, "secrets:ListSecrets", "arn:warden:secrets:::vault", bob))
                .isTrue();
        assertThat(allowed(
                        p,
                        "secrets:ListSecrets",
                        "arn:warden:secrets:::vault",
                        ctx("warden:username", "bob", "warden:prefix", "home/")))
                .isTrue();
        assertThat(allowed(
                        p,
                        "secrets:ListSecrets",
                        "arn:warden:secrets:::vault",
                        ctx("warden:username", "bob", "warden:prefix", "home/alice/")))
                .isFalse();
        assertThat(allowed(p, "secrets:GetSecretValue", "arn:warden:secrets:::vault/home/bob/key", bob))
                .isTrue();
        assertThat(allowed(p, "secrets:GetSecretValue", "arn:warden:secrets:::vault/home/alice/key", bob))
                .isFalse();
        assertThat(allowed(p, "secrets:GetSecretValue", "arn:warden:secrets:::vault/home/bob/key", ctx()))
                .isFalse();
    }

    /** IAM user guide: "DenyAllExceptListedIfNoMFA" (NotAction + Deny + BoolIfExists). */
    @Test
    void denyAllExceptListedIfNoMfa() {
        Policy p = T.policy("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Sid": "AllowEverything", "Effect": "Allow", "Action": "*", "Resource": "*"},
                    {
                      "Sid": "DenyAllExceptListedIfNoMFA",
                      "Effect": "Deny",
                      "NotAction": ["iam:CreateVirtualMFADevice", "iam:EnableMFADevice", "iam:GetUser",
                                    "iam:ListMFADevices", "iam:ListVirtualMFADevices", "iam:ResyncMFADevice",
                                    "sts:GetSessionToken"],
                      "Resource": "*",
                      "Condition": {"BoolIfExists": {"warden:MultiFactorAuthPresent": "false"}}
                    }
                  ]
                }""");
        RequestContext noMfa = ctx("warden:MultiFactorAuthPresent", "false");
        RequestContext mfa = ctx("warden:MultiFactorAuthPresent", "true");
        assertThat(allowed(p, "iam:EnableMFADevice", "*", noMfa)).isTrue();
        assertThat(allowed(p, "sts:GetSessionToken", "*", ctx())).isTrue();
        assertThat(allowed(p, "iot:Publish", A + "topic/x", noMfa)).isFalse();
        assertThat(allowed(p, "iot:Publish", A + "topic/x", ctx()))
                .as("key absent: BoolIfExists is true, deny applies")
                .isFalse();
        assertThat(allowed(p, "iot:Publish", A + "topic/x", mfa)).isTrue();
        Decision d = PolicyEvaluator.evaluate(
                PolicySet.of(p), new AuthorizationRequest("iot:Publish", A + "topic/x", noMfa));
        assertThat(d.decidingStatement().sid()).isEqualTo("DenyAllExceptListedIfNoMFA");
    }

    /** IAM user guide: "Denies access based on the source IP". */
    @Test
    void denyOutsideIpRanges() {
        Policy allowAll = T.policy(
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}");
        Policy p = T.policy("deny-ip", """
                {
                  "Version": "2012-10-17",
                  "Statement": {
                    "Effect": "Deny",
                    "Action": "*",
                    "Resource": "*",
                    "Condition": {
                      "NotIpAddress": {"warden:SourceIp": ["192.0.2.0/24", "203.0.113.0/24"]},
                      "Bool": {"warden:ViaWardenService": "false"}
                    }
                  }
                }""");
        PolicySet s = PolicySet.of(List.of(allowAll, p));
        assertThat(T.decide(
                                s,
                                "iot:Publish",
                                A + "topic/x",
                                ctx("warden:SourceIp", "203.0.113.9", "warden:ViaWardenService", "false"))
                        .allowed())
                .isTrue();
        assertThat(T.decide(
                                s,
                                "iot:Publish",
                                A + "topic/x",
                                ctx("warden:SourceIp", "198.51.100.1", "warden:ViaWardenService", "false"))
                        .basis())
                .isEqualTo(DecisionBasis.EXPLICIT_DENY);
        assertThat(T.decide(
                                s,
                                "iot:Publish",
                                A + "topic/x",
                                ctx("warden:SourceIp", "198.51.100.1", "warden:ViaWardenService", "true"))
                        .allowed())
                .isTrue();
    }

    /** AWS IoT developer guide: thing-name scoped policy with iot:Connection.Thing.IsAttached. */
    @Test
    void iotThingNamePolicy() {
        Policy p = T.policy("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Effect": "Allow",
                      "Action": ["iot:Connect"],
                      "Resource": ["arn:aws:iot:us-east-1:123456789012:client/${iot:Connection.Thing.ThingName}"],
                      "Condition": {"Bool": {"iot:Connection.Thing.IsAttached": "true"}}
                    },
                    {
                      "Effect": "Allow",
                      "Action": ["iot:Publish"],
                      "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/${iot:Connection.Thing.ThingName}/*"]
                    },
                    {
                      "Effect": "Allow",
                      "Action": ["iot:Subscribe"],
                      "Resource": ["arn:aws:iot:us-east-1:123456789012:topicfilter/${iot:Connection.Thing.ThingName}/*"]
                    }
                  ]
                }""");
        RequestContext thing = ctx(
                "iot:Connection.Thing.ThingName",
                "lamp-1",
                "iot:Connection.Thing.IsAttached",
                "true",
                "iot:ClientId",
                "lamp-1");
        assertThat(allowed(p, "iot:Connect", A + "client/lamp-1", thing)).isTrue();
        assertThat(allowed(
                        p,
                        "iot:Connect",
                        A + "client/lamp-1",
                        ctx("iot:Connection.Thing.ThingName", "lamp-1", "iot:Connection.Thing.IsAttached", "false")))
                .isFalse();
        assertThat(allowed(p, "iot:Connect", A + "client/lamp-2", thing)).isFalse();
        assertThat(allowed(p, "iot:Publish", A + "topic/lamp-1/state", thing)).isTrue();
        assertThat(allowed(p, "iot:Publish", A + "topic/lamp-2/state", thing)).isFalse();
        assertThat(allowed(p, "iot:Subscribe", A + "topicfilter/lamp-1/#", thing))
                .isTrue();
        assertThat(allowed(p, "iot:Connect", A + "client/lamp-1", ctx()))
                .as("no thing attached")
                .isFalse();
    }

    /** AWS IoT developer guide: connect only with specific client ids, publish to a specific topic. */
    @Test
    void iotSpecificClientIds() {
        Policy p = T.policy("""
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Effect": "Allow", "Action": ["iot:Connect"],
                     "Resource": ["arn:aws:iot:us-east-1:123456789012:client/client1",
                                  "arn:aws:iot:us-east-1:123456789012:client/client2"]},
                    {"Effect": "Allow", "Action": ["iot:Publish"],
                     "Resource": ["arn:aws:iot:us-east-1:123456789012:topic/some_specific_topic"]}
                  ]
                }""");
        assertThat(allowed(p, "iot:Connect", A + "client/client1", ctx())).isTrue();
        assertThat(allowed(p, "iot:Connect", A + "client/client3", ctx())).isFalse();
        assertThat(allowed(p, "iot:Publish", A + "topic/some_specific_topic", ctx()))
                .isTrue();
        assertThat(allowed(p, "iot:Publish", A + "topic/some_specific_topic/sub", ctx()))
                .isFalse();
    }

    /** IAM user guide: "Allows access within specific dates" (DateGreaterThan + DateLessThan on aws:CurrentTime). */
    @Test
    void dateRange() {
        Policy p = T.policy("""
                {
                  "Version": "2012-10-17",
                  "Statement": [{
                    "Effect": "Allow", "Action": "iot:Publish", "Resource": "*",
                    "Condition": {
                      "DateGreaterThan": {"aws:CurrentTime": "2020-04-01T00:00:00Z"},
                      "DateLessThan": {"aws:CurrentTime": "2020-06-30T23:59:59Z"}
                    }
                  }]
                }""");
        assertThat(allowed(p, ctx("warden:CurrentTime", "2020-05-01T00:00:00Z")))
                .isTrue();
        assertThat(allowed(p, ctx("warden:CurrentTime", "2020-07-01T00:00:00Z")))
                .isFalse();
        assertThat(allowed(p, ctx())).isFalse();
    }

    /** IAM user guide: tag-based access with ForAllValues / aws:TagKeys. */
    @Test
    void forAllValuesTagKeys() {
        Policy p = T.policy("""
                {
                  "Version": "2012-10-17",
                  "Statement": [{
                    "Effect": "Allow", "Action": "iot:TagResource", "Resource": "*",
                    "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["environment", "cost-center"]}}
                  }]
                }""");
        RequestContext ok = RequestContext.builder()
                .put("warden:TagKeys", "environment")
                .put("warden:TagKeys", "cost-center")
                .build();
        RequestContext bad = RequestContext.builder()
                .put("warden:TagKeys", "environment")
                .put("warden:TagKeys", "owner")
                .build();
        assertThat(allowed(p, "iot:TagResource", A + "thing/t", ok)).isTrue();
        assertThat(allowed(p, "iot:TagResource", A + "thing/t", bad)).isFalse();
    }
}
