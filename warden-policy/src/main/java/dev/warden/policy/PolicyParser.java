package dev.warden.policy;

import dev.warden.policy.JsonTree.Kind;
import dev.warden.policy.JsonTree.Node;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates and compiles policy JSON (AWS IAM / AWS IoT grammar). A document that does not validate is never
 * returned: every failure is a {@link PolicyValidationException} with a stable reason code and position.
 */
public final class PolicyParser {
    /** Maximum size of a policy document in UTF-8 bytes (1 MiB). */
    public static final int MAX_JSON_BYTES = 1 << 20;
    /** Maximum number of statements in one policy. */
    public static final int MAX_STATEMENTS = 10_000;
    /** Maximum JSON nesting depth (the grammar itself needs 5). */
    public static final int MAX_DEPTH = 32;
    /** Maximum length of a policy name. */
    public static final int MAX_NAME_LENGTH = 128;
    /** Services allowed as action prefixes. */
    public static final Set<String> KNOWN_SERVICES = Set.of("iot", "iam", "warden", "kms", "audit", "secrets", "sts");

    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_ELEMENTS =
            Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");
    /** Keys of a Principal object: Warden's own, and AWS's for imported policies. */
    private static final Set<String> PRINCIPAL_KEYS = Set.of("Warden", "AWS");

    private PolicyParser() {
    }

    /**
     * Parses, validates and compiles a policy.
     *
     * @throws PolicyValidationException for anything that is not a valid policy (never any other exception)
     */
    public static Policy parse(String name, String json) throws PolicyValidationException {
        return guarded(name, json, false);
    }

    /**
     * Parses a resource policy (e.g. a bucket policy): like {@link #parse}, except that every statement must name
     * its Principal: {@code "*"}, or {@code {"Warden": ...}} / {@code {"AWS": ...}} with {@code "*"}, one exact ARN
     * or a list of them. NotPrincipal is refused ({@link PolicyValidationReason#UNSUPPORTED_ELEMENT}).
     *
     * @throws PolicyValidationException for anything that is not a valid resource policy
     */
    public static Policy parseResourcePolicy(String name, String json) throws PolicyValidationException {
        return guarded(name, json, true);
    }

    private static Policy guarded(String name, String json, boolean resourcePolicy) {
        try {
            return doParse(name, json, resourcePolicy);
        } catch (PolicyValidationException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new PolicyValidationException(PolicyValidationReason.INTERNAL_ERROR, 0, 0, null,
                    "policy refused: " + e.getClass().getSimpleName());
        }
    }

    private static Policy doParse(String name, String json, boolean resourcePolicy) {
        validateName(name);
        if (json == null) {
            throw new PolicyValidationException(PolicyValidationReason.MALFORMED_JSON, 0, 0, null, "policy text is null");
        }
        long bytes = utf8Length(json);
        if (bytes > MAX_JSON_BYTES) {
            throw new PolicyValidationException(PolicyValidationReason.POLICY_TOO_LARGE, 0, 0, "",
                    "policy is " + bytes + " bytes, limit is " + MAX_JSON_BYTES);
        }
        Node root = JsonTree.parse(json);
        if (root.kind != Kind.OBJECT) {
            throw err(PolicyValidationReason.WRONG_TYPE, root, "policy must be a JSON object, got " + root.typeName());
        }
        for (Map.Entry<String, Node> e : root.fields.entrySet()) {
            if (!TOP_LEVEL.contains(e.getKey())) {
                throw err(PolicyValidationReason.UNKNOWN_ELEMENT, e.getValue(), "unknown element \"" + e.getKey()
                        + "\" (expected Version, Id, Statement)");
            }
        }
        Node versionNode = root.fields.get("Version");
        if (versionNode == null) {
            throw err(PolicyValidationReason.MISSING_ELEMENT, root, "Version is required (\"2012-10-17\")");
        }
        String version = string(versionNode, "Version");
        if (!Policy.VERSION_2012.equals(version) && !Policy.VERSION_2008.equals(version)) {
            throw err(PolicyValidationReason.UNSUPPORTED_VERSION, versionNode,
                    "Version must be \"2012-10-17\" or \"2008-10-17\", got \"" + version + "\"");
        }
        boolean variables = Policy.VERSION_2012.equals(version);
        String id = null;
        Node idNode = root.fields.get("Id");
        if (idNode != null) {
            id = string(idNode, "Id");
        }
        Node st = root.fields.get("Statement");
        if (st == null) {
            throw err(PolicyValidationReason.MISSING_ELEMENT, root, "Statement is required");
        }
        List<Node> stmtNodes;
        if (st.kind == Kind.OBJECT) {
            stmtNodes = List.of(st);
        } else if (st.kind == Kind.ARRAY) {
            stmtNodes = st.items;
            if (stmtNodes.isEmpty()) {
                throw err(PolicyValidationReason.EMPTY_VALUE, st, "Statement list is empty");
            }
            if (stmtNodes.size() > MAX_STATEMENTS) {
                throw err(PolicyValidationReason.TOO_MANY_STATEMENTS, stmtNodes.get(MAX_STATEMENTS),
                        "more than " + MAX_STATEMENTS + " statements (" + stmtNodes.size() + ")");
            }
        } else {
            throw err(PolicyValidationReason.WRONG_TYPE, st, "Statement must be an object or an array of objects");
        }
        List<Statement> statements = new ArrayList<>(stmtNodes.size());
        Set<String> sids = new HashSet<>();
        for (int i = 0; i < stmtNodes.size(); i++) {
            statements.add(statement(name, i, stmtNodes.get(i), variables, sids, resourcePolicy));
        }
        return new Policy(name, json, version, id, statements, resourcePolicy);
    }

