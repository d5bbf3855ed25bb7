package dev.warden.policy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One compiled condition: operator (with optional set qualifier and IfExists) applied to one context key with one or
 * more policy values (ORed). Conditions of a statement are ANDed.
 *
 * <p>Semantics (AWS):
 * <ul>
 * <li>key absent: {@code ...IfExists} → true; {@code ForAllValues:} → true; {@code ForAnyValue:} → false;
 * unqualified negated operators (StringNotEquals, NotIpAddress, ArnNotLike, ...) → true; other operators → false;
 * {@code Null} → true iff the policy value is {@code true}.</li>
 * <li>unqualified, key present (single- or multi-valued): positive operators are true iff some request value matches
 * some policy value; negated operators are exactly the negation of their positive counterpart (true iff no request
 * value matches any policy value).</li>
 * <li>{@code ForAnyValue:} true iff at least one request value satisfies the operator; {@code ForAllValues:} true iff
 * every request value does (for a negated operator, "satisfies" means matches none of the policy values).</li>
 * <li>a request value that cannot be interpreted by a typed operator (not a number, date, IP, bool, base64, ARN)
 * fails safe: the whole condition evaluates so as to never grant access: false in an Allow statement, true in a Deny
 * statement.</li>
 * </ul>
 */
public final class Condition {

    /** Set qualifier. */
    public enum Qualifier {
        NONE,
        FOR_ANY_VALUE,
        FOR_ALL_VALUES
    }

    private static final int F = 0;
    private static final int T = 1;
    private static final int ERR = 2;

    private final String operatorName;
    private final ConditionOperator op;
    private final Qualifier qualifier;
    private final boolean ifExists;
    private final String key;
    private final String normalizedKey;
    private final List<String> rawValues;

    // compiled policy values (one array is used depending on family)
    private final Pattern[] patterns;
    private final BigDecimal[] numbers;
    private final Instant[] dates;
    private final boolean[] bools;
    private final byte[][] binaries;
    private final IpCidr[] cidrs;
    private final Pattern[][] arns; // null element = "*" (any ARN)

    Condition(
            String operatorName,
            ConditionOperator op,
            Qualifier qualifier,
            boolean ifExists,
            String key,
            List<String> rawValues,
            Pattern[] patterns,
            BigDecimal[] numbers,
            Instant[] dates,
            boolean[] bools,
            byte[][] binaries,
            IpCidr[] cidrs,
            Pattern[][] arns) {
        this.operatorName = operatorName;
        this.op = op;
        this.qualifier = qualifier;
        this.ifExists = ifExists;
        this.key = key;
        this.normalizedKey = RequestContext.normalizeKey(key).intern();
        this.rawValues = List.copyOf(rawValues);
        this.patterns = patterns;
        this.numbers = numbers;
        this.dates = dates;
        this.bools = bools;
        this.binaries = binaries;
        this.cidrs = cidrs;
        this.arns = arns;
    }

    /** Operator as written, e.g. {@code ForAnyValue:StringLikeIfExists}. */
    public String operatorName() {
        return operatorName;
    }

    public ConditionOperator operator() {
        return op;
    }

    public Qualifier qualifier() {
        return qualifier;
    }

    public boolean ifExists() {
        return ifExists;
    }

    /** Key as written. */
    public String key() {
        return key;
    }

    /** Policy values as written (numbers and booleans as their JSON text). */
    public List<String> values() {
        return rawValues;
    }

    Pattern[] patterns() {
        return patterns;
    }

    Pattern[][] arnPatterns() {
        return arns;
    }

    boolean evaluate(RequestContext ctx, boolean denyStatement) {
        String[] vals = ctx.raw(normalizedKey);
        boolean present = vals != null && vals.length > 0;
        if (op == ConditionOperator.NULL) {
            for (boolean expectAbsent : bools) {
                if (expectAbsent != present) {
                    return true;
                }
            }
            return false;
        }
        if (!present) {
            if (ifExists || qualifier == Qualifier.FOR_ALL_VALUES) {
                return true;
            }
            if (qualifier == Qualifier.FOR_ANY_VALUE) {
                return false;
            }
            return op.negated;
        }
        switch (qualifier) {
            case FOR_ANY_VALUE:
                return anyValueMatches(vals, ctx, denyStatement);
            case FOR_ALL_VALUES:
                return allValuesMatch(vals, ctx, denyStatement);
            default:
                return singleValuedMatch(vals, ctx, denyStatement);
        }
    }

