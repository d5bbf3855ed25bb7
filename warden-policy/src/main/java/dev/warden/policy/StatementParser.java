package dev.warden.policy;

import static dev.warden.policy.ParseSupport.collectRequired;
import static dev.warden.policy.ParseSupport.err;
import static dev.warden.policy.ParseSupport.string;
import static dev.warden.policy.ParseSupport.stringList;

import dev.warden.policy.JsonTree.Kind;
import dev.warden.policy.JsonTree.Node;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One statement of a policy: its elements, Sid, Effect, Action / NotAction and Resource / NotResource; the
 * Principal and Condition elements are delegated to {@link PrincipalParser} and {@link ConditionParser}.
 */
final class StatementParser {
    private static final Set<String> STATEMENT_ELEMENTS =
            Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");

    private final String policyName;
    private final boolean variables;
    private final boolean resourcePolicy;
    private final StrictChecks strict;
    private final Set<String> sids = new LinkedHashSet<>();

    /**
     * @param variables      whether policy variables are expanded (Version 2012-10-17)
     * @param resourcePolicy whether every statement must name its Principal
     * @param strict         the catalogue and partition checks of strict parsing, or null
     */
    StatementParser(String policyName, boolean variables, boolean resourcePolicy, StrictChecks strict) {
        this.policyName = policyName;
        this.variables = variables;
        this.resourcePolicy = resourcePolicy;
        this.strict = strict;
    }

    /** Parses the statement at {@code index}; Sids are checked for uniqueness across the calls on this parser. */
    Statement statement(int index, Node s) {
        if (s.kind != Kind.OBJECT) {
            throw err(PolicyValidationReason.WRONG_TYPE, s, "a statement must be an object, got " + s.typeName());
        }
        checkElements(s);
        List<String> principals = null;
        if (resourcePolicy) {
            Node principal = s.fields.get("Principal");
            if (principal == null) {
                throw err(PolicyValidationReason.MISSING_ELEMENT, s, "Principal is required in a resource policy");
            }
            principals = PrincipalParser.principals(principal);
        }
        String sid = sid(s.fields.get("Sid"));
        Effect effect = effect(s);
        Node actNode = either(s, "Action", "NotAction");
        boolean notAction = s.fields.get("Action") == null;
        List<String> actions = new ArrayList<>();
        List<Pattern> actionPatterns = new ArrayList<>();
        actions(actNode, notAction, actions, actionPatterns);
        Node resNode = either(s, "Resource", "NotResource");
        boolean notResource = s.fields.get("Resource") == null;
        List<String> resources = new ArrayList<>();
        List<Pattern> resourcePatterns = new ArrayList<>();
        Set<String> required = new LinkedHashSet<>();
        resources(resNode, notResource ? "NotResource" : "Resource", resources, resourcePatterns, required);
        List<Condition> conditions = new ArrayList<>();
        Node cond = s.fields.get("Condition");
        if (cond != null) {
            ConditionParser.conditionBlock(cond, variables, conditions, required);
        }
        return new Statement(
                policyName,
                index,
                sid,
                effect,
                notAction,
                actions,
                actionPatterns.toArray(new Pattern[0]),
                notResource,
                resources,
                resourcePatterns.toArray(new Pattern[0]),
                conditions,
                required.toArray(new String[0]),
                principals);
    }

    private void checkElements(Node s) {
        for (Map.Entry<String, Node> e : s.fields.entrySet()) {
            String k = e.getKey();
            if (k.equals("NotPrincipal")) {
                throw err(PolicyValidationReason.UNSUPPORTED_ELEMENT, e.getValue(), "NotPrincipal is not supported");
            }
            if (k.equals("Principal")) {
                if (!resourcePolicy) {
                    throw err(
                            PolicyValidationReason.UNSUPPORTED_ELEMENT,
                            e.getValue(),
                            k + " is not allowed in identity / device policies");
                }
                continue;
            }
            if (!STATEMENT_ELEMENTS.contains(k)) {
                throw err(
                        PolicyValidationReason.UNKNOWN_ELEMENT,
                        e.getValue(),
                        "unknown statement element \"" + k + "\"");
            }
        }
    }