    private static void validateName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new PolicyValidationException(PolicyValidationReason.INVALID_NAME, 0, 0, null,
                    "policy name must be 1.." + MAX_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new PolicyValidationException(PolicyValidationReason.INVALID_NAME, 0, 0, null,
                        "policy name contains a control character");
            }
        }
    }

    private static long utf8Length(String s) {
        if (s.length() > MAX_JSON_BYTES) {
            return s.length(); // at least this many bytes
        }
        return Utf8Length.of(s);
    }

    private static Statement statement(String policyName, int index, Node s, boolean variables, Set<String> sids,
                                       boolean resourcePolicy) {
        if (s.kind != Kind.OBJECT) {
            throw err(PolicyValidationReason.WRONG_TYPE, s, "a statement must be an object, got " + s.typeName());
        }
        for (Map.Entry<String, Node> e : s.fields.entrySet()) {
            String k = e.getKey();
            if (k.equals("NotPrincipal")) {
                throw err(PolicyValidationReason.UNSUPPORTED_ELEMENT, e.getValue(), "NotPrincipal is not supported");
            }
            if (k.equals("Principal")) {
                if (!resourcePolicy) {
                    throw err(PolicyValidationReason.UNSUPPORTED_ELEMENT, e.getValue(),
                            k + " is not allowed in identity / device policies");
                }
                continue;
            }
            if (!STATEMENT_ELEMENTS.contains(k)) {
                throw err(PolicyValidationReason.UNKNOWN_ELEMENT, e.getValue(), "unknown statement element \"" + k + "\"");
            }
        }
        List<String> principals = null;
        if (resourcePolicy) {
            Node principal = s.fields.get("Principal");
            if (principal == null) {
                throw err(PolicyValidationReason.MISSING_ELEMENT, s, "Principal is required in a resource policy");
            }
            principals = principals(principal);
        }
        String sid = null;
        Node sidNode = s.fields.get("Sid");
        if (sidNode != null) {
            sid = string(sidNode, "Sid");
            if (sid.isEmpty() || sid.length() > 128 || sid.chars().anyMatch(Character::isISOControl)) {
                throw err(PolicyValidationReason.INVALID_SID, sidNode, "Sid must be 1..128 printable characters");
            }
            if (!sids.add(sid)) {
                throw err(PolicyValidationReason.INVALID_SID, sidNode, "Sid \"" + sid + "\" is used twice in the policy");
            }
            sid = sid.intern();
        }
        Node effNode = s.fields.get("Effect");
        if (effNode == null) {
            throw err(PolicyValidationReason.MISSING_ELEMENT, s, "Effect is required");
        }
        String eff = string(effNode, "Effect");
        Effect effect;
        if (eff.equals("Allow")) {
            effect = Effect.ALLOW;
        } else if (eff.equals("Deny")) {
            effect = Effect.DENY;
        } else {
            throw err(PolicyValidationReason.INVALID_EFFECT, effNode, "Effect must be \"Allow\" or \"Deny\", got \"" + eff + "\"");
        }
        // Action / NotAction
        Node act = s.fields.get("Action");
        Node notAct = s.fields.get("NotAction");
        if (act != null && notAct != null) {
            throw err(PolicyValidationReason.CONFLICTING_ELEMENTS, notAct, "a statement cannot have both Action and NotAction");
        }
        if (act == null && notAct == null) {
            throw err(PolicyValidationReason.MISSING_ELEMENT, s, "Action or NotAction is required");
        }
        boolean notAction = act == null;
        Node actNode = notAction ? notAct : act;
        List<Node> actionNodes = stringList(actNode, notAction ? "NotAction" : "Action");
        List<String> actions = new ArrayList<>();
        List<Pattern> actionPatterns = new ArrayList<>();
        for (Node a : actionNodes) {
            String text = a.text;
            validateAction(a, text);
            actions.add(text);
            try {
                actionPatterns.add(Pattern.compile(text, true, false, true));
            } catch (Pattern.TemplateException e) {
                throw err(PolicyValidationReason.INVALID_ACTION, a, e.getMessage());
            }
        }
        // Resource / NotResource
        Node res = s.fields.get("Resource");
        Node notRes = s.fields.get("NotResource");
        if (res != null && notRes != null) {
            throw err(PolicyValidationReason.CONFLICTING_ELEMENTS, notRes, "a statement cannot have both Resource and NotResource");
        }
        if (res == null && notRes == null) {
            throw err(PolicyValidationReason.MISSING_ELEMENT, s, "Resource or NotResource is required");
        }
        boolean notResource = res == null;
        Node resNode = notResource ? notRes : res;
        List<Node> resourceNodes = stringList(resNode, notResource ? "NotResource" : "Resource");
        List<String> resources = new ArrayList<>();
        List<Pattern> resourcePatterns = new ArrayList<>();
        Set<String> required = new LinkedHashSet<>();
        for (Node r : resourceNodes) {
            Pattern p = resource(r, variables);
            resources.add(r.text);
            resourcePatterns.add(p);
            collectRequired(p, required);
        }
        // Condition
        List<Condition> conditions = new ArrayList<>();
        Node cond = s.fields.get("Condition");
        if (cond != null) {
            conditionBlock(cond, variables, conditions, required);
        }
        return new Statement(policyName, index, sid, effect, notAction, actions, actionPatterns.toArray(new Pattern[0]),
                notResource, resources, resourcePatterns.toArray(new Pattern[0]), conditions, required.toArray(new String[0]),
                principals);
    }

    /**
     * {@code "*"} or {@code {"Warden"|"AWS": "*" | ARN | [...]}}. ARNs are matched exactly (no wildcards, no
     * variables), so a typo cannot widen a grant; {@code arn:aws:} is read as {@code arn:warden:}.
     */
    private static List<String> principals(Node principal) {
        if (principal.kind == Kind.STRING) {
            if (!principal.text.equals("*")) {
                throw err(PolicyValidationReason.INVALID_PRINCIPAL, principal,
                        "Principal must be \"*\" or an object such as {\"Warden\": \"arn:warden:iam::<account>:user/<name>\"}");
            }
            return List.of("*");
        }
        if (principal.kind != Kind.OBJECT) {
            throw err(PolicyValidationReason.WRONG_TYPE, principal, "Principal must be a string or an object, got "
                    + principal.typeName());
        }
        if (principal.fields.isEmpty()) {
            throw err(PolicyValidationReason.EMPTY_VALUE, principal, "Principal is an empty object");
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Node> e : principal.fields.entrySet()) {
            if (!PRINCIPAL_KEYS.contains(e.getKey())) {
                throw err(PolicyValidationReason.INVALID_PRINCIPAL, e.getValue(), "unsupported principal type \""
                        + e.getKey() + "\" (expected Warden or AWS)");
            }
            for (Node v : stringList(e.getValue(), "Principal." + e.getKey())) {
                out.add(principalValue(v));
            }
        }
        return out;
    }

    private static String principalValue(Node v) {
        String text = v.text;
        if (text.equals("*")) {
            return "*";
        }
        String problem = text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.contains("${")
                ? "a principal ARN takes no wildcards or variables (use \"*\" alone for everyone)"
                : arnProblem(text, false);
        if (problem != null) {
            throw err(PolicyValidationReason.INVALID_PRINCIPAL, v, problem + ": \"" + abbreviate(text) + "\"");
        }
        return normalizePartition(text);
    }

    private static void collectRequired(Pattern p, Set<String> required) {
        for (int i = 0; i < p.types.length; i++) {
            if (p.types[i] == Pattern.VAR && p.defaults[i] == null) {
                required.add(p.texts[i]);
            }
        }
    }

    private static void validateAction(Node a, String text) {
        if (text.equals("*")) {
            return;
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon != text.lastIndexOf(':') || colon == text.length() - 1) {
            throw err(PolicyValidationReason.INVALID_ACTION, a, "action must be \"*\" or \"service:Name\", got \"" + text + "\"");
        }
        String service = text.substring(0, colon);
        for (int i = 0; i < service.length(); i++) {
            char c = service.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '-') {
                throw err(PolicyValidationReason.INVALID_ACTION, a, "invalid service prefix in action \"" + text + "\"");
            }
        }
        if (!KNOWN_SERVICES.contains(service.toLowerCase(Locale.ROOT))) {
            throw err(PolicyValidationReason.UNKNOWN_SERVICE, a, "unknown service \"" + service + "\" in action \""
                    + text + "\" (known: " + new java.util.TreeSet<>(KNOWN_SERVICES) + ")");
        }
        for (int i = colon + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')
                    && c != '*' && c != '?' && c != '-' && c != '_' && c != '.') {
                throw err(PolicyValidationReason.INVALID_ACTION, a, "invalid character '" + c + "' in action \"" + text + "\"");
            }
        }
    }

    /** Maps the {@code aws} partition of imported policies to {@code warden}. */
    private static String normalizePartition(String s) {
        return s.startsWith("arn:aws:") ? "arn:warden:" + s.substring(8) : s;
    }

    private static Pattern resource(Node r, boolean variables) {
        String text = r.text;
        if (text.equals("*")) {
            return compile(r, "*", true, false, false, PolicyValidationReason.INVALID_RESOURCE);
        }
        String reason = arnProblem(text, variables);
        if (reason != null) {
            throw err(PolicyValidationReason.INVALID_RESOURCE, r, reason + ": \"" + abbreviate(text) + "\"");
        }
        return compile(r, normalizePartition(text), true, variables, false, PolicyValidationReason.INVALID_RESOURCE);
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    /**
     * Checks the ARN skeleton (variables replaced by a placeholder so that their colons do not count). Returns a
     * problem description or null.
     */
    private static String arnProblem(String text, boolean variables) {
        StringBuilder sk = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return "control character in resource";
            }
            if (variables && c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close < 0) {
                    return "unterminated policy variable";
                }
                sk.append('\u0001');
                i = close;
            } else {
                sk.append(c);
            }
        }
        String s = sk.toString();
        int[] cut = Arn.segmentBounds(s);
        if (cut == null || !s.startsWith("arn:") || cut[0] != 3) {
            return "resource must be \"*\" or arn:<partition>:<service>:<region>:<account>:<resource>";
        }
        String partition = s.substring(cut[0] + 1, cut[1]);
        if (!partition.equals("warden") && !partition.equals("aws")) {
            return "ARN partition must be \"warden\" (or \"aws\" for imported policies), got \"" + partition + "\"";
        }
        String service = s.substring(cut[1] + 1, cut[2]);
        if (service.isEmpty() || !chars(service, "abcdefghijklmnopqrstuvwxyz0123456789-*?\u0001")) {
            return "invalid ARN service \"" + service + "\"";
        }
        String region = s.substring(cut[2] + 1, cut[3]);
        if (!chars(region, "abcdefghijklmnopqrstuvwxyz0123456789-*?\u0001")) {
            return "invalid ARN region \"" + region + "\"";
        }
        String account = s.substring(cut[3] + 1, cut[4]);
        if (!chars(account, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_*?\u0001")) {
            return "invalid ARN account \"" + account + "\"";
        }
        if (cut[4] == s.length() - 1) {
            return "empty ARN resource part";
        }
        return null;
    }

    private static boolean chars(String s, String allowed) {
        for (int i = 0; i < s.length(); i++) {
            if (allowed.indexOf(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static Pattern compile(Node n, String text, boolean wildcards, boolean variables, boolean ignoreCase,
                                   PolicyValidationReason fallback) {
        try {
            return Pattern.compile(text, wildcards, variables, ignoreCase);
        } catch (Pattern.TemplateException e) {
            throw err(PolicyValidationReason.INVALID_VARIABLE, n, e.getMessage());
        }
    }

    private static void conditionBlock(Node cond, boolean variables, List<Condition> out, Set<String> required) {
        if (cond.kind != Kind.OBJECT) {
            throw err(PolicyValidationReason.WRONG_TYPE, cond, "Condition must be an object");
        }
        if (cond.fields.isEmpty()) {
            throw err(PolicyValidationReason.EMPTY_VALUE, cond, "Condition is empty");
        }
        for (Map.Entry<String, Node> opEntry : cond.fields.entrySet()) {
            String opName = opEntry.getKey();
            Node body = opEntry.getValue();
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
                throw err(PolicyValidationReason.UNKNOWN_OPERATOR, body,
                        "Null cannot be combined with IfExists or a set qualifier: \"" + opName + "\"");
            }
            if (body.kind != Kind.OBJECT) {
                throw err(PolicyValidationReason.WRONG_TYPE, body, "operator \"" + opName + "\" must map to an object of keys");
            }
            if (body.fields.isEmpty()) {
                throw err(PolicyValidationReason.EMPTY_VALUE, body, "operator \"" + opName + "\" has no keys");
            }
            for (Map.Entry<String, Node> keyEntry : body.fields.entrySet()) {
                String key = keyEntry.getKey();
                Node valNode = keyEntry.getValue();
                if (key.isBlank() || key.length() > 256 || key.chars().anyMatch(Character::isISOControl)
                        || key.indexOf('$') >= 0 || key.indexOf('{') >= 0) {
                    throw err(PolicyValidationReason.INVALID_CONDITION_KEY, valNode, "invalid condition key \"" + key + "\"");
                }
                out.add(condition(opName, op, q, ifExists, key, valNode, variables, required));
            }
        }
    }

    private static Condition condition(String opName, ConditionOperator op, Condition.Qualifier q, boolean ifExists,
                                       String key, Node valNode, boolean variables, Set<String> required) {
        List<Node> vals;
        if (valNode.isScalar()) {
            vals = List.of(valNode);
        } else if (valNode.kind == Kind.ARRAY) {
            vals = valNode.items;
            if (vals.isEmpty()) {
                throw err(PolicyValidationReason.EMPTY_VALUE, valNode, "no values for condition key \"" + key + "\"");
            }
            for (Node v : vals) {
                if (!v.isScalar()) {
                    throw err(PolicyValidationReason.WRONG_TYPE, v, "condition values must be strings, numbers or booleans");
                }
            }
        } else {
            throw err(PolicyValidationReason.WRONG_TYPE, valNode, "condition value must be a string, number, boolean or an array of them");
        }
        int n = vals.size();
        List<String> raw = new ArrayList<>(n);
        Pattern[] patterns = null;
        BigDecimal[] numbers = null;
        Instant[] dates = null;
        boolean[] bools = null;
        byte[][] binaries = null;
        IpCidr[] cidrs = null;
        Pattern[][] arns = null;
        switch (op.family) {
            case STRING:
                patterns = new Pattern[n];
                break;
            case NUMERIC:
                numbers = new BigDecimal[n];
                break;
            case DATE:
                dates = new Instant[n];
                break;
            case BOOL:
            case NULL:
                bools = new boolean[n];
                break;
            case BINARY:
                binaries = new byte[n][];
                break;
            case IP:
                cidrs = new IpCidr[n];
                break;
            case ARN:
                arns = new Pattern[n][];
                break;
            default:
                throw new IllegalStateException();
        }
        for (int i = 0; i < n; i++) {
            Node v = vals.get(i);
            String text = v.text;
            raw.add(text);
            switch (op.family) {
                case STRING:
                    patterns[i] = compile(v, text, op.wildcards(), variables, op.ignoreCase(), PolicyValidationReason.INVALID_CONDITION_VALUE);
                    collectRequired(patterns[i], required);
                    break;
                case NUMERIC:
                    numbers[i] = Values.number(text);
                    if (numbers[i] == null) {
                        throw badValue(v, op, text, "a decimal number");
                    }
                    break;
                case DATE:
                    dates[i] = Values.date(text);
                    if (dates[i] == null) {
                        throw badValue(v, op, text, "an ISO 8601 date-time or epoch seconds");
                    }
                    break;
                case BOOL:
                case NULL: {
                    int b = Values.bool(text);
                    if (b < 0) {
                        throw badValue(v, op, text, "true or false");
                    }
                    bools[i] = b == 1;
                    break;
                }
                case BINARY:
                    binaries[i] = Values.base64(text);
                    if (binaries[i] == null) {
                        throw badValue(v, op, text, "base64");
                    }
                    break;
                case IP:
                    cidrs[i] = IpCidr.parse(text, true);
                    if (cidrs[i] == null) {
                        throw badValue(v, op, text, "an IPv4 or IPv6 address or CIDR block");
                    }
                    break;
                case ARN:
                    arns[i] = arnValue(v, text, variables, op);
                    if (arns[i] != null) {
                        for (Pattern p : arns[i]) {
                            collectRequired(p, required);
                        }
                    }
                    break;
                default:
                    throw new IllegalStateException();
            }
        }
        return new Condition(opName, op, q, ifExists, key, raw, patterns, numbers, dates, bools, binaries, cidrs, arns);
    }

    private static Pattern[] arnValue(Node v, String text, boolean variables, ConditionOperator op) {
        if (text.equals("*")) {
            return null;
        }
        String problem = arnProblem(text, variables);
        if (problem != null) {
            throw badValue(v, op, text, "an ARN (" + problem + ")");
        }
        String s = normalizePartition(text);
        // split on the first five colons that are not inside a ${...} variable
        Pattern[] segs = new Pattern[6];
        int seg = 0;
        int start = 0;
        for (int i = 0; i < s.length() && seg < 5; i++) {
            char c = s.charAt(i);
            if (variables && c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                i = s.indexOf('}', i + 2);
            } else if (c == ':') {
                segs[seg++] = compile(v, s.substring(start, i), true, variables, false, PolicyValidationReason.INVALID_CONDITION_VALUE);
                start = i + 1;
            }
        }
        segs[5] = compile(v, s.substring(start), true, variables, false, PolicyValidationReason.INVALID_CONDITION_VALUE);
        return segs;
    }

    private static PolicyValidationException badValue(Node v, ConditionOperator op, String text, String expected) {
        return err(PolicyValidationReason.INVALID_CONDITION_VALUE, v,
                op.awsName() + " expects " + expected + ", got \"" + abbreviate(text) + "\"");
    }

    private static String string(Node n, String what) {
        if (n.kind != Kind.STRING) {
            throw err(PolicyValidationReason.WRONG_TYPE, n, what + " must be a string, got " + n.typeName());
        }
        return n.text;
    }

    private static List<Node> stringList(Node n, String what) {
        if (n.kind == Kind.STRING) {
            if (n.text.isEmpty()) {
                throw err(PolicyValidationReason.EMPTY_VALUE, n, what + " is empty");
            }
            return List.of(n);
        }
        if (n.kind != Kind.ARRAY) {
            throw err(PolicyValidationReason.WRONG_TYPE, n, what + " must be a string or an array of strings, got " + n.typeName());
        }
        if (n.items.isEmpty()) {
            throw err(PolicyValidationReason.EMPTY_VALUE, n, what + " is an empty array");
        }
        for (Node i : n.items) {
            if (i.kind != Kind.STRING) {
                throw err(PolicyValidationReason.WRONG_TYPE, i, what + " entries must be strings, got " + i.typeName());
            }
            if (i.text.isEmpty()) {
                throw err(PolicyValidationReason.EMPTY_VALUE, i, what + " entry is empty");
            }
        }
        return n.items;
    }

    private static PolicyValidationException err(PolicyValidationReason reason, Node n, String detail) {
        return new PolicyValidationException(reason, n.line, n.column, n.pointer, detail);
    }
}
