package dev.warden.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Immutable set of compiled policies for one principal: identity policies, an optional permission boundary and
 * optional session policies. Build once, reuse for any number of (concurrent) evaluations.
 */
public final class PolicySet {
    private static final Statement[] NONE = new Statement[0];

    private final List<Policy> identity;
    private final List<Policy> boundary; // null = no boundary
    private final List<Policy> session; // null = no session policies
    final Statement[] identityStatements;
    final Statement[] boundaryStatements;
    final Statement[] sessionStatements;
    /**
     * Per action, the statements of each kind whose Action/NotAction covers it, prepared for matching (see
     * {@link StatementScan}). Actions are a small vocabulary, so a decision scans only the statements that can apply
     * (one of 200 in a typical admin policy) and never matches an action pattern twice. Bounded: beyond
     * {@link #MAX_CACHED_ACTIONS} actions, each decision prepares its scans again.
     */
    private final Map<String, StatementScan[]> byAction = new ConcurrentHashMap<>();

    private static final int MAX_CACHED_ACTIONS = 4096;

    private PolicySet(List<Policy> identity, List<Policy> boundary, List<Policy> session) {
        this.identity = identity;
        this.boundary = boundary;
        this.session = session;
        this.identityStatements = flatten(identity);
        this.boundaryStatements = boundary == null ? NONE : flatten(boundary);
        this.sessionStatements = session == null ? NONE : flatten(session);
    }

    /** The identity, boundary and session statements that apply to {@code action}, in policy order. */
    StatementScan[] candidates(String action) {
        StatementScan[] cached = byAction.get(action);
        if (cached != null) {
            return cached;
        }
        StatementScan[] computed = {
            scan(identityStatements, action), scan(boundaryStatements, action), scan(sessionStatements, action)
        };
        if (byAction.size() < MAX_CACHED_ACTIONS) {
            byAction.put(action, computed);
        }
        return computed;
    }

    private static StatementScan scan(Statement[] statements, String action) {
        List<Statement> applicable = new ArrayList<>();
        for (Statement s : statements) {
            if (s.appliesToAction(action)) {
                applicable.add(s);
            }
        }
        return applicable.isEmpty() ? StatementScan.EMPTY : new StatementScan(applicable.toArray(NONE));
    }

    private static Statement[] flatten(List<Policy> policies) {
        List<Statement> all = new ArrayList<>();
        for (Policy p : policies) {
            all.addAll(p.statements());
        }
        return all.toArray(NONE);
    }

    private static List<Policy> copy(List<Policy> l, String what) {
        Objects.requireNonNull(l, what);
        for (Policy p : l) {
            Objects.requireNonNull(p, what + " contains null");
            if (p.isResourcePolicy()) {
                // Its statements name their principals; read as an identity policy it would grant to anyone.
                throw new IllegalArgumentException(what + " contains the resource policy '" + p.name() + "'");
            }
        }
        return List.copyOf(l);
    }

    /** Identity policies only (an empty list denies everything). */
    public static PolicySet of(List<Policy> identity) {
        return new PolicySet(copy(identity, "identity policies"), null, null);
    }

    public static PolicySet of(Policy... identity) {
        return of(List.of(identity));
    }

    /**
     * Sets a permission boundary: the effective permissions are the intersection of identity and boundary. An empty
     * list is a boundary that allows nothing; use {@link #withoutBoundary()} to remove it.
     */
    public PolicySet withBoundary(List<Policy> b) {
        return new PolicySet(identity, copy(b, "boundary policies"), session);
    }

    public PolicySet withoutBoundary() {
        return new PolicySet(identity, null, session);
    }

    /**
     * Sets session policies: the effective permissions are additionally intersected with them. An empty list allows
     * nothing; use {@link #withoutSessionPolicies()} to remove them.
     */
    public PolicySet withSessionPolicies(List<Policy> s) {
        return new PolicySet(identity, boundary, copy(s, "session policies"));
    }

    public PolicySet withoutSessionPolicies() {
        return new PolicySet(identity, boundary, null);
    }

    public List<Policy> identityPolicies() {
        return identity;
    }

    /** Boundary policies, or null when no boundary is set. */
    public List<Policy> boundaryPolicies() {
        return boundary;
    }

    /** Session policies, or null when none are set. */
    public List<Policy> sessionPolicies() {
        return session;
    }

    public boolean hasBoundary() {
        return boundary != null;
    }

    public boolean hasSessionPolicies() {
        return session != null;
    }

    @Override
    public String toString() {
        return "PolicySet{identity=" + identity + ", boundary=" + boundary + ", session=" + session + "}";
    }
}