    /** ForAnyValue: true when some request value satisfies the operator (a malformed value decides as denyStatement). */
    private boolean anyValueMatches(String[] vals, RequestContext ctx, boolean denyStatement) {
        final boolean negated = op.negated;
        boolean res = false;
        for (String v : vals) {
            int r = matchAny(v, ctx);
            if (r == ERR) {
                return denyStatement;
            }
            if ((r == T) != negated) {
                res = true;
            }
        }
        return res;
    }

    /** ForAllValues: true when every request value satisfies the operator. */
    private boolean allValuesMatch(String[] vals, RequestContext ctx, boolean denyStatement) {
        final boolean negated = op.negated;
        boolean res = true;
        for (String v : vals) {
            int r = matchAny(v, ctx);
            if (r == ERR) {
                return denyStatement;
            }
            if ((r == T) == negated) {
                res = false;
            }
        }
        return res;
    }

    /** No qualifier: some request value matches some policy value, inverted for a negated operator. */
    private boolean singleValuedMatch(String[] vals, RequestContext ctx, boolean denyStatement) {
        boolean any = false;
        for (String v : vals) {
            int r = matchAny(v, ctx);
            if (r == ERR) {
                return denyStatement;
            }
            if (r == T) {
                any = true;
            }
        }
        return any != op.negated;
    }

    /** Does request value v match any of the policy values under the (positive form of the) operator? */
    private int matchAny(String v, RequestContext ctx) {
        switch (op.family) {
            case STRING:
                return matchString(v, ctx);
            case NUMERIC:
                return matchNumber(v);
            case DATE:
                return matchDate(v);
            case BOOL:
                return matchBool(v);
            case BINARY:
                return matchBinary(v);
            case IP:
                return matchIp(v);
            case ARN:
                return matchArn(v, ctx);
            default:
                return ERR;
        }
    }

    private int matchString(String v, RequestContext ctx) {
        for (Pattern p : patterns) {
            if (p.matches(v, ctx)) {
                return T;
            }
        }
        return F;
    }

    private int matchNumber(String v) {
        BigDecimal x = Values.number(v.trim());
        if (x == null) {
            return ERR;
        }
        for (BigDecimal n : numbers) {
            if (op.test(x.compareTo(n))) {
                return T;
            }
        }
        return F;
    }

    private int matchDate(String v) {
        Instant x = Values.date(v.trim());
        if (x == null) {
            return ERR;
        }
        for (Instant d : dates) {
            if (op.test(x.compareTo(d))) {
                return T;
            }
        }
        return F;
    }

    private int matchBool(String v) {
        int b = Values.bool(v.trim());
        if (b < 0) {
            return ERR;
        }
        for (boolean p : bools) {
            if (p == (b == 1)) {
                return T;
            }
        }
        return F;
    }

    private int matchBinary(String v) {
        byte[] x = Values.base64(v.trim());
        if (x == null) {
            return ERR;
        }
        for (byte[] p : binaries) {
            if (Arrays.equals(p, x)) {
                return T;
            }
        }
        return F;
    }

    private int matchIp(String v) {
        IpCidr ip = IpCidr.parse(v, false);
        if (ip == null) {
            return ERR;
        }
        for (IpCidr c : cidrs) {
            if (c.contains(ip)) {
                return T;
            }
        }
        return F;
    }

    private int matchArn(String v, RequestContext ctx) {
        int[] cut = Arn.segmentBounds(v);
        if (cut == null) {
            return ERR;
        }
        for (Pattern[] segs : arns) {
            if (segs == null || matchArn(segs, v, cut, ctx)) {
                return T;
            }
        }
        return F;
    }

    private static boolean matchArn(Pattern[] segs, String v, int[] cut, RequestContext ctx) {
        int from = 0;
        for (int i = 0; i < 6; i++) {
            int to = i < 5 ? cut[i] : v.length();
            if (!segs[i].matches(v, from, to, ctx)) {
                return false;
            }
            from = to + 1;
        }
        return true;
    }

    @Override
    public String toString() {
        return operatorName + "{" + key + "=" + rawValues + "}";
    }
}
