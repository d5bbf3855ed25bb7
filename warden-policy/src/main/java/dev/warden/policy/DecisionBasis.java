package dev.warden.policy;

/** Why a {@link Decision} came out the way it did. */
public enum DecisionBasis {
    /**
     * An identity-policy Allow statement matched, and boundary / session policies (if any) also allow; or, with a
     * resource policy, an Allow of that policy names the principal.
     */
    EXPLICIT_ALLOW,
    /** A Deny statement matched in an identity, boundary, session or resource policy. Always wins. */
    EXPLICIT_DENY,
    /** No identity-policy statement allows the request (default deny). */
    IMPLICIT_DENY,
    /** Identity policies allow, but a permission boundary is set and does not allow. */
    BOUNDARY_DENY,
    /** Identity (and boundary) policies allow, but session policies are set and do not allow. */
    SESSION_POLICY_DENY,
    /** The evaluator failed internally (or the request was malformed): fail closed. */
    ERROR_DENY
}
