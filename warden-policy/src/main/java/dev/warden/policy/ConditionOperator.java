package dev.warden.policy;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** The base condition operators (without {@code ForAnyValue:}/{@code ForAllValues:} and {@code IfExists}). */
public enum ConditionOperator {
    STRING_EQUALS("StringEquals", Family.STRING, false, Cmp.EQ),
    STRING_NOT_EQUALS("StringNotEquals", Family.STRING, true, Cmp.EQ),
    STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Family.STRING, false, Cmp.EQ),
    STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Family.STRING, true, Cmp.EQ),
    STRING_LIKE("StringLike", Family.STRING, false, Cmp.EQ),
    STRING_NOT_LIKE("StringNotLike", Family.STRING, true, Cmp.EQ),
    NUMERIC_EQUALS("NumericEquals", Family.NUMERIC, false, Cmp.EQ),
    NUMERIC_NOT_EQUALS("NumericNotEquals", Family.NUMERIC, true, Cmp.EQ),
    NUMERIC_LESS_THAN("NumericLessThan", Family.NUMERIC, false, Cmp.LT),
    NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Family.NUMERIC, false, Cmp.LE),
    NUMERIC_GREATER_THAN("NumericGreaterThan", Family.NUMERIC, false, Cmp.GT),
    NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Family.NUMERIC, false, Cmp.GE),
    DATE_EQUALS("DateEquals", Family.DATE, false, Cmp.EQ),
    DATE_NOT_EQUALS("DateNotEquals", Family.DATE, true, Cmp.EQ),
    DATE_LESS_THAN("DateLessThan", Family.DATE, false, Cmp.LT),
    DATE_LESS_THAN_EQUALS("DateLessThanEquals", Family.DATE, false, Cmp.LE),
    DATE_GREATER_THAN("DateGreaterThan", Family.DATE, false, Cmp.GT),
    DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Family.DATE, false, Cmp.GE),
    BOOL("Bool", Family.BOOL, false, Cmp.EQ),
    BINARY_EQUALS("BinaryEquals", Family.BINARY, false, Cmp.EQ),
    IP_ADDRESS("IpAddress", Family.IP, false, Cmp.EQ),
    NOT_IP_ADDRESS("NotIpAddress", Family.IP, true, Cmp.EQ),
    ARN_EQUALS("ArnEquals", Family.ARN, false, Cmp.EQ),
    ARN_LIKE("ArnLike", Family.ARN, false, Cmp.EQ),
    ARN_NOT_EQUALS("ArnNotEquals", Family.ARN, true, Cmp.EQ),
    ARN_NOT_LIKE("ArnNotLike", Family.ARN, true, Cmp.EQ),
    NULL("Null", Family.NULL, false, Cmp.EQ);

    enum Family {
        STRING,
        NUMERIC,
        DATE,
        BOOL,
        BINARY,
        IP,
        ARN,
        NULL
    }

    enum Cmp {
        EQ,
        LT,
        LE,
        GT,
        GE
    }

    private static final Map<String, ConditionOperator> BY_NAME = new HashMap<>();

    static {
        for (ConditionOperator op : values()) {
            BY_NAME.put(op.awsName.toLowerCase(Locale.ROOT), op);
        }
    }

    private final String awsName;
    final Family family;
    final boolean negated;
    final Cmp cmp;

    ConditionOperator(String awsName, Family family, boolean negated, Cmp cmp) {
        this.awsName = awsName;
        this.family = family;
        this.negated = negated;
        this.cmp = cmp;
    }

    /** The AWS spelling, e.g. {@code StringNotEquals}. */
    public String awsName() {
        return awsName;
    }

    /** Whether this is a negated matching operator (true when the key is absent, unless qualified). */
    public boolean negated() {
        return negated;
    }

    static ConditionOperator byName(String name) {
        return BY_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    boolean wildcards() {
        return this == STRING_LIKE || this == STRING_NOT_LIKE || family == Family.ARN;
    }

    boolean ignoreCase() {
        return this == STRING_EQUALS_IGNORE_CASE || this == STRING_NOT_EQUALS_IGNORE_CASE;
    }

    boolean test(int c) {
        switch (cmp) {
            case LT:
                return c < 0;
            case LE:
                return c <= 0;
            case GT:
                return c > 0;
            case GE:
                return c >= 0;
            default:
                return c == 0;
        }
    }
}
