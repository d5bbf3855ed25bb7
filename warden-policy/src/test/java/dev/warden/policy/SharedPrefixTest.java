package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared-ARN-start path: which statements take part, and that each still matches exactly its own patterns. */
class SharedPrefixTest {
    static final String P = "arn:warden:iot:eu-west-1:default:";

    private static Pattern resource(String s) throws Pattern.TemplateException {
        return Pattern.compile(s, true, true, false);
    }

    @Test
    void aPatternWithoutItsLeadingCharactersMatchesTheRestOfTheText() throws Exception {
        Pattern p = resource(P + "topic/devices/${iot:ClientId}/d?/*");
        RequestContext ctx = T.ctx("iot:ClientId", "c1");
        Pattern tail = p.withoutLeading(P.length());
        String text = P + "topic/devices/c1/d7/x/y";
        assertThat(tail.matches(text, P.length(), text.length(), ctx)).isTrue();
        assertThat(tail.matches(P + "topic/devices/c2/d7/x", P.length(), text.length() - 2, ctx))
                .isFalse();
        // The whole leading literal removed: the pattern starts at its variable.
        Pattern atVariable = p.withoutLeading((P + "topic/devices/").length());
        assertThat(atVariable.matches(text, (P + "topic/devices/").length(), text.length(), ctx))
                .isTrue();
        assertThat(atVariable.matches(text, (P + "topic/devices/").length(), text.length(), T.ctx()))
                .isFalse();
    }

    @Test
    void onlyTheLiteralStartCanBeRemoved() throws Exception {
        assertThatThrownBy(() -> resource(P + "t*").withoutLeading(P.length() + 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(resource("*").leadingLiteral()).isNull();
        assertThat(resource("${iot:ClientId}/x").leadingLiteral()).isNull();
        assertThat(Pattern.compile("iot:Pub*", true, false, true).leadingLiteral())
                .as("case-insensitive")
                .isNull();
        assertThat(resource("arn:warden:iot:?:x").leadingLiteral()).isEqualTo("arn:warden:iot:");
    }

    @Test
    void statementsWithALongCommonStartShareIt() {
        Policy p = T.statements(
                allow(P + "topic/devices/${iot:ClientId}/telemetry"),
                allow(P + "topic/devices/${iot:ClientId}/status"),
                allow("arn:warden:iot:*:default:topic/x"),
                "{\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"NotResource\":\"" + P + "topic/*\"}");
        StatementScan scan = PolicySet.of(p).candidates("iot:Publish")[0];
        // The wildcard in the third statement's region does not shorten what the first two share.
        assertThat(scan.prefix).isEqualTo(P + "topic/devices/");
        RequestContext ctx = T.ctx("iot:ClientId", "c1");
        assertThat(scan.matchMask(P + "topic/devices/c1/status", ctx)).isEqualTo(0b0010);
        assertThat(scan.matchMask(P + "topic/devices/c2/status", ctx)).isEqualTo(0b0000);
        assertThat(scan.matchMask("arn:warden:iot:us-east-1:default:topic/x", ctx))
                .as("prefix absent: NotResource still matches")
                .isEqualTo(0b1100);
        assertThat(scan.matchMask(P + "topic/devices/c1/telemetry", T.ctx()))
                .as("unresolvable variable")
                .isEqualTo(0);
    }

    @Test
    void theStartSharedByMostStatementsWinsAndALoneStatementSharesNothing() {
        PolicySet set = PolicySet.of(T.statements(
                allow(P + "topic/a"),
                allow(P + "topic/b"),
                allow(P + "topic/c"),
                allow("arn:warden:iam::default:user/x"),
                allow("arn:warden:iam::default:user/y")));
        // 3 x 39 characters beat 5 x 11 ("arn:warden:") and 2 x 30 ("arn:warden:iam::default:user/").
        assertThat(set.candidates("iot:Publish")[0].prefix).isEqualTo(P + "topic/");
        assertThat(T.decide(set, "iot:Publish", "arn:warden:iam::default:user/y", T.ctx())
                        .allowed())
                .isTrue();
        assertThat(PolicySet.of(T.statements(allow(P + "a"))).candidates("iot:Publish")[0].prefix)
                .isNull();
    }

    @Test
    void actionsStayCaseInsensitiveOnThePreparedPath() {
        PolicySet set = PolicySet.of(T.statements(allow(P + "topic/a"), allow(P + "topic/b")));
        assertThat(T.decide(set, "IOT:PUBLISH", P + "topic/b", T.ctx()).allowed())
                .isTrue();
        assertThat(T.decide(set, "iot:publish", P + "topic/c", T.ctx()).allowed())
                .isFalse();
    }

    @Test
    void aSingleDecidingStatementReturnsItsPreparedDecision() {
        PolicySet set = PolicySet.of(T.statements(allow(P + "topic/a"), allow(P + "topic/b")));
        Decision first = T.decide(set, "iot:Publish", P + "topic/b", T.ctx());
        Decision again = T.decide(set, "iot:Publish", P + "topic/b", T.ctx());
        assertThat(again).isSameAs(first);
        assertThat(first.matchedStatements()).hasSize(1);
        assertThat(first.decidingStatement().index()).isEqualTo(1);
        assertThat(first.explanation()).isEqualTo("Allowed by policy 'test' statement #1");
        assertThat(T.decide(set, "iot:Publish", P + "topic/c", T.ctx()).matchedStatements())
                .isEqualTo(List.of());
    }

    private static String allow(String resource) {
        return "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"" + resource + "\"}";
    }
}
