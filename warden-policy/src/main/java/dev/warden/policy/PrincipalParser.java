package dev.warden.policy;

import static dev.warden.policy.ParseSupport.abbreviate;
import static dev.warden.policy.ParseSupport.err;
import static dev.warden.policy.ParseSupport.stringList;

import dev.warden.policy.JsonTree.Kind;
import dev.warden.policy.JsonTree.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Principal element of resource policies. */
final class PrincipalParser {
    /** Keys of a Principal object: Warden's own, and AWS's for imported policies. */
    private static final Set<String> PRINCIPAL_KEYS = Set.of("Warden", "AWS");

    private PrincipalParser() {}

    /**
     * {@code "*"} or {@code {"Warden"|"AWS": "*" | ARN | [...]}}. ARNs are matched exactly (no wildcards, no
     * variables), so a typo cannot widen a grant; {@code arn:aws:} is read as {@code arn:warden:}.
     */
    static List<String> principals(Node principal) {
        if (principal.kind == Kind.STRING) {
            if (!principal.text.equals("*")) {
                throw err(
                        PolicyValidationReason.INVALID_PRINCIPAL,
                        principal,
                        "Principal must be \"*\" or an object such as {\"Warden\": \"arn:warden:iam::<account>:user/<name>\"}");
            }
            return List.of("*");
        }
        if (principal.kind != Kind.OBJECT) {
            throw err(
                    PolicyValidationReason.WRONG_TYPE,
                    principal,
                    "Principal must be a string or an object, got " + principal.typeName());
        }
        if (principal.fields.isEmpty()) {
            throw err(PolicyValidationReason.EMPTY_VALUE, principal, "Principal is an empty object");
        }
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Node> e : principal.fields.entrySet()) {
            if (!PRINCIPAL_KEYS.contains(e.getKey())) {
                throw err(
                        PolicyValidationReason.INVALID_PRINCIPAL,
                        e.getValue(),
                        "unsupported principal type \"" + e.getKey() + "\" (expected Warden or AWS)");
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
                : ArnPatternParser.arnProblem(text, false);
        if (problem != null) {
            throw err(PolicyValidationReason.INVALID_PRINCIPAL, v, problem + ": \"" + abbreviate(text) + "\"");
        }
        return ArnPatternParser.normalizePartition(text);
    }
}
