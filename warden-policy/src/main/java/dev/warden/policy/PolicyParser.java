package dev.warden.policy;

import static dev.warden.policy.ParseSupport.err;
import static dev.warden.policy.ParseSupport.string;

import dev.warden.policy.JsonTree.Kind;
import dev.warden.policy.JsonTree.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates and compiles policy JSON (AWS IAM / AWS IoT grammar). A document that does not validate is never
 * returned: every failure is a {@link PolicyValidationException} with a stable reason code and position.
 *
 * <p>This class is the public facade: it checks the document (name, size, top-level elements, Version, the Statement
 * list) and hands each statement to {@link StatementParser}, which uses {@link PrincipalParser},
 * {@link ConditionParser} and {@link ArnPatternParser}.
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
    /** Services allowed as action prefixes: the services of the {@link ActionCatalogue}. */
    public static final Set<String> KNOWN_SERVICES = Set.of(
            "iot",
            "iam",
            "warden",
            "kms",
            "audit",
            "secrets",
            "sts",
            "data",
            "monitor",
            "compliance",
            "incident",
            "region",
            "firmware");

    private static final Set<String> TOP_LEVEL = Set.of("Version", "Id", "Statement");

    private PolicyParser() {}

    /**
     * Parses, validates and compiles a policy.
     *
     * @throws PolicyValidationException for anything that is not a valid policy (never any other exception)
     */
    public static Policy parse(String name, String json) throws PolicyValidationException {
        return guarded(name, json, false, null);
    }

    /**
     * Parses a resource policy (e.g. a bucket policy): like {@link #parse}, except that every statement must name
     * its Principal: {@code "*"}, or {@code {"Warden": ...}} / {@code {"AWS": ...}} with {@code "*"}, one exact ARN
     * or a list of them. NotPrincipal is refused ({@link PolicyValidationReason#UNSUPPORTED_ELEMENT}).
     *
     * @throws PolicyValidationException for anything that is not a valid resource policy
     */
    public static Policy parseResourcePolicy(String name, String json) throws PolicyValidationException {
        return guarded(name, json, true, null);
    }

    /** A policy accepted by strict parsing, and what is probably wrong with it although it is valid. */
    public record Result(Policy policy, List<PolicyWarning> warnings) {
        public Result {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Parses like {@link #parse}, and also refuses what the grammar allows but Warden cannot mean: an Action or
     * NotAction naming an action that is not in the {@link ActionCatalogue} ({@link PolicyValidationReason#INVALID_ACTION},
     * with a did-you-mean) and a Resource / NotResource ARN outside the {@code warden} partition, such as
     * {@code arn:aws:...} ({@link PolicyValidationReason#INVALID_RESOURCE}). A wildcard action that matches no
     * catalogue action is a {@link PolicyWarning}. For documents being stored or checked for a user (create, update,
     * validate, analyze); documents already stored are read with {@link #parse}, which accepts them as before.
     *
     * @throws PolicyValidationException for anything that {@link #parse} refuses, and the above
     */
    public static Result parseStrict(String name, String json) throws PolicyValidationException {
        StrictChecks strict = new StrictChecks(ActionCatalogue.builtIn());
        return new Result(guarded(name, json, false, strict), strict.warnings());
    }

    /** {@link #parseResourcePolicy} with the checks of {@link #parseStrict}. */
    public static Result parseResourcePolicyStrict(String name, String json) throws PolicyValidationException {
        StrictChecks strict = new StrictChecks(ActionCatalogue.builtIn());
        return new Result(guarded(name, json, true, strict), strict.warnings());
    }

    private static Policy guarded(String name, String json, boolean resourcePolicy, StrictChecks strict) {
        try {
            return doParse(name, json, resourcePolicy, strict);
        } catch (PolicyValidationException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new PolicyValidationException(
                    PolicyValidationReason.INTERNAL_ERROR,
                    0,
                    0,
                    null,
                    "policy refused: " + e.getClass().getSimpleName());
        }
    }

    private static Policy doParse(String name, String json, boolean resourcePolicy, StrictChecks strict) {
        validateName(name);
        if (json == null) {
            throw new PolicyValidationException(
                    PolicyValidationReason.MALFORMED_JSON, 0, 0, null, "policy text is null");
        }
        long bytes = utf8Length(json);
        if (bytes > MAX_JSON_BYTES) {
            throw new PolicyValidationException(
                    PolicyValidationReason.POLICY_TOO_LARGE,
                    0,
                    0,
                    "",
                    "policy is " + bytes + " bytes, limit is " + MAX_JSON_BYTES);
        }
        Node root = JsonTree.parse(json);
        if (root.kind != Kind.OBJECT) {
            throw err(PolicyValidationReason.WRONG_TYPE, root, "policy must be a JSON object, got " + root.typeName());
        }
        for (Map.Entry<String, Node> e : root.fields.entrySet()) {
            if (!TOP_LEVEL.contains(e.getKey())) {
                throw err(
                        PolicyValidationReason.UNKNOWN_ELEMENT,
                        e.getValue(),
                        "unknown element \"" + e.getKey() + "\" (expected Version, Id, Statement)");
            }
        }
        Node versionNode = root.fields.get("Version");
        if (versionNode == null) {
            throw err(PolicyValidationReason.MISSING_ELEMENT, root, "Version is required (\"2012-10-17\")");
        }
        String version = string(versionNode, "Version");
        if (!Policy.VERSION_2012.equals(version) && !Policy.VERSION_2008.equals(version)) {
            throw err(
                    PolicyValidationReason.UNSUPPORTED_VERSION,
                    versionNode,
                    "Version must be \"2012-10-17\" or \"2008-10-17\", got \"" + version + "\"");
        }
        boolean variables = Policy.VERSION_2012.equals(version);
        String id = null;
        Node idNode = root.fields.get("Id");
        if (idNode != null) {
            id = string(idNode, "Id");
        }
        List<Node> stmtNodes = statementNodes(root);
        List<Statement> statements = new ArrayList<>(stmtNodes.size());
        StatementParser parser = new StatementParser(name, variables, resourcePolicy, strict);
        for (int i = 0; i < stmtNodes.size(); i++) {
            statements.add(parser.statement(i, stmtNodes.get(i)));
        }
        return new Policy(name, json, version, id, statements, resourcePolicy);
    }

    /** The Statement element: one object or a non-empty list of at most {@link #MAX_STATEMENTS}. */
    private static List<Node> statementNodes(Node root) {
        Node st = root.fields.get("Statement");
        if (st == null) {
            throw err(PolicyValidationReason.MISSING_ELEMENT, root, "Statement is required");
        }
        if (st.kind == Kind.OBJECT) {
            return List.of(st);
        }
        if (st.kind == Kind.ARRAY) {
            List<Node> stmtNodes = st.items;
            if (stmtNodes.isEmpty()) {
                throw err(PolicyValidationReason.EMPTY_VALUE, st, "Statement list is empty");
            }
            if (stmtNodes.size() > MAX_STATEMENTS) {
                throw err(
                        PolicyValidationReason.TOO_MANY_STATEMENTS,
                        stmtNodes.get(MAX_STATEMENTS),
                        "more than " + MAX_STATEMENTS + " statements (" + stmtNodes.size() + ")");
            }
            return stmtNodes;
        }
        throw err(PolicyValidationReason.WRONG_TYPE, st, "Statement must be an object or an array of objects");
    }

    private static void validateName(String name) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new PolicyValidationException(
                    PolicyValidationReason.INVALID_NAME,
                    0,
                    0,
                    null,
                    "policy name must be 1.." + MAX_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                throw new PolicyValidationException(
                        PolicyValidationReason.INVALID_NAME, 0, 0, null, "policy name contains a control character");
            }
        }
    }

    private static long utf8Length(String s) {
        if (s.length() > MAX_JSON_BYTES) {
            return s.length(); // at least this many bytes
        }
        return Utf8Length.of(s);
    }
}
