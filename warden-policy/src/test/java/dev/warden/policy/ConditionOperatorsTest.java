package dev.warden.policy;

import static dev.warden.policy.T.allowIf;
import static dev.warden.policy.T.allowed;
import static dev.warden.policy.T.ctx;
import static dev.warden.policy.T.denyIf;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConditionOperatorsTest {

    @Nested
    class StringOps {
        @Test
        void stringEqualsIsCaseSensitiveAndValuesAreOred() {
            Policy p = allowIf("{\"StringEquals\":{\"warden:username\":[\"alice\",\"bob\"]}}");
            assertThat(allowed(p, ctx("warden:username", "alice"))).isTrue();
            assertThat(allowed(p, ctx("warden:username", "bob"))).isTrue();
            assertThat(allowed(p, ctx("warden:username", "Alice"))).isFalse();
            assertThat(allowed(p, ctx("warden:username", "carol"))).isFalse();
            assertThat(allowed(p, ctx())).as("missing key").isFalse();
        }

        @Test
        void stringEqualsDoesNotTreatStarAsWildcard() {
            Policy p = allowIf("{\"StringEquals\":{\"warden:username\":\"a*\"}}");
            assertThat(allowed(p, ctx("warden:username", "abc"))).isFalse();
            assertThat(allowed(p, ctx("warden:username", "a*"))).isTrue();
        }

        @Test
        void stringNotEquals() {
            Policy p = allowIf("{\"StringNotEquals\":{\"warden:username\":[\"alice\",\"bob\"]}}");
            assertThat(allowed(p, ctx("warden:username", "carol"))).isTrue();
            assertThat(allowed(p, ctx("warden:username", "alice"))).isFalse();
            assertThat(allowed(p, ctx()))
                    .as("negated operator on a missing key is true (AWS)")
                    .isTrue();
        }

        @Test
        void ignoreCase() {
            Policy p = allowIf("{\"StringEqualsIgnoreCase\":{\"warden:username\":\"ALICE\"}}");
            assertThat(allowed(p, ctx("warden:username", "alice"))).isTrue();
            assertThat(allowed(p, ctx("warden:username", "alicex"))).isFalse();
            Policy n = allowIf("{\"StringNotEqualsIgnoreCase\":{\"warden:username\":\"ALICE\"}}");
            assertThat(allowed(n, ctx("warden:username", "aLiCe"))).isFalse();
            assertThat(allowed(n, ctx("warden:username", "bob"))).isTrue();
        }

        @Test
        void likeAndNotLike() {
            Policy p = allowIf("{\"StringLike\":{\"warden:username\":[\"adm-*\",\"op?\"]}}");
            assertThat(allowed(p, ctx("warden:username", "adm-x/y:z"))).isTrue();
            assertThat(allowed(p, ctx("warden:username", "op1"))).isTrue();
            assertThat(allowed(p, ctx("warden:username", "op12"))).isFalse();
            assertThat(allowed(p, ctx("warden:username", "ADM-x"))).isFalse();
            Policy n = allowIf("{\"StringNotLike\":{\"warden:username\":\"adm-*\"}}");
            assertThat(allowed(n, ctx("warden:username", "adm-1"))).isFalse();
            assertThat(allowed(n, ctx("warden:username", "user"))).isTrue();
        }

        @Test
        void conditionKeysAreCaseInsensitive() {
            Policy p = allowIf("{\"StringEquals\":{\"WARDEN:USERNAME\":\"alice\"}}");
            assertThat(allowed(p, ctx("warden:Username", "alice"))).isTrue();
        }

        @Test
        void multipleKeysAndOperatorsAreAnded() {
            Policy p = allowIf("{\"StringEquals\":{\"warden:username\":\"alice\",\"iot:ClientId\":\"c1\"},"
                    + "\"Bool\":{\"warden:MultiFactorAuthPresent\":\"true\"}}");
            assertThat(allowed(
                            p,
                            ctx(
                                    "warden:username",
                                    "alice",
                                    "iot:ClientId",
                                    "c1",
                                    "warden:MultiFactorAuthPresent",
                                    "true")))
                    .isTrue();
            assertThat(allowed(
                            p,
                            ctx(
                                    "warden:username",
                                    "alice",
                                    "iot:ClientId",
                                    "c2",
                                    "warden:MultiFactorAuthPresent",
                                    "true")))
                    .isFalse();
            assertThat(allowed(
                            p,
                            ctx(
                                    "warden:username",
                                    "alice",
                                    "iot:ClientId",
                                    "c1",
                                    "warden:MultiFactorAuthPresent",
                                    "false")))
                    .isFalse();
        }

        @Test
        void ifExists() {
            Policy p = allowIf("{\"StringEqualsIfExists\":{\"warden:username\":\"alice\"}}");
            assertThat(allowed(p, ctx())).isTrue();
            assertThat(allowed(p, ctx("warden:username", "alice"))).isTrue();
            assertThat(allowed(p, ctx("warden:username", "bob"))).isFalse();
            Policy n = allowIf("{\"StringNotEqualsIfExists\":{\"warden:username\":\"alice\"}}");
            assertThat(allowed(n, ctx())).isTrue();
            assertThat(allowed(n, ctx("warden:username", "alice"))).isFalse();
        }

        @Test
        void multiValuedKeyWithoutQualifierBehavesLikeForAnyValueForPositiveOps() {
            Policy p = allowIf("{\"StringEquals\":{\"warden:PrincipalTag/team\":\"blue\"}}");
            RequestContext c = RequestContext.builder()
                    .put("warden:PrincipalTag/team", "red")
                    .put("warden:PrincipalTag/team", "blue")
                    .build();
            assertThat(allowed(p, c)).isTrue();
            // negated op without qualifier: exact negation of the positive op -> false because one value matches
            Policy n = allowIf("{\"StringNotEquals\":{\"warden:PrincipalTag/team\":\"blue\"}}");
            assertThat(allowed(n, c)).isFalse();
        }
    }

    @Nested
    class SetQualifiers {
        final RequestContext tags = RequestContext.builder()
                .putAll("warden:TagKeys", java.util.List.of("env", "owner"))
                .build();

        @Test
        void forAnyValue() {
            assertThat(allowed(allowIf("{\"ForAnyValue:StringEquals\":{\"warden:TagKeys\":[\"env\",\"x\"]}}"), tags))
                    .isTrue();
            assertThat(allowed(allowIf("{\"ForAnyValue:StringEquals\":{\"warden:TagKeys\":[\"x\"]}}"), tags))
                    .isFalse();
            assertThat(allowed(allowIf("{\"ForAnyValue:StringEquals\":{\"warden:TagKeys\":[\"env\"]}}"), ctx()))
                    .as("ForAnyValue on a missing key is false")
                    .isFalse();
            // ForAnyValue with a negated operator: some request value matches none of the policy values
            assertThat(allowed(allowIf("{\"ForAnyValue:StringNotEquals\":{\"warden:TagKeys\":[\"env\"]}}"), tags))
                    .isTrue();
            assertThat(allowed(
                            allowIf("{\"ForAnyValue:StringNotEquals\":{\"warden:TagKeys\":[\"env\",\"owner\"]}}"),
                            tags))
                    .isFalse();
        }

        @Test
        void forAllValues() {
            assertThat(allowed(
                            allowIf("{\"ForAllValues:StringEquals\":{\"warden:TagKeys\":[\"env\",\"owner\",\"x\"]}}"),
                            tags))
                    .isTrue();
            assertThat(allowed(allowIf("{\"ForAllValues:StringEquals\":{\"warden:TagKeys\":[\"env\"]}}"), tags))
                    .isFalse();
            assertThat(allowed(allowIf("{\"ForAllValues:StringEquals\":{\"warden:TagKeys\":[\"env\"]}}"), ctx()))
                    .as("ForAllValues on a missing key is true")
                    .isTrue();
            assertThat(allowed(allowIf("{\"ForAllValues:StringNotEquals\":{\"warden:TagKeys\":[\"secret\"]}}"), tags))
                    .isTrue();
            assertThat(allowed(allowIf("{\"ForAllValues:StringNotEquals\":{\"warden:TagKeys\":[\"env\"]}}"), tags))
                    .isFalse();
            assertThat(allowed(allowIf("{\"ForAllValues:StringLike\":{\"warden:TagKeys\":[\"e*\",\"o*\"]}}"), tags))
                    .isTrue();
        }

        @Test
        void qualifierWithIfExists() {
            assertThat(allowed(allowIf("{\"ForAnyValue:StringEqualsIfExists\":{\"warden:TagKeys\":[\"env\"]}}"), ctx()))
                    .isTrue();
            assertThat(allowed(allowIf("{\"ForAnyValue:StringEqualsIfExists\":{\"warden:TagKeys\":[\"zzz\"]}}"), tags))
                    .isFalse();
        }
    }

    @Nested
    class Numeric {
        @Test
        void allComparisons() {
            RequestContext c = ctx("warden:count", "10");
            assertThat(allowed(allowIf("{\"NumericEquals\":{\"warden:count\":\"10.0\"}}"), c))
                    .isTrue();
            assertThat(allowed(allowIf("{\"NumericEquals\":{\"warden:count\":10}}"), c))
                    .isTrue();
            assertThat(allowed(allowIf("{\"NumericNotEquals\":{\"warden:count\":\"10\"}}"), c))
                    .isFalse();
            assertThat(allowed(allowIf("{\"NumericNotEquals\":{\"warden:count\":\"11\"}}"), c))
                    .isTrue();
            assertThat(allowed(allowIf("{\"NumericLessThan\":{\"warden:count\":\"10\"}}"), c))
                    .isFalse();
            assertThat(allowed(allowIf("{\"NumericLessThan\":{\"warden:count\":\"10.5\"}}"), c))
                    .isTrue();
            assertThat(allowed(allowIf("{\"NumericLessThanEquals\":{\"warden:count\":\"10\"}}"), c))
                    .isTrue();
            assertThat(allowed(allowIf("{\"NumericGreaterThan\":{\"warden:count\":\"-3\"}}"), c))
                    .isTrue();
            assertThat(allowed(allowIf("{\"NumericGreaterThan\":{\"warden:count\":\"10\"}}"), c))
                    .isFalse();
            assertThat(allowed(allowIf("{\"NumericGreaterThanEquals\":{\"warden:count\":\"10\"}}"), c))
                    .isTrue();
            assertThat(allowed(allowIf("{\"NumericLessThan\":{\"warden:count\":\"100\"}}"), ctx()))
                    .isFalse();
            assertThat(allowed(allowIf("{\"NumericLessThanIfExists\":{\"warden:count\":\"100\"}}"), ctx()))
                    .isTrue();
        }

        @Test
        void nonNumericRequestValueFailsSafe() {
            RequestContext bad = ctx("warden:count", "ten");
            assertThat(allowed(allowIf("{\"NumericNotEquals\":{\"warden:count\":\"10\"}}"), bad))
                    .isFalse();
            assertThat(allowed(denyIf("{\"NumericLessThan\":{\"warden:count\":\"10\"}}"), bad))
                    .as("in a Deny statement a bad value makes the deny apply")
                    .isFalse();
        }
    }

    @Nested
    class Dates {
        @Test
        void isoAndEpoch() {
            RequestContext c = ctx("warden:CurrentTime", "2024-06-01T12:00:00Z");
            assertThat(allowed(allowIf("{\"DateGreaterThan\":{\"warden:CurrentTime\":\"2024-01-01T00:00:00Z\"}}"), c))
                    .isTrue();
            assertThat(allowed(allowIf("{\"DateLessThan\":{\"warden:CurrentTime\":\"2024-01-01T00:00:00Z\"}}"), c))
                    .isFalse();
            assertThat(allowed(allowIf("{\"DateLessThan\":{\"warden:CurrentTime\":\"2024-06-01T14:00:00+01:00\"}}"), c))
                    .isTrue();
            assertThat(allowed(allowIf("{\"DateEquals\":{\"warden:CurrentTime\":\"1717243200\"}}"), c))
                    .isTrue();
            assertThat(allowed(allowIf("{\"DateNotEquals\":{\"warden:CurrentTime\":\"1717243200\"}}"), c))
                    .isFalse();
            assertThat(allowed(allowIf("{\"DateGreaterThanEquals\":{\"warden:CurrentTime\":\"2024-06-01\"}}"), c))
                    .isTrue();
            assertThat(allowed(
                            allowIf("{\"DateLessThanEquals\":{\"warden:CurrentTime\":\"2024-06-01T12:00:00.000Z\"}}"),
                            c))
                    .isTrue();
            RequestContext epoch = ctx("warden:EpochTime", "1717243201");
            assertThat(allowed(allowIf("{\"DateGreaterThan\":{\"warden:EpochTime\":\"2024-06-01T12:00:00Z\"}}"), epoch))
                    .isTrue();
        }

        @Test
        void builderCurrentTime() {
            RequestContext c = RequestContext.builder()
                    .currentTime(java.time.Instant.parse("2030-01-01T00:00:00Z"))
                    .build();
            assertThat(allowed(allowIf("{\"DateGreaterThan\":{\"warden:CurrentTime\":\"2029-12-31T23:59:59Z\"}}"), c))
                    .isTrue();
            assertThat(allowed(allowIf("{\"DateGreaterThan\":{\"aws:EpochTime\":\"2029-12-31T23:59:59Z\"}}"), c))
                    .isTrue();
        }
    }

    @Nested
    class BoolBinaryNull {
        @Test
        void bool() {
            Policy p = allowIf("{\"Bool\":{\"warden:MultiFactorAuthPresent\":\"true\"}}");
            assertThat(allowed(p, ctx("warden:MultiFactorAuthPresent", "TRUE"))).isTrue();
            assertThat(allowed(p, ctx("warden:MultiFactorAuthPresent", "false")))
                    .isFalse();
            assertThat(allowed(p, ctx())).isFalse();
            Policy b = allowIf("{\"Bool\":{\"iot:Connection.Thing.IsAttached\":true}}");
            assertThat(allowed(b, ctx("iot:Connection.Thing.IsAttached", "true")))
                    .isTrue();
            assertThat(allowed(allowIf("{\"BoolIfExists\":{\"warden:MultiFactorAuthPresent\":\"false\"}}"), ctx()))
                    .isTrue();
        }

        @Test
        void binaryEquals() {
            Policy p = allowIf("{\"BinaryEquals\":{\"warden:blob\":\"QmluYXJ5VmFsdWU=\"}}");
            assertThat(allowed(p, ctx("warden:blob", "QmluYXJ5VmFsdWU="))).isTrue();
            assertThat(allowed(p, ctx("warden:blob", "T3RoZXI="))).isFalse();
            assertThat(allowed(p, ctx("warden:blob", "not base64!"))).isFalse();
        }

        @Test
        void nullOperator() {
            Policy absent = allowIf("{\"Null\":{\"warden:username\":\"true\"}}");
            assertThat(allowed(absent, ctx())).isTrue();
            assertThat(allowed(absent, ctx("warden:username", "x"))).isFalse();
            Policy present = allowIf("{\"Null\":{\"warden:username\":false}}");
            assertThat(allowed(present, ctx())).isFalse();
            assertThat(allowed(present, ctx("warden:username", "x"))).isTrue();
        }
    }

    @Nested
    class Ip {
        @Test
        void ipv4() {
            Policy p = allowIf("{\"IpAddress\":{\"warden:SourceIp\":[\"203.0.113.0/24\",\"198.51.100.7\"]}}");
            assertThat(allowed(p, ctx("warden:SourceIp", "203.0.113.77"))).isTrue();
            assertThat(allowed(p, ctx("warden:SourceIp", "203.0.114.1"))).isFalse();
            assertThat(allowed(p, ctx("warden:SourceIp", "198.51.100.7"))).isTrue();
            assertThat(allowed(p, ctx("warden:SourceIp", "198.51.100.8"))).isFalse();
            assertThat(allowed(p, ctx("warden:SourceIp", "::ffff:203.0.113.5")))
                    .as("IPv4-mapped IPv6")
                    .isTrue();
            assertThat(allowed(p, ctx("warden:SourceIp", "2001:db8::1"))).isFalse();
            assertThat(allowed(p, ctx())).isFalse();
            assertThat(allowed(
                            allowIf("{\"IpAddress\":{\"warden:SourceIp\":\"0.0.0.0/0\"}}"),
                            ctx("warden:SourceIp", "8.8.8.8")))
                    .isTrue();
        }

        @Test
        void ipv6() {
            Policy p = allowIf("{\"IpAddress\":{\"warden:SourceIp\":\"2001:DB8:1234::/48\"}}");
            assertThat(allowed(p, ctx("warden:SourceIp", "2001:db8:1234:ffff::1")))
                    .isTrue();
            assertThat(allowed(p, ctx("warden:SourceIp", "2001:db8:1235::1"))).isFalse();
            assertThat(allowed(p, ctx("warden:SourceIp", "10.0.0.1"))).isFalse();
            Policy full = allowIf("{\"IpAddress\":{\"warden:SourceIp\":\"2001:db8::8:800:200c:417a/128\"}}");
            assertThat(allowed(full, ctx("warden:SourceIp", "2001:0db8:0:0:0008:0800:200c:417a")))
                    .isTrue();
            assertThat(allowed(full, ctx("warden:SourceIp", "2001:db8::8:800:200c:417b")))
                    .isFalse();
            Policy p100 = allowIf("{\"IpAddress\":{\"warden:SourceIp\":\"2001:db8::/100\"}}");
            assertThat(allowed(p100, ctx("warden:SourceIp", "2001:db8::fff:ffff")))
                    .isTrue();
            assertThat(allowed(p100, ctx("warden:SourceIp", "2001:db8::1000:0")))
                    .isFalse();
        }

        @Test
        void notIpAddress() {
            Policy deny = denyIf("{\"NotIpAddress\":{\"warden:SourceIp\":[\"192.0.2.0/24\",\"2001:db8::/32\"]}}");
            assertThat(allowed(deny, ctx("warden:SourceIp", "192.0.2.9"))).isTrue();
            assertThat(allowed(deny, ctx("warden:SourceIp", "2001:db8::9"))).isTrue();
            assertThat(allowed(deny, ctx("warden:SourceIp", "10.1.1.1"))).isFalse();
            assertThat(allowed(deny, ctx()))
                    .as("NotIpAddress on a missing key is true: the deny applies")
                    .isFalse();
            assertThat(allowed(deny, ctx("warden:SourceIp", "garbage")))
                    .as("unparseable IP fails safe")
                    .isFalse();
        }
    }

    @Nested
    class Arns {
        @Test
        void arnLikeIsSegmentWise() {
            Policy p = allowIf("{\"ArnLike\":{\"warden:SourceArn\":\"arn:warden:iot:*:123456789012:thing/*\"}}");
            assertThat(allowed(p, ctx("warden:SourceArn", "arn:warden:iot:eu-west-1:123456789012:thing/t1")))
                    .isTrue();
            assertThat(allowed(p, ctx("warden:SourceArn", "arn:warden:iot:eu-west-1:999:thing/t1")))
                    .isFalse();
            // '*' in the region segment must not swallow the account segment
            Policy q = allowIf("{\"ArnLike\":{\"warden:SourceArn\":\"arn:warden:iot:*:thing/x\"}}"
                    .replace("arn:warden:iot:*:thing/x", "arn:warden:iot:*:1:thing/x"));
            assertThat(allowed(q, ctx("warden:SourceArn", "arn:warden:iot:a:b:1:thing/x")))
                    .isFalse();
            assertThat(allowed(q, ctx("warden:SourceArn", "arn:warden:iot:a:1:thing/x")))
                    .isTrue();
            assertThat(allowed(p, ctx("warden:SourceArn", "not-an-arn"))).isFalse();
        }

        @Test
        void arnEqualsAndNegations() {
            String arn = "arn:warden:iot:eu-west-1:123456789012:thing/t1";
            assertThat(allowed(
                            allowIf("{\"ArnEquals\":{\"warden:SourceArn\":\"" + arn + "\"}}"),
                            ctx("warden:SourceArn", arn)))
                    .isTrue();
            assertThat(allowed(
                            allowIf(
                                    "{\"ArnEquals\":{\"warden:SourceArn\":\"arn:aws:iot:eu-west-1:123456789012:thing/t1\"}}"),
                            ctx("warden:SourceArn", arn)))
                    .as("aws partition of imported policies maps to warden")
                    .isTrue();
            assertThat(allowed(
                            allowIf("{\"ArnNotEquals\":{\"warden:SourceArn\":\"" + arn + "\"}}"),
                            ctx("warden:SourceArn", arn)))
                    .isFalse();
            assertThat(allowed(
                            allowIf("{\"ArnNotLike\":{\"warden:SourceArn\":\"arn:warden:iot:*:*:thing/t*\"}}"),
                            ctx("warden:SourceArn", arn)))
                    .isFalse();
            assertThat(allowed(
                            allowIf("{\"ArnNotLike\":{\"warden:SourceArn\":\"arn:warden:iot:*:*:thing/z*\"}}"),
                            ctx("warden:SourceArn", arn)))
                    .isTrue();
            assertThat(allowed(
                            allowIf("{\"ArnNotLike\":{\"warden:SourceArn\":\"arn:warden:iot:*:*:thing/z*\"}}"), ctx()))
                    .isTrue();
        }
    }
}
