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
    /** The required variables a successful Resource match has not already resolved (all of them for NotResource). */
    private final String[] requiredAfterResources;

    private final boolean deny;
    final MatchedStatement matched;
    final String explanation;
    /** The decision when this statement is the only one that matched and it decides (shared, immutable). */
    final Decision alone;

    Statement(
            String policyName,
            int index,
            String sid,
            Effect effect,
            boolean notAction,
            List<String> actions,
            Pattern[] actionPatterns,
            boolean notResource,
            List<String> resources,
            Pattern[] resourcePatterns,
            List<Condition> conditions,
            String[] requiredVariables,
            List<String> principals) {
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
        this.requiredAfterResources =
                notResource ? requiredVariables : unresolvedByEveryPattern(requiredVariables, resourcePatterns);
        this.deny = effect == Effect.DENY;
        this.matched = new MatchedStatement(policyName, sid, index, effect);
        this.explanation = (deny ? "Denied explicitly by " : "Allowed by ") + matched.describe();
        this.alone = new Decision(
                effect,
                deny ? DecisionBasis.EXPLICIT_DENY : DecisionBasis.EXPLICIT_ALLOW,
                List.of(matched),
                matched,
                explanation);
    }

    /**
     * Of the required variables, those that some resource pattern does not contain: a variable every pattern
     * contains (without default) was resolved by whichever pattern matched, so it need not be looked up again.
     */
    private static String[] unresolvedByEveryPattern(String[] required, Pattern[] patterns) {
        if (patterns.length == 0) {
            return required;
        }
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (String v : required) {
            boolean everywhere = true;
            for (Pattern p : patterns) {
                everywhere &= p.resolvesOnMatch(v);
            }
            if (!everywhere) {
                rest.add(v);
            }
        }
        return rest.toArray(new String[0]);
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
        return matchesVariablesAndConditions(requiredAfterResources, ctx); // same as requiredVariables for NotResource
    }

    /**
     * {@link #matchesGivenAction} for a Resource (not NotResource) statement whose patterns all begin with a prefix
     * the caller has already found at the start of {@code resource}: {@code tails} are those patterns without it.
     */
    boolean matchesAfterPrefix(Pattern[] tails, String resource, int prefixLength, RequestContext ctx) {
        final int to = resource.length();
        for (Pattern p : tails) {
            if (p.matches(resource, prefixLength, to, ctx)) {
                return matchesVariablesAndConditions(requiredAfterResources, ctx);
            }
        }
        return false;
    }

    boolean hasNotResource() {
        return notResource;
    }

    boolean isDeny() {
        return deny;
    }

    private boolean matchesVariablesAndConditions(String[] required, RequestContext ctx) {
        for (String v : required) {
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
                + (notResource ? " NotResource" : " Resource") + resources
                + (conditions.isEmpty() ? "" : " " + conditions);
    }
}
