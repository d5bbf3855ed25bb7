package dev.warden.policy;

import static dev.warden.policy.ParseSupport.abbreviate;
import static dev.warden.policy.ParseSupport.collectRequired;
import static dev.warden.policy.ParseSupport.compile;
import static dev.warden.policy.ParseSupport.err;

import dev.warden.policy.JsonTree.Kind;
import dev.warden.policy.JsonTree.Node;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The Condition block of a statement: operators with their qualifiers, keys, and typed values. */
final class ConditionParser {
    private ConditionParser() {}

    /**
     * Compiles a Condition block into {@code out}; variables without a default that its values use are added to
     * {@code required}.
     */
    static void conditionBlock(Node cond, boolean variables, List<Condition> out, Set<String> required) {
        if (cond.kind != Kind.OBJECT) {
            throw err(PolicyValidationReason.WRONG_TYPE, cond, "Condition must be an object");
        }
        if (cond.fields.isEmpty()) {
            throw err(PolicyValidationReason.EMPTY_VALUE, cond, "Condition is empty");
        }
        for (Map.Entry<String, Node> opEntry : cond.fields.entrySet()) {
            operatorBlock(opEntry.getKey(), opEntry.getValue(), variables, out, required);
        }
    }

    private static void operatorBlock(
            String opName, Node body, boolean variables, List<Condition> out, Set<String> required) {
        String rest = opName;
        Condition.Qualifier q = Condition.Qualifier.NONE;
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.startsWith("foranyvalue:")) {
            q = Condition.Qualifier.FOR_ANY_VALUE;
            rest = rest.substring("ForAnyValue:".length());
        } else if (lower.startsWith("forallvalues:")) {
            q = Condition.Qualifier.FOR_ALL_VALUES;
            rest = rest.substring("ForAllValues:".length());
        }
        boolean ifExists = false;
        if (rest.toLowerCase(Locale.ROOT).endsWith("ifexists")) {
            ifExists = true;
            rest = rest.substring(0, rest.length() - "IfExists".length());
        }
        ConditionOperator op = ConditionOperator.byName(rest);
        if (op == null) {
            throw err(PolicyValidationReason.UNKNOWN_OPERATOR, body, "unknown condition operator \"" + opName + "\"");
        }
        if (op == ConditionOperator.NULL && (ifExists || q != Condition.Qualifier.NONE)) {
            throw err(
                    PolicyValidationReason.UNKNOWN_OPERATOR,
                    body,
                    "Null cannot be combined with IfExists or a set qualifier: \"" + opName + "\"");
        }
        if (body.kind != Kind.OBJECT) {
            throw err(
                    PolicyValidationReason.WRONG_TYPE,
                    body,
                    "operator \"" + opName + "\" must map to an object of keys");
        }
        if (body.fields.isEmpty()) {
            throw err(PolicyValidationReason.EMPTY_VALUE, body, "operator \"" + opName + "\" has no keys");
        }
        for (Map.Entry<String, Node> keyEntry : body.fields.entrySet()) {
            String key = keyEntry.getKey();
            Node valNode = keyEntry.getValue();
            if (key.isBlank()
                    || key.length() > 256
                    || key.chars().anyMatch(Character::isISOControl)
                    || key.indexOf('$') >= 0
                    || key.indexOf('{') >= 0) {
                throw err(
                        PolicyValidationReason.INVALID_CONDITION_KEY, valNode, "invalid condition key \"" + key + "\"");
            }
            out.add(condition(opName, op, q, ifExists, key, valNode, variables, required));
        }
    }

    private static Condition condition(
            String opName,
            ConditionOperator op,
            Condition.Qualifier q,
            boolean ifExists,
            String key,
            Node valNode,
            boolean variables,
            Set<String> required) {
        List<Node> vals = values(key, valNode);
        int n = vals.size();
        List<String> raw = new ArrayList<>(n);
        Compiled c = new Compiled(op.family, n);
        for (int i = 0; i < n; i++) {
            Node v = vals.get(i);
            raw.add(v.text);
            c.compile(i, v, op, variables, required);
        }
        return new Condition(
                opName,
                op,
                q,
                ifExists,
                key,
                raw,
                c.patterns,
                c.numbers,
                c.dates,
                c.bools,
                c.binaries,
                c.cidrs,
                c.arns);
    }

    /** The value nodes of one condition key: a scalar or a non-empty array of scalars. */
    private static List<Node> values(String key, Node valNode) {
        if (valNode.isScalar()) {
            return List.of(valNode);
        }
        if (valNode.kind != Kind.ARRAY) {
            throw err(
                    PolicyValidationReason.WRONG_TYPE,
                    valNode,
                    "condition value must be a string, number, boolean or an array of them");
        }
        List<Node> vals = valNode.items;
        if (vals.isEmpty()) {
            throw err(PolicyValidationReason.EMPTY_VALUE, valNode, "no values for condition key \"" + key + "\"");
        }
        for (Node v : vals) {
            if (!v.isScalar()) {
                throw err(
                        PolicyValidationReason.WRONG_TYPE, v, "condition values must be strings, numbers or booleans");
            }
        }
        return vals;
    }

    /** The compiled values of one condition key: only the array of the operator's family is allocated. */
    private static final class Compiled {
        Pattern[] patterns;
        BigDecimal[] numbers;
        Instant[] dates;
        boolean[] bools;
        byte[][] binaries;
        IpCidr[] cidrs;
        Pattern[][] arns;

        Compiled(ConditionOperator.Family family, int n) {
            switch (family) {
                case STRING -> patterns = new Pattern[n];
                case NUMERIC -> numbers = new BigDecimal[n];
                case DATE -> dates = new Instant[n];
                case BOOL, NULL -> bools = new boolean[n];
                case BINARY -> binaries = new byte[n][];
                case IP -> cidrs = new IpCidr[n];
                case ARN -> arns = new Pattern[n][];
                default -> throw new IllegalStateException();
            }
        }

        void compile(int i, Node v, ConditionOperator op, boolean variables, Set<String> required) {
            String text = v.text;
            switch (op.family) {
                case STRING -> {
                    patterns[i] = ParseSupport.compile(v, text, op.wildcards(), variables, op.ignoreCase());
                    collectRequired(patterns[i], required);
                }
                case NUMERIC -> {
                    numbers[i] = Values.number(text);
                    if (numbers[i] == null) {
                        throw badValue(v, op, text, "a decimal number");
                    }
                }
                case DATE -> {
                    dates[i] = Values.date(text);
                    if (dates[i] == null) {
                        throw badValue(v, op, text, "an ISO 8601 date-time or epoch seconds");
                    }
                }
                case BOOL, NULL -> {
                    int b = Values.bool(text);
                    if (b < 0) {
                        throw badValue(v, op, text, "true or false");
                    }
                    bools[i] = b == 1;
                }
                case BINARY -> {
                    binaries[i] = Values.base64(text);
                    if (binaries[i] == null) {
                        throw badValue(v, op, text, "base64");
                    }
                }
                case IP -> {
                    cidrs[i] = IpCidr.parse(text, true);
                    if (cidrs[i] == null) {
                        throw badValue(v, op, text, "an IPv4 or IPv6 address or CIDR block");
                    }
                }
                case ARN -> {
                    arns[i] = arnValue(v, text, variables, op);
                    if (arns[i] != null) {
                        for (Pattern p : arns[i]) {
                            collectRequired(p, required);
                        }
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
    }

    /** An ArnEquals/ArnLike value: {@code "*"} (null: matches any ARN) or six segment patterns. */
    private static Pattern[] arnValue(Node v, String text, boolean variables, ConditionOperator op) {
        if (text.equals("*")) {
            return null;
        }
        String problem = ArnPatternParser.arnProblem(text, variables);
        if (problem != null) {
            throw badValue(v, op, text, "an ARN (" + problem + ")");
        }
        String s = ArnPatternParser.normalizePartition(text);
        // split on the first five colons that are not inside a ${...} variable
        Pattern[] segs = new Pattern[6];
        int seg = 0;
        int start = 0;
        for (int i = 0; i < s.length() && seg < 5; i++) {
            char c = s.charAt(i);
            if (variables && c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                i = s.indexOf('}', i + 2);
            } else if (c == ':') {
                segs[seg++] = compile(v, s.substring(start, i), true, variables, false);
                start = i + 1;
            }
        }
        segs[5] = compile(v, s.substring(start), true, variables, false);
        return segs;
    }

    private static PolicyValidationException badValue(Node v, ConditionOperator op, String text, String expected) {
        return err(
                PolicyValidationReason.INVALID_CONDITION_VALUE,
                v,
                op.awsName() + " expects " + expected + ", got \"" + abbreviate(text) + "\"");
    }
}