    private String sid(Node sidNode) {
        if (sidNode == null) {
            return null;
        }
        String sid = string(sidNode, "Sid");
        if (sid.isEmpty() || sid.length() > 128 || sid.chars().anyMatch(Character::isISOControl)) {
            throw err(PolicyValidationReason.INVALID_SID, sidNode, "Sid must be 1..128 printable characters");
        }
        if (!sids.add(sid)) {
            throw err(PolicyValidationReason.INVALID_SID, sidNode, "Sid \"" + sid + "\" is used twice in the policy");
        }
        return sid.intern();
    }

    private static Effect effect(Node s) {
        Node effNode = s.fields.get("Effect");
        if (effNode == null) {
            throw err(PolicyValidationReason.MISSING_ELEMENT, s, "Effect is required");
        }
        String eff = string(effNode, "Effect");
        if (eff.equals("Allow")) {
            return Effect.ALLOW;
        }
        if (eff.equals("Deny")) {
            return Effect.DENY;
        }
        throw err(
                PolicyValidationReason.INVALID_EFFECT,
                effNode,
                "Effect must be \"Allow\" or \"Deny\", got \"" + eff + "\"");
    }

    /** Exactly one of {@code positive} / {@code negative} (e.g. Action / NotAction): its node. */
    private static Node either(Node s, String positive, String negative) {
        Node pos = s.fields.get(positive);
        Node neg = s.fields.get(negative);
        if (pos != null && neg != null) {
            throw err(
                    PolicyValidationReason.CONFLICTING_ELEMENTS,
                    neg,
                    "a statement cannot have both " + positive + " and " + negative);
        }
        if (pos == null && neg == null) {
            throw err(PolicyValidationReason.MISSING_ELEMENT, s, positive + " or " + negative + " is required");
        }
        return pos != null ? pos : neg;
    }

    private void actions(Node actNode, boolean notAction, List<String> actions, List<Pattern> patterns) {
        for (Node a : stringList(actNode, notAction ? "NotAction" : "Action")) {
            String text = a.text;
            validateAction(a, text);
            actions.add(text);
            Pattern p;
            try {
                p = Pattern.compile(text, true, false, true);
            } catch (Pattern.TemplateException e) {
                throw err(PolicyValidationReason.INVALID_ACTION, a, e.getMessage());
            }
            patterns.add(p);
            if (strict != null) {
                strict.action(a, text, p, notAction);
            }
        }
    }

    private void resources(
            Node resNode, String what, List<String> resources, List<Pattern> patterns, Set<String> required) {
        for (Node r : stringList(resNode, what)) {
            if (strict != null) {
                strict.resource(r, r.text);
            }
            Pattern p = ArnPatternParser.resource(r, variables);
            resources.add(r.text);
            patterns.add(p);
            collectRequired(p, required);
        }
    }

    private void validateAction(Node a, String text) {
        if (text.equals("*")) {
            return;
        }
        int colon = text.indexOf(':');
        if (colon <= 0 || colon != text.lastIndexOf(':') || colon == text.length() - 1) {
            throw err(
                    PolicyValidationReason.INVALID_ACTION,
                    a,
                    "action must be \"*\" or \"service:Name\", got \"" + text + "\"");
        }
        String service = text.substring(0, colon);
        for (int i = 0; i < service.length(); i++) {
            char c = service.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') && c != '-') {
                throw err(
                        PolicyValidationReason.INVALID_ACTION, a, "invalid service prefix in action \"" + text + "\"");
            }
        }
        if (!PolicyParser.KNOWN_SERVICES.contains(service.toLowerCase(Locale.ROOT))) {
            throw err(
                    PolicyValidationReason.UNKNOWN_SERVICE,
                    a,
                    "unknown service \"" + service + "\" in action \""
                            + text + "\" (known: " + new TreeSet<>(PolicyParser.KNOWN_SERVICES) + ")"
                            + (strict == null ? "" : strict.serviceHint(service)));
        }
        for (int i = colon + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z')
                    && !(c >= 'A' && c <= 'Z')
                    && !(c >= '0' && c <= '9')
                    && c != '*'
                    && c != '?'
                    && c != '-'
                    && c != '_'
                    && c != '.') {
                throw err(
                        PolicyValidationReason.INVALID_ACTION,
                        a,
                        "invalid character '" + c + "' in action \"" + text + "\"");
            }
        }
    }
}
