package dev.warden.policy;

import java.util.List;

/**
 * Pure, thread-safe evaluator. Algorithm (AWS): any matching Deny (identity, boundary or session) → DENY; otherwise
 * ALLOW iff some identity Allow matches AND (no boundary, or some boundary Allow matches) AND (no session policies,
 * or some session Allow matches); otherwise DENY (implicit, boundary or session). Never throws: an internal error or
 * a malformed request yields DENY with basis ERROR_DENY.
 */
public final class PolicyEvaluator {
    static final String IMPLICIT = "Denied implicitly: no identity policy statement allows this request (default deny)";
    static final String IMPLICIT_RESOURCE = "Denied implicitly: neither an identity policy nor the resource policy "
            + "allows this request (default deny)";
    static final String BOUNDARY = "Denied: identity policies allow this request but the permission boundary does not";
    static final String SESSION = "Denied: identity policies allow this request but the session policies do not";

    private PolicyEvaluator() {}

    public static Decision evaluate(PolicySet policies, AuthorizationRequest request) {
        try {
            if (policies == null) {
                return error("no policy set");
            }
            if (request == null || request.action() == null || request.resource() == null) {
                return error("malformed request (null action or resource)");
            }
            RequestContext ctx = request.context() == null ? RequestContext.empty() : request.context();
            String action = request.action();
            String resource = request.resource();

            StatementScan[] scans = policies.candidates(action);
            if (scans[0].masked() && scans[1].masked() && scans[2].masked()) {
                return decideMasked(policies, scans, resource, ctx);
            }
            Collector c = new Collector();
            c.scan(scans[0], resource, ctx, 0);
            c.scan(scans[1], resource, ctx, 1);
            c.scan(scans[2], resource, ctx, 2);

            List<MatchedStatement> matched = c.list();
            if (c.firstDeny != null) {
                return new Decision(
                        Effect.DENY,
                        DecisionBasis.EXPLICIT_DENY,
                        matched,
                        c.firstDeny.matched,
                        c.firstDeny.explanation);
            }
            if (c.identityAllow == null) {
                return new Decision(Effect.DENY, DecisionBasis.IMPLICIT_DENY, matched, null, IMPLICIT);
            }
            if (policies.hasBoundary() && !c.boundaryAllow) {
                return new Decision(Effect.DENY, DecisionBasis.BOUNDARY_DENY, matched, null, BOUNDARY);
            }
            if (policies.hasSessionPolicies() && !c.sessionAllow) {
                return new Decision(Effect.DENY, DecisionBasis.SESSION_POLICY_DENY, matched, null, SESSION);
            }
            return new Decision(
                    Effect.ALLOW,
                    DecisionBasis.EXPLICIT_ALLOW,
                    matched,
                    c.identityAllow.matched,
                    c.identityAllow.explanation);
        } catch (RuntimeException | StackOverflowError e) {
            return error("internal evaluation error (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Identity policies together with a resource policy (e.g. a bucket policy), with AWS's same-account semantics:
     * a matching Deny in either wins; otherwise the request is allowed if the identity policies allow it, or if an
     * Allow of the resource policy names {@code principalArn} (or {@code *}). Stricter than AWS: a principal with a
     * permission boundary or session policies gets no grant from a resource policy (only its identity side can
     * allow). A null resource policy is plain {@link #evaluate(PolicySet, AuthorizationRequest)}. Never throws.
     */
    public static Decision evaluate(
            PolicySet identity, Policy resourcePolicy, String principalArn, AuthorizationRequest request) {
        Decision base = evaluate(identity, request);
        if (resourcePolicy == null || base.basis() == DecisionBasis.ERROR_DENY) {
            return base;
        }
        try {
            if (!resourcePolicy.isResourcePolicy()) {
                return error("an identity policy was given as a resource policy");
            }
            RequestContext ctx = request.context() == null ? RequestContext.empty() : request.context();
            List<MatchedStatement> matched = new java.util.ArrayList<>(base.matchedStatements());
            Statement deny = null;
            Statement allow = null;
            for (Statement s : resourcePolicy.statementArray) {
                if (!s.appliesToPrincipal(principalArn) || !s.matches(request.action(), request.resource(), ctx)) {
                    continue;
                }
                matched.add(s.matched);
                if (s.effect() == Effect.DENY) {
                    deny = deny == null ? s : deny;
                } else {
                    allow = allow == null ? s : allow;
                }
            }
            if (base.basis() == DecisionBasis.EXPLICIT_DENY) {
                return new Decision(
                        Effect.DENY,
                        DecisionBasis.EXPLICIT_DENY,
                        matched,
                        base.decidingStatement(),
                        base.explanation());
            }
            if (deny != null) {
                return new Decision(Effect.DENY, DecisionBasis.EXPLICIT_DENY, matched, deny.matched, deny.explanation);
            }
            if (base.allowed()) {
                return new Decision(
                        Effect.ALLOW,
                        DecisionBasis.EXPLICIT_ALLOW,
                        matched,
                        base.decidingStatement(),
                        base.explanation());
            }
            boolean narrowed = identity.hasBoundary() || identity.hasSessionPolicies();
            if (allow != null && !narrowed && base.basis() == DecisionBasis.IMPLICIT_DENY) {
                return new Decision(
                        Effect.ALLOW, DecisionBasis.EXPLICIT_ALLOW, matched, allow.matched, allow.explanation);
            }
            return new Decision(
                    Effect.DENY,
                    base.basis(),
                    matched,
                    null,
                    base.basis() == DecisionBasis.IMPLICIT_DENY ? IMPLICIT_RESOURCE : base.explanation());
        } catch (RuntimeException | StackOverflowError e) {
            return error("internal evaluation error (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Shorthand for {@code evaluate(...).allowed()}. */
    public static boolean isAllowed(PolicySet policies, AuthorizationRequest request) {
        return evaluate(policies, request).allowed();
    }

    /**
     * The same rules as the general path, for at most 64 statements per kind: matches are bits, and the common
     * outcomes (nothing matched; one statement matched and decided) return a decision built in advance, so a decision
     * allocates nothing.
     */
    private static Decision decideMasked(
            PolicySet policies, StatementScan[] scans, String resource, RequestContext ctx) {
        final StatementScan id = scans[0];
        final StatementScan bo = scans[1];
        final StatementScan se = scans[2];
        long idMatch = id.matchMask(resource, ctx);
        long boMatch = bo.matchMask(resource, ctx);
        long seMatch = se.matchMask(resource, ctx);
        int count = Long.bitCount(idMatch) + Long.bitCount(boMatch) + Long.bitCount(seMatch);

        Statement firstDeny = firstDeny(id, idMatch, bo, boMatch, se, seMatch);
        if (firstDeny != null) {
            return count == 1
                    ? firstDeny.alone
                    : new Decision(
                            Effect.DENY,
                            DecisionBasis.EXPLICIT_DENY,
                            list(scans, idMatch, boMatch, seMatch, count),
                            firstDeny.matched,
                            firstDeny.explanation);
        }
        Statement identityAllow = first(id, idMatch & ~id.denyMask);
        if (identityAllow == null) {
            return count == 0
                    ? NOTHING_MATCHED
                    : new Decision(
                            Effect.DENY,
                            DecisionBasis.IMPLICIT_DENY,
                            list(scans, idMatch, boMatch, seMatch, count),
                            null,
                            IMPLICIT);
        }
        // No Deny matched, so every bit left in a boundary or session mask is an Allow.
        if (policies.hasBoundary() && boMatch == 0) {
            return new Decision(
                    Effect.DENY,
                    DecisionBasis.BOUNDARY_DENY,
                    list(scans, idMatch, boMatch, seMatch, count),
                    null,
                    BOUNDARY);
        }
        if (policies.hasSessionPolicies() && seMatch == 0) {
            return new Decision(
                    Effect.DENY,
                    DecisionBasis.SESSION_POLICY_DENY,
                    list(scans, idMatch, boMatch, seMatch, count),
                    null,
                    SESSION);
        }
        return count == 1
                ? identityAllow.alone
                : new Decision(
                        Effect.ALLOW,
                        DecisionBasis.EXPLICIT_ALLOW,
                        list(scans, idMatch, boMatch, seMatch, count),
                        identityAllow.matched,
                        identityAllow.explanation);
    }

    /** The first matched Deny statement: identity policies first, then the boundary, then session policies. */
    private static Statement firstDeny(
            StatementScan id, long idMatch, StatementScan bo, long boMatch, StatementScan se, long seMatch) {
        Statement deny = first(id, idMatch & id.denyMask);
        if (deny == null) {
            deny = first(bo, boMatch & bo.denyMask);
        }
        if (deny == null) {
            deny = first(se, seMatch & se.denyMask);
        }
        return deny;
    }

    private static final Decision NOTHING_MATCHED =
            new Decision(Effect.DENY, DecisionBasis.IMPLICIT_DENY, List.of(), null, IMPLICIT);

    /** The statement of the lowest set bit, or null. */
    private static Statement first(StatementScan scan, long bits) {
        return bits == 0 ? null : scan.statements[Long.numberOfTrailingZeros(bits)];
    }

    /** Matched statements in evaluation order: identity, boundary, session, each in policy order. */
    private static List<MatchedStatement> list(StatementScan[] scans, long id, long bo, long se, int count) {
        MatchedStatement[] out = new MatchedStatement[count];
        int n = 0;
        long[] masks = {id, bo, se};
        for (int k = 0; k < 3; k++) {
            for (long bits = masks[k]; bits != 0; bits &= bits - 1) {
                out[n++] = scans[k].statements[Long.numberOfTrailingZeros(bits)].matched;
            }
        }
        return List.of(out);
    }

    private static Decision error(String why) {
        return new Decision(Effect.DENY, DecisionBasis.ERROR_DENY, List.of(), null, "Denied: " + why);
    }

    private static final class Collector {
        Statement firstDeny;
        Statement identityAllow;
        boolean boundaryAllow;
        boolean sessionAllow;
        MatchedStatement first;
        MatchedStatement[] more;
        int count;

        void scan(StatementScan scan, String resource, RequestContext ctx, int kind) {
            boolean prefixFound = scan.prefixFound(resource);
            for (int i = 0; i < scan.statements.length; i++) {
                Statement s = scan.statements[i];
                if (!scan.matches(i, resource, ctx, prefixFound)) {
                    continue;
                }
                add(s.matched);
                if (s.effect() == Effect.DENY) {
                    if (firstDeny == null) {
                        firstDeny = s;
                    }
                } else if (kind == 0) {
                    if (identityAllow == null) {
                        identityAllow = s;
                    }
                } else if (kind == 1) {
                    boundaryAllow = true;
                } else {
                    sessionAllow = true;
                }
            }
        }

        private void add(MatchedStatement m) {
            if (count == 0) {
                first = m;
            } else {
                if (more == null) {
                    more = new MatchedStatement[8];
                    more[0] = first;
                } else if (count == more.length) {
                    more = java.util.Arrays.copyOf(more, count * 2);
                }
                more[count] = m;
            }
            count++;
        }

        List<MatchedStatement> list() {
            if (count == 0) {
                return List.of();
            }
            if (count == 1) {
                return List.of(first);
            }
            return List.of(java.util.Arrays.copyOf(more, count));
        }
    }
}
