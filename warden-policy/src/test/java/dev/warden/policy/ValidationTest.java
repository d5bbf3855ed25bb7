package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ValidationTest {
    static final String V = "{\"Version\":\"2012-10-17\",\"Statement\":";
    static final String OK_STMT = "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\"}";

    static String stmt(String inner) {
        return V + "[{" + inner + "}]}";
    }

    static String cond(String condition) {
        return stmt("\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\",\"Condition\":" + condition);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("malformed", "{\"Version\":", PolicyValidationReason.MALFORMED_JSON, null),
                Arguments.of("trailing", V + "[" + OK_STMT + "]} x", PolicyValidationReason.MALFORMED_JSON, null),
                Arguments.of("empty doc", "", PolicyValidationReason.MALFORMED_JSON, null),
                Arguments.of(
                        "comment", "{/*x*/\"Version\":\"2012-10-17\"}", PolicyValidationReason.MALFORMED_JSON, null),
                Arguments.of(
                        "dup top",
                        "{\"Version\":\"2012-10-17\",\"Version\":\"2012-10-17\",\"Statement\":" + OK_STMT + "}",
                        PolicyValidationReason.DUPLICATE_KEY,
                        "/Version"),
                Arguments.of(
                        "dup in stmt",
                        stmt("\"Effect\":\"Allow\",\"Effect\":\"Deny\",\"Action\":\"iot:Publish\",\"Resource\":\"*\""),
                        PolicyValidationReason.DUPLICATE_KEY,
                        "/Statement/0/Effect"),
                Arguments.of(
                        "dup operator",
                        cond("{\"StringEquals\":{\"a:b\":\"x\"},\"StringEquals\":{\"a:b\":\"y\"}}"),
                        PolicyValidationReason.DUPLICATE_KEY,
                        "/Statement/0/Condition/StringEquals"),
                Arguments.of("root array", "[]", PolicyValidationReason.WRONG_TYPE, ""),
                Arguments.of(
                        "version number",
                        "{\"Version\":2012,\"Statement\":" + OK_STMT + "}",
                        PolicyValidationReason.WRONG_TYPE,
                        "/Version"),
                Arguments.of("statement string", V + "\"x\"}", PolicyValidationReason.WRONG_TYPE, "/Statement"),
                Arguments.of("statement item", V + "[1]}", PolicyValidationReason.WRONG_TYPE, "/Statement/0"),
                Arguments.of(
                        "action number",
                        stmt("\"Effect\":\"Allow\",\"Action\":[1],\"Resource\":\"*\""),
                        PolicyValidationReason.WRONG_TYPE,
                        "/Statement/0/Action/0"),
                Arguments.of("condition list", cond("[]"), PolicyValidationReason.WRONG_TYPE, "/Statement/0/Condition"),
                Arguments.of(
                        "cond value object",
                        cond("{\"StringEquals\":{\"a:b\":{}}}"),
                        PolicyValidationReason.WRONG_TYPE,
                        "/Statement/0/Condition/StringEquals/a:b"),
                Arguments.of(
                        "no version", "{\"Statement\":" + OK_STMT + "}", PolicyValidationReason.MISSING_ELEMENT, ""),
                Arguments.of(
                        "no statement", "{\"Version\":\"2012-10-17\"}", PolicyValidationReason.MISSING_ELEMENT, ""),
                Arguments.of(
                        "no effect",
                        stmt("\"Action\":\"iot:Publish\",\"Resource\":\"*\""),
                        PolicyValidationReason.MISSING_ELEMENT,
                        "/Statement/0"),
                Arguments.of(
                        "no action",
                        stmt("\"Effect\":\"Allow\",\"Resource\":\"*\""),
                        PolicyValidationReason.MISSING_ELEMENT,
                        "/Statement/0"),
                Arguments.of(
                        "no resource",
                        stmt("\"Effect\":\"Allow\",\"Action\":\"iot:Publish\""),
                        PolicyValidationReason.MISSING_ELEMENT,
                        "/Statement/0"),
                Arguments.of(
                        "unknown top",
                        "{\"Version\":\"2012-10-17\",\"Foo\":1,\"Statement\":" + OK_STMT + "}",
                        PolicyValidationReason.UNKNOWN_ELEMENT,
                        "/Foo"),
                Arguments.of(
                        "unknown stmt elem",
                        stmt("\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\",\"Effects\":\"x\""),
                        PolicyValidationReason.UNKNOWN_ELEMENT,
                        "/Statement/0/Effects"),
                Arguments.of(
                        "principal",
                        stmt("\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"iot:Publish\",\"Resource\":\"*\""),
                        PolicyValidationReason.UNSUPPORTED_ELEMENT,
                        "/Statement/0/Principal"),
                Arguments.of(
                        "action+notaction",
                        stmt(
                                "\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"NotAction\":\"iot:Connect\",\"Resource\":\"*\""),
                        PolicyValidationReason.CONFLICTING_ELEMENTS,
                        "/Statement/0/NotAction"),
                Arguments.of(
                        "resource+notresource",
                        stmt(
                                "\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\",\"NotResource\":\"*\""),
                        PolicyValidationReason.CONFLICTING_ELEMENTS,
                        "/Statement/0/NotResource"),
                Arguments.of("empty statements", V + "[]}", PolicyValidationReason.EMPTY_VALUE, "/Statement"),
                Arguments.of(
                        "empty actions",
                        stmt("\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\""),
                        PolicyValidationReason.EMPTY_VALUE,
                        "/Statement/0/Action"),
                Arguments.of(
                        "empty resource",
                        stmt("\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"\""),
                        PolicyValidationReason.EMPTY_VALUE,
                        "/Statement/0/Resource"),
                Arguments.of(
                        "empty cond values",
                        cond("{\"StringEquals\":{\"a:b\":[]}}"),
                        PolicyValidationReason.EMPTY_VALUE,
                        "/Statement/0/Condition/StringEquals/a:b"),
                Arguments.of(
                        "bad version",
                        "{\"Version\":\"2013-01-01\",\"Statement\":" + OK_STMT + "}",
                        PolicyValidationReason.UNSUPPORTED_VERSION,
                        "/Version"),
                Arguments.of(
                        "bad effect",
                        stmt("\"Effect\":\"allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\""),
                        PolicyValidationReason.INVALID_EFFECT,
                        "/Statement/0/Effect"),
                Arguments.of(
                        "dup sid",
                        V + "[{\"Sid\":\"A\"," + OK_STMT.substring(1) + ",{\"Sid\":\"A\"," + OK_STMT.substring(1)
                                + "]}",
                        PolicyValidationReason.INVALID_SID,
                        "/Statement/1/Sid"),
                Arguments.of(
                        "malformed action",
                        stmt("\"Effect\":\"Allow\",\"Action\":\"Publish\",\"Resource\":\"*\""),
                        PolicyValidationReason.INVALID_ACTION,
                        "/Statement/0/Action"),
                Arguments.of(
                        "action chars",
                        stmt("\"Effect\":\"Allow\",\"Action\":\"iot:Pub lish\",\"Resource\":\"*\""),
                        PolicyValidationReason.INVALID_ACTION,
                        "/Statement/0/Action"),
                Arguments.of(
                        "action two colons",
                        stmt("\"Effect\":\"Allow\",\"Action\":\"iot:a:b\",\"Resource\":\"*\""),
                        PolicyValidationReason.INVALID_ACTION,
                        "/Statement/0/Action"),
                Arguments.of(
                        "unknown service",
                        stmt("\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"s3:GetObject\"],\"Resource\":\"*\""),
                        PolicyValidationReason.UNKNOWN_SERVICE,
                        "/Statement/0/Action/1"),
                Arguments.of(
                        "not arn",
                        stmt("\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"topic/x\""),
                        PolicyValidationReason.INVALID_RESOURCE,
                        "/Statement/0/Resource"),
                Arguments.of(
                        "bad partition",
                        stmt(
                                "\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"arn:gcp:iot:r:1:topic/x\""),
                        PolicyValidationReason.INVALID_RESOURCE,
                        "/Statement/0/Resource"),
                Arguments.of(
                        "too few segments",
                        stmt(
                                "\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"arn:warden:iot:r:topic/x\""),
                        PolicyValidationReason.INVALID_RESOURCE,
                        "/Statement/0/Resource"),
                Arguments.of(
                        "empty resource part",
                        stmt(
                                "\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":[\"*\",\"arn:warden:iot:r:1:\"]"),
                        PolicyValidationReason.INVALID_RESOURCE,
                        "/Statement/0/Resource/1"),
                Arguments.of(
                        "unknown operator",
                        cond("{\"StringEqualz\":{\"a:b\":\"x\"}}"),
                        PolicyValidationReason.UNKNOWN_OPERATOR,
                        "/Statement/0/Condition/StringEqualz"),
                Arguments.of(
                        "null ifexists",
                        cond("{\"NullIfExists\":{\"a:b\":\"true\"}}"),
                        PolicyValidationReason.UNKNOWN_OPERATOR,
                        "/Statement/0/Condition/NullIfExists"),
                Arguments.of(
                        "bad cond key",
                        cond("{\"StringEquals\":{\"\":\"x\"}}"),
                        PolicyValidationReason.INVALID_CONDITION_KEY,
                        "/Statement/0/Condition/StringEquals/"),
                Arguments.of(
                        "bad number",
                        cond("{\"NumericEquals\":{\"a:b\":\"1e5\"}}"),
                        PolicyValidationReason.INVALID_CONDITION_VALUE,
                        "/Statement/0/Condition/NumericEquals/a:b"),
                Arguments.of(
                        "bad date",
                        cond("{\"DateLessThan\":{\"a:b\":[\"2020-01-01\",\"yesterday\"]}}"),
                        PolicyValidationReason.INVALID_CONDITION_VALUE,
                        "/Statement/0/Condition/DateLessThan/a:b/1"),
                Arguments.of(
                        "bad cidr",
                        cond("{\"IpAddress\":{\"a:b\":\"10.0.0.0/33\"}}"),
                        PolicyValidationReason.INVALID_CONDITION_VALUE,
                        "/Statement/0/Condition/IpAddress/a:b"),
                Arguments.of(
                        "bad v6",
                        cond("{\"IpAddress\":{\"a:b\":\"2001:db8:::1\"}}"),
                        PolicyValidationReason.INVALID_CONDITION_VALUE,
                        "/Statement/0/Condition/IpAddress/a:b"),
                Arguments.of(
                        "bad bool",
                        cond("{\"Bool\":{\"a:b\":\"yes\"}}"),
                        PolicyValidationReason.INVALID_CONDITION_VALUE,
                        "/Statement/0/Condition/Bool/a:b"),
                Arguments.of(
                        "bad base64",
                        cond("{\"BinaryEquals\":{\"a:b\":\"!!\"}}"),
                        PolicyValidationReason.INVALID_CONDITION_VALUE,
                        "/Statement/0/Condition/BinaryEquals/a:b"),
                Arguments.of(
                        "bad arn value",
                        cond("{\"ArnLike\":{\"a:b\":\"arn:x\"}}"),
                        PolicyValidationReason.INVALID_CONDITION_VALUE,
                        "/Statement/0/Condition/ArnLike/a:b"),
                Arguments.of(
                        "unterminated var",
                        stmt(
                                "\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"arn:warden:iot:r:1:client/${iot:ClientId\""),
                        PolicyValidationReason.INVALID_RESOURCE,
                        "/Statement/0/Resource"),
                Arguments.of(
                        "empty var",
                        stmt(
                                "\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"arn:warden:iot:r:1:client/${}\""),
                        PolicyValidationReason.INVALID_VARIABLE,
                        "/Statement/0/Resource"),
                Arguments.of(
                        "unquoted default",
                        cond("{\"StringEquals\":{\"a:b\":\"${x, y}\"}}"),
                        PolicyValidationReason.INVALID_VARIABLE,
                        "/Statement/0/Condition/StringEquals/a:b"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusedWithReasonAndPosition(String name, String json, PolicyValidationReason reason, String pointer) {
        PolicyValidationException e =
                catchThrowableOfType(PolicyValidationException.class, () -> PolicyParser.parse("p", json));
        assertThat(e).as(name).isNotNull();
        assertThat(e.reason()).as(name + ": " + e.getMessage()).isEqualTo(reason);
        assertThat(e.position()).isNotBlank();
        if (reason != PolicyValidationReason.MALFORMED_JSON || !json.isEmpty()) {
            assertThat(e.line()).as(name + " line").isPositive();
            assertThat(e.column()).as(name + " column").isPositive();
        }
        if (pointer != null) {
            assertThat(e.pointer()).as(name).isEqualTo(pointer);
        }
    }

    @Test
    void lineAndColumnPointAtTheOffendingValue() {
        String json = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": {\n    \"Effect\": \"Allow\",\n"
                + "    \"Action\": \"s3:GetObject\",\n    \"Resource\": \"*\"\n  }\n}";
        PolicyValidationException e =
                catchThrowableOfType(PolicyValidationException.class, () -> PolicyParser.parse("p", json));
        assertThat(e.reason()).isEqualTo(PolicyValidationReason.UNKNOWN_SERVICE);
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(15);
        assertThat(e.pointer()).isEqualTo("/Statement/Action");
        assertThat(e.position()).contains("line 5").contains("column 15").contains("/Statement/Action");
    }

    @Test
    void badNames() {
        for (String n : new String[] {null, "", "  ", "a\nb", "x".repeat(129)}) {
            assertThatThrownBy(() -> PolicyParser.parse(n, V + OK_STMT + "}"))
                    .isInstanceOfSatisfying(
                            PolicyValidationException.class,
                            e -> assertThat(e.reason()).isEqualTo(PolicyValidationReason.INVALID_NAME));
        }
    }

    @Test
    void sizeLimit() {
        String pad = " ".repeat(PolicyParser.MAX_JSON_BYTES);
        assertThatThrownBy(() -> PolicyParser.parse("p", V + OK_STMT + pad + "}"))
                .isInstanceOfSatisfying(
                        PolicyValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(PolicyValidationReason.POLICY_TOO_LARGE));
        // multi-byte characters count as UTF-8 bytes
        String sid = "\u00e9".repeat(PolicyParser.MAX_JSON_BYTES / 2);
        assertThatThrownBy(() -> PolicyParser.parse("p", V + "{\"Sid\":\"" + sid + "\"," + OK_STMT.substring(1) + "}"))
                .isInstanceOfSatisfying(
                        PolicyValidationException.class,
                        e -> assertThat(e.reason()).isEqualTo(PolicyValidationReason.POLICY_TOO_LARGE));
    }

    @Test
    void statementLimit() {
        String many = Stream.generate(() -> OK_STMT)
                .limit(PolicyParser.MAX_STATEMENTS)
                .collect(Collectors.joining(","));
        assertThat(PolicyParser.parse("p", V + "[" + many + "]}").statements()).hasSize(PolicyParser.MAX_STATEMENTS);
        PolicyValidationException e = catchThrowableOfType(
                PolicyValidationException.class, () -> PolicyParser.parse("p", V + "[" + many + "," + OK_STMT + "]}"));
        assertThat(e.reason()).isEqualTo(PolicyValidationReason.TOO_MANY_STATEMENTS);
        assertThat(e.pointer()).isEqualTo("/Statement/10000");
    }

    @Test
    void depthBomb() {
        String bomb = "[".repeat(100_000);
        PolicyValidationException e = catchThrowableOfType(
                PolicyValidationException.class,
                () -> PolicyParser.parse("p", "{\"Version\":\"2012-10-17\",\"Statement\":" + bomb));
        assertThat(e.reason()).isEqualTo(PolicyValidationReason.NESTING_TOO_DEEP);
        String objBomb = "{\"a\":".repeat(40) + "1" + "}".repeat(40);
        assertThat(catchThrowableOfType(
                                PolicyValidationException.class,
                                () -> PolicyParser.parse("p", "{\"Version\":\"2012-10-17\",\"Id\":" + objBomb + "}"))
                        .reason())
                .isEqualTo(PolicyValidationReason.NESTING_TOO_DEEP);
    }

    @Test
    void everyReasonCodeIsCovered() {
        Set<PolicyValidationReason> seen = EnumSet.noneOf(PolicyValidationReason.class);
        invalid().forEach(a -> seen.add((PolicyValidationReason) a.get()[2]));
        seen.addAll(Set.of(
                PolicyValidationReason.INVALID_NAME,
                PolicyValidationReason.POLICY_TOO_LARGE,
                PolicyValidationReason.TOO_MANY_STATEMENTS,
                PolicyValidationReason.NESTING_TOO_DEEP,
                PolicyValidationReason.INVALID_PRINCIPAL)); // resource policies only: ResourcePolicyTest
        assertThat(EnumSet.complementOf(EnumSet.copyOf(seen))).containsExactly(PolicyValidationReason.INTERNAL_ERROR);
    }

    @Test
    void acceptedForms() {
        Policy p = PolicyParser.parse("p", """
                {"Version":"2008-10-17","Id":"x","Statement":{"Sid":"S1","Effect":"Deny","NotAction":["iot:*","*"],
                 "NotResource":["arn:aws:iot:*:*:topic/*","arn:warden:secrets:::vault/*"],
                 "Condition":{"ForAllValues:stringlikeifexists":{"Warden:X":["a",1,true]},"numericlessthan":{"k":-1.5}}}}""");
        assertThat(p.version()).isEqualTo("2008-10-17");
        assertThat(p.id()).isEqualTo("x");
        Statement s = p.statements().get(0);
        assertThat(s.sid()).isEqualTo("S1");
        assertThat(s.notAction()).isTrue();
        assertThat(s.notResource()).isTrue();
        assertThat(s.conditions()).hasSize(2);
        assertThat(s.conditions().get(0).qualifier()).isEqualTo(Condition.Qualifier.FOR_ALL_VALUES);
        assertThat(s.conditions().get(0).ifExists()).isTrue();
        assertThat(s.conditions().get(0).operator()).isEqualTo(ConditionOperator.STRING_LIKE);
        assertThat(s.conditions().get(0).values()).containsExactly("a", "1", "true");
        assertThat(p.json()).startsWith("{\"Version\"");
        assertThat(p.name()).isEqualTo("p");
    }
}
