package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.PolicyView;
import dev.warden.policy.Effect;
import dev.warden.policy.Policy;
import dev.warden.policy.RequestContext;
import dev.warden.policy.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IOT_POLICY_POTENTIAL_MISCONFIGURATION: a device policy probably does not mean what it says. MQTT wildcards
 * ({@code +}, {@code #}) in a topic resource are literal characters in a policy, so an Allow on
 * {@code topic/sensors/+/temp} allows only a topic actually named with a plus, and a Deny with them denies almost
 * nothing; a Deny whose variable has no default does not apply when the key is missing (the client ID and thing name
 * are never missing from a device's request, so those do not count); a {@code 2008-10-17} policy
 * does not substitute variables at all; a stored document that no longer parses decides nothing.
 */
final class IotPolicyPotentialMisconfiguration implements Check {
    /** A variable without a default: {@code ${key}}, not {@code ${key, 'default'}}. */
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^},]+)\\}");
    /** {@code ${$}}, {@code ${*}}, {@code ${?}}: the policy language's escapes for literal characters. */
    private static final Set<String> LITERALS = Set.of("$", "*", "?");
    /** What the gateway puts in every device request's context (ConnectAuthorization). */
    private static final Set<String> ALWAYS_SET = Set.of(
            RequestContext.CLIENT_ID.toLowerCase(Locale.ROOT), RequestContext.THING_NAME.toLowerCase(Locale.ROOT));

    @Override
    public CheckId id() {
        return CheckId.IOT_POLICY_POTENTIAL_MISCONFIGURATION;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<Finding> out = new ArrayList<>();
        for (PolicyView p : inventory.policies()) {
            if (!PolicyKinds.device(p) && !(p.policy().isEmpty() && p.attachedToDevices())) {
                continue;
            }
            PolicyIssues issues = issues(p);
            if (!issues.isEmpty()) {
                out.add(Findings.of(
                        id(),
                        context.policyArn(p.name()),
                        issues.reason(),
                        "Device policy " + p.name() + " (" + PolicyKinds.attachment(p) + "): " + issues.detail(),
                        "Use * (not + or #) for a subtree in topic resources, give variables in a Deny a default"
                                + " (${iot:ClientId, 'none'}), use Version 2012-10-17, and check the result with"
                                + " warden policy simulate before updating the policy."));
            }
        }
        return out;
    }

    /**
     * Whether every variable without a default in the statement is one the gateway sets on every device request
     * (its client ID and thing name): such a Deny always applies, so the analyzer's warning does not hold for it.
     */
    private static boolean onlyAlwaysSet(Statement s) {
        List<String> texts = new ArrayList<>(s.resources());
        s.conditions().forEach(c -> texts.addAll(c.values()));
        for (String text : texts) {
            Matcher m = VARIABLE.matcher(text);
            while (m.find()) {
                String name = m.group(1).trim().toLowerCase(Locale.ROOT);
                if (!LITERALS.contains(name) && !ALWAYS_SET.contains(name)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static PolicyIssues issues(PolicyView p) {
        PolicyIssues issues = new PolicyIssues();
        if (p.policy().isEmpty()) {
            issues.add("UNPARSEABLE_POLICY", "the stored document no longer parses: it allows nothing");
            return issues;
        }
        Policy policy = p.policy().get();
        for (dev.warden.policy.Finding f : p.analysis()) {
            Statement s = policy.statements().get(f.statementIndex());
            switch (f.code()) {
                case MQTT_WILDCARD_IN_DENY -> issues.add("MQTT_WILDCARD_IN_DENY", s, f.message());
                case DENY_VARIABLE_WITHOUT_DEFAULT -> {
                    if (!onlyAlwaysSet(s)) {
                        issues.add("VARIABLE_WITHOUT_DEFAULT", s, f.message());
                    }
                }
                default -> {
                    // over-permissive findings belong to IOT_POLICY_OVERLY_PERMISSIVE
                }
            }
        }
        for (Statement s : policy.statements()) {
            if (s.effect() != Effect.ALLOW) {
                continue;
            }
            for (String r : s.resources()) {
                int cut = r.indexOf(":topic/");
                if (cut >= 0 && (r.indexOf('+', cut) >= 0 || r.indexOf('#', cut) >= 0)) {
                    issues.add(
                            "MQTT_WILDCARD_IN_TOPIC",
                            s,
                            "MQTT wildcards in topic resource \"" + r + "\" match only topics containing them"
                                    + " literally; use * for any characters");
                }
            }
        }
        if (Policy.VERSION_2008.equals(policy.version()) && policy.json().contains("${")) {
            issues.add(
                    "VARIABLES_NOT_SUBSTITUTED",
                    "Version 2008-10-17 does not substitute policy variables: ${...} is matched literally");
        }
        return issues;
    }
}
