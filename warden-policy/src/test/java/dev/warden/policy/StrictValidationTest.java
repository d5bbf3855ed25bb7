package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class StrictValidationTest {
    static final String A = "arn:warden:iot:eu-west-1:123456789012:";

    static String doc(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + action
                + ",\"Resource\":" + resource + "}]}";
    }

    static PolicyValidationException refused(String json) {
        PolicyValidationException e =
                catchThrowableOfType(PolicyValidationException.class, () -> PolicyParser.parseStrict("p", json));
        assertThat(e).as("refused: " + json).isNotNull();
        return e;
    }

    @Test
    void typoInActionIsRefusedWithSuggestionAndPosition() {
        String json = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n"
                + "    \"Action\": [\"iot:Publish\", \"iot:Subscibe\"],\n    \"Resource\": \"*\"\n  }\n}";
        PolicyValidationException e = refused(json);
        assertThat(e.reason()).isEqualTo(PolicyValidationReason.INVALID_ACTION);
        assertThat(e.detail()).isEqualTo("unknown action 'iot:Subscibe'; did you mean 'iot:Subscribe'?");
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(31);
        assertThat(e.pointer()).isEqualTo("/Statement/Action/1");
        // the read path still accepts what is already stored
        assertThat(PolicyParser.parse("p", json).statements().get(0).actions()).contains("iot:Subscibe");
    }

    @Test
    void typoInNotActionIsRefused() {
        PolicyValidationException e = refused("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                + "\"NotAction\":\"kms:Encyrpt\",\"Resource\":\"*\"}]}");
        assertThat(e.reason()).isEqualTo(PolicyValidationReason.INVALID_ACTION);
        assertThat(e.detail()).contains("did you mean 'kms:Encrypt'?");
        assertThat(e.pointer()).isEqualTo("/Statement/0/NotAction");
    }

    @Test
    void actionOfAnotherServiceIsSuggested() {
        assertThat(refused(doc("\"iot:CreateThing\"", "\"*\"")).detail())
                .isEqualTo("unknown action 'iot:CreateThing'; did you mean 'warden:CreateThing'?");
    }

    @Test
    void unknownActionWithoutNearMatchListsTheServiceActions() {
        PolicyValidationException e = refused(doc("\"sts:Frobnicate\"", "\"*\""));
        assertThat(e.reason()).isEqualTo(PolicyValidationReason.INVALID_ACTION);
        assertThat(e.detail())
                .startsWith("unknown action 'sts:Frobnicate' (sts actions: ")
                .contains("sts:AssumeRole");
    }

    @Test
    void unknownServiceIsRefusedListingTheKnownOnes() {
        PolicyValidationException e = refused(doc("[\"iot:Publish\",\"s3:GetObject\"]", "\"*\""));
        assertThat(e.reason()).isEqualTo(PolicyValidationReason.UNKNOWN_SERVICE);
        assertThat(e.pointer()).isEqualTo("/Statement/0/Action/1");
        assertThat(e.detail())
                .contains("\"s3\"")
                .contains("iot", "iam", "warden", "kms", "audit", "secrets", "sts", "data");
        assertThat(refused(doc("\"ito:Publish\"", "\"*\"")).detail()).endsWith("; did you mean 'iot'?");
    }

    @Test
    void awsPartitionIsRefused() {
        String json = doc("\"iot:Publish\"", "[\"" + A + "topic/a\",\"arn:aws:iot:eu-west-1:123456789012:topic/b\"]");
        PolicyValidationException e = refused(json);
        assertThat(e.reason()).isEqualTo(PolicyValidationReason.INVALID_RESOURCE);
        assertThat(e.pointer()).isEqualTo("/Statement/0/Resource/1");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(json.indexOf("\"arn:aws:") + 1);
        assertThat(e.detail())
                .isEqualTo("resources are arn:warden:<service>:<region>:<account>:<resource>; "
                        + "'arn:aws:iot:eu-west-1:123456789012:topic/b' is an AWS ARN; "
                        + "did you mean 'arn:warden:iot:eu-west-1:123456789012:topic/b'?");
        assertThat(PolicyParser.parse("p", json).statements()).hasSize(1); // still read when stored earlier
    }

    @Test
    void otherForeignPartitionsAreRefused() {
        for (String arn :
                new String[] {"arn:aws-cn:iot:r:1:topic/x", "arn:aws-us-gov:iot:r:1:topic/x", "arn:gcp:iot:r:1:topic/x"
                }) {
            PolicyValidationException e = refused("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
                    + "\"Action\":\"iot:Publish\",\"NotResource\":\"" + arn + "\"}]}");
            assertThat(e.reason()).as(arn).isEqualTo(PolicyValidationReason.INVALID_RESOURCE);
            assertThat(e.pointer()).isEqualTo("/Statement/0/NotResource");
            assertThat(e.detail())
                    .startsWith("resources are arn:warden:<service>:<region>:<account>:<resource>; '" + arn + "' is ");
        }
        assertThat(refused(doc("\"iot:Publish\"", "\"arn:aws-cn:iot:r:1:topic/x\""))
                        .detail())
                .contains("is an AWS ARN");
        assertThat(refused(doc("\"iot:Publish\"", "\"arn:gcp:iot:r:1:topic/x\""))
                        .detail())
                .contains("is in partition 'gcp'");
        // not an ARN at all: the grammar's message, as before
        assertThat(refused(doc("\"iot:Publish\"", "\"topic/x\"")).detail())
                .startsWith("resource must be \"*\" or arn:");
    }

    @Test
    void wildcardMatchingNoActionIsOnlyAWarning() {
        String json = doc("[\"iot:Publish\",\"iot:Sbuscribe*\"]", "\"*\"");
        PolicyParser.Result r = PolicyParser.parseStrict("p", json);
        assertThat(r.policy().statements().get(0).actions()).containsExactly("iot:Publish", "iot:Sbuscribe*");
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(PolicyWarning.Code.ACTION_PATTERN_MATCHES_NOTHING);
            assertThat(w.pointer()).isEqualTo("/Statement/0/Action/1");
            assertThat(w.line()).isEqualTo(1);
            assertThat(w.column()).isEqualTo(json.indexOf("\"iot:Sbuscribe*") + 1);
            assertThat(w.message()).isEqualTo("'iot:Sbuscribe*' matches no action Warden knows, so it grants nothing");
        });
        PolicyParser.Result deny = PolicyParser.parseStrict(
                "p",
                "{\"Version\":\"2012-10-17\",\"Statement\":"
                        + "{\"Effect\":\"Deny\",\"NotAction\":\"kms:Zap?\",\"Resource\":\"*\"}}");
        assertThat(deny.warnings())
                .singleElement()
                .satisfies(w -> assertThat(w.message()).endsWith("excludes nothing"));
    }

    @Test
    void wildcardsThatMatchAreClean() {
        for (String a : new String[] {
            "\"*\"", "\"iot:*\"", "\"iot:Sub*\"", "\"iot:?ublish\"", "\"warden:*Bucket*\"", "\"data:*\""
        }) {
            assertThat(PolicyParser.parseStrict("p", doc(a, "\"*\"")).warnings())
                    .as(a)
                    .isEmpty();
        }
    }

    @Test
    void actionsAreCaseInsensitiveAsInEvaluation() {
        assertThat(PolicyParser.parseStrict("p", doc("[\"iot:publish\",\"IOT:Subscribe\"]", "\"*\""))
                        .warnings())
                .isEmpty();
    }

    @Test
    void dataServiceActionsAreAccepted() {
        assertThat(PolicyParser.parse("p", doc("\"data:GetTelemetry\"", "\"*\""))
                        .statements())
                .hasSize(1);
        assertThat(PolicyParser.parseStrict(
                                "p", doc("[\"data:GetTelemetry\",\"data:EraseThing\"]", "\"" + A + "thing/t1\""))
                        .warnings())
                .isEmpty();
    }

    @Test
    void resourcePoliciesAreCheckedToo() {
        String bucket = "arn:warden:warden:eu-west-1:123456789012:bucket/b1";
        String ok = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":[\"warden:GetObject\",\"warden:ListBucket\"],\"Resource\":[\"" + bucket + "\",\"" + bucket
                + "/*\"]}]}";
        PolicyParser.Result r = PolicyParser.parseResourcePolicyStrict("bucket/b1", ok);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.policy().isResourcePolicy()).isTrue();
        PolicyValidationException e = catchThrowableOfType(
                PolicyValidationException.class,
                () -> PolicyParser.parseResourcePolicyStrict(
                        "bucket/b1", ok.replace("warden:GetObject", "warden:GetObjekt")));
        assertThat(e.reason()).isEqualTo(PolicyValidationReason.INVALID_ACTION);
        assertThat(e.detail()).isEqualTo("unknown action 'warden:GetObjekt'; did you mean 'warden:GetObject'?");
        e = catchThrowableOfType(
                PolicyValidationException.class,
                () -> PolicyParser.parseResourcePolicyStrict(
                        "bucket/b1", ok.replace("arn:warden:warden:", "arn:aws:warden:")));
        assertThat(e.reason()).isEqualTo(PolicyValidationReason.INVALID_RESOURCE);
    }

    @Test
    void builtInPoliciesParseStrictlyWithoutWarnings() {
        for (String json : new String[] {
            DefaultPolicies.deviceDefaultJson("eu-west-1", "123456789012"),
            DefaultPolicies.deviceDefaultJson("us-east-1", "default"),
            DefaultPolicies.adminFullJson()
        }) {
            PolicyParser.Result r = PolicyParser.parseStrict("builtin", json);
            assertThat(r.warnings()).as(json).isEmpty();
            assertThat(r.policy().json()).isEqualTo(json);
        }
    }

    @Test
    void grammarErrorsComeFirstAndUnchanged() {
        PolicyValidationException e = refused(doc("\"Publish\"", "\"*\""));
        assertThat(e.reason()).isEqualTo(PolicyValidationReason.INVALID_ACTION);
        assertThat(e.detail()).isEqualTo("action must be \"*\" or \"service:Name\", got \"Publish\"");
        // a huge unknown action: refused quickly, no suggestion
        PolicyValidationException big = refused(doc("\"iot:" + "x".repeat(200_000) + "\"", "\"*\""));
        assertThat(big.reason()).isEqualTo(PolicyValidationReason.INVALID_ACTION);
    }
}
