package dev.warden.policy;

import java.util.List;

/** One compiled, immutable statement of a {@link Policy}. */
public final class Statement {
    private final String policyName;
    private final int index;
    private final String sid;
    private final Effect effect;
    private final boolean notAction;
    private final List<String> actions;
    private final boolean notResource;
    private final List<String> resources;
    private final List<Condition> conditions;
    /** Principal ARNs of a resource-policy statement; null in identity policies (the principal is implied). */
    private final List<String> principals;
    private final boolean anyPrincipal;

    // compiled
    private final Pattern[] actionPatterns;
    private final Pattern[] resourcePatterns;
    private final Condition[] conditionArray;
    private final String[] requiredVariables;
    private final boolean deny;
    final MatchedStatement matched;
    final String explanation;

    Statement(String policyName, int index, String sid, Effect effect, boolean notAction, List<String> actions,
              Pattern[] actionPatterns, boolean notResource, List<String> resources, Pattern[] resourcePatterns,
              List<Condition> conditions, String[] requiredVariables, List<String> principals) {
        this.policyName = policyName;
        this.principals = principals == null ? null : List.copyOf(principals);
        this.anyPrincipal = principals != null && principals.contains("*");
        this.index = index;
        this.sid = sid;
        this.effect = effect;
        this.notAction = notAction;
        this.actions = List.copyOf(actions);
        this.actionPatterns = actionPatterns;
        this.notResource = notResource;
        this.resources = List.copyOf(resources);
        this.resourcePatterns = resourcePatterns;
        this.conditions = List.copyOf(conditions);
        this.conditionArray = conditions.toArray(new Condition[0]);
        this.requiredVariables = requiredVariables;
        this.deny = effect == Effect.DENY;
        this.matched = new MatchedStatement(policyName, sid, index, effect);
        this.explanation = (deny ? "Denied explicitly by " : "Allowed by ") + matched.describe();
    }

    public String policyName() {
        return policyName;
    }

    /** 0-based position in the policy's statement list. */
    public int index() {
        return index;
    }

    /** Sid, or null. */
    public String sid() {
        return sid;
    }

    public Effect effect() {
        return effect;
    }

    /** True when the statement uses NotAction (then {@link #actions()} lists the NotAction values). */
    public boolean notAction() {
        return notAction;
    }

    public List<String> actions() {
        return actions;
    }

    /** True when the statement uses NotResource (then {@link #resources()} lists the NotResource values). */
    public boolean notResource() {
        return notResource;
    }

    public List<String> resources() {
        return resources;
    }

    public List<Condition> conditions() {
        return conditions;
    }

    /** The Principal values of a resource-policy statement ({@code *} or exact ARNs); null in identity policies. */
    public List<String> principals() {
        return principals;
    }

    /** True when a resource-policy statement names every principal ({@code *}). */
    public boolean anyPrincipal() {
        return anyPrincipal;
    }

    /**
     * Whether the statement's Principal names {@code principalArn}: {@code *} or the exact ARN (principal ARNs take no
     * wildcards, as in AWS). Identity-policy statements apply to their own principal, so always true; a null principal
     * matches no resource-policy statement.
     */
    boolean appliesToPrincipal(String principalArn) {
        if (principals == null) {
            return true;
        }
        if (principalArn == null) {
            return false;
        }
        return anyPrincipal || principals.contains(principalArn);
    }

    Pattern[] resourcePatterns() {
        return resourcePatterns;
    }

    /** Normalised keys of variables without default referenced by this statement. */
    List<String> requiredVariables() {
        return List.of(requiredVariables);
    }

    /** Whether this statement applies to the request (action, resource, variables, conditions). */
    boolean matches(String action, String resource, RequestContext ctx) {
        return appliesToAction(action) && matchesGivenAction(resource, ctx);
    }

    /** Whether the statement's Action / NotAction covers this action (no context: actions never hold variables). */
    boolean appliesToAction(String action) {
        boolean any = false;
        for (Pattern p : actionPatterns) {
            if (p.matches(action, null)) {
                any = true;
                break;
            }
        }
        return any != notAction;
    }

    /** The rest of {@link #matches} for a statement already known to apply to the request's action. */
    boolean matchesGivenAction(String resource, RequestContext ctx) {
        boolean any = false;
        for (Pattern p : resourcePatterns) {
            if (p.matches(resource, ctx)) {
                any = true;
                break;
            }
        }
        if (any == notResource) {
            return false;
        }
        for (String v : requiredVariables) {
            if (ctx.single(v) == null) {
                return false; // unresolvable policy variable anywhere in the statement: it does not match
            }
        }
        for (Condition c : conditionArray) {
            if (!c.evaluate(ctx, deny)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return matched.describe() + " " + effect.jsonName() + (principals == null ? "" : " Principal" + principals)
                + (notAction ? " NotAction" : " Action") + actions
                + (notResource ? " NotResource" : " Resource") + resources + (conditions.isEmpty() ? "" : " " + conditions);
    }
}
