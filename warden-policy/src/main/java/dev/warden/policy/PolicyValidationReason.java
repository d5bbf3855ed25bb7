package dev.warden.policy;

/** Stable reason codes for {@link PolicyValidationException}. Never renumber/rename: API clients rely on them. */
public enum PolicyValidationReason {
    /** The policy name is null, blank, too long or contains control characters. */
    INVALID_NAME,
    /** The text is not well-formed JSON (or has trailing content). */
    MALFORMED_JSON,
    /** An object has the same member name twice. */
    DUPLICATE_KEY,
    /** The JSON text is larger than {@link PolicyParser#MAX_JSON_BYTES} UTF-8 bytes. */
    POLICY_TOO_LARGE,
    /** More than {@link PolicyParser#MAX_STATEMENTS} statements. */
    TOO_MANY_STATEMENTS,
    /** Arrays/objects nested deeper than {@link PolicyParser#MAX_DEPTH}. */
    NESTING_TOO_DEEP,
    /** A JSON value has the wrong type (e.g. a number where a string is expected). */
    WRONG_TYPE,
    /** A required element (Version, Statement, Effect, Action/NotAction, Resource/NotResource; Principal in a resource policy) is missing. */
    MISSING_ELEMENT,
    /** An element that is not part of the grammar. */
    UNKNOWN_ELEMENT,
    /**
     * An element that is part of the AWS grammar but not allowed here: Principal in an identity / device policy,
     * NotPrincipal anywhere.
     */
    UNSUPPORTED_ELEMENT,
    /** Both Action and NotAction, or both Resource and NotResource. */
    CONFLICTING_ELEMENTS,
    /** An empty string, array, object or statement list where a value is required. */
    EMPTY_VALUE,
    /** Version is not 2012-10-17 or 2008-10-17. */
    UNSUPPORTED_VERSION,
    /** Effect is not exactly Allow or Deny. */
    INVALID_EFFECT,
    /** Sid is malformed or used twice in the same policy. */
    INVALID_SID,
    /** Action is not {@code *} or {@code service:Name}. */
    INVALID_ACTION,
    /** Action service prefix is not one of the known services. */
    UNKNOWN_SERVICE,
    /** Resource is not {@code *} nor an ARN {@code arn:warden|aws:service:region:account:resource}. */
    INVALID_RESOURCE,
    /** Unknown condition operator (or qualifier / IfExists not applicable to it). */
    UNKNOWN_OPERATOR,
    /** A condition key is malformed. */
    INVALID_CONDITION_KEY,
    /** A condition value cannot be interpreted by its operator (bad number, date, CIDR, base64, ARN, bool). */
    INVALID_CONDITION_VALUE,
    /** A policy variable {@code ${...}} is malformed. */
    INVALID_VARIABLE,
    /** Unexpected internal failure while parsing: the policy is refused. */
    INTERNAL_ERROR,
    /** A resource policy's Principal is not {@code *}, nor {@code {"Warden"|"AWS": "*" | ARN | [ARN...]}}. */
    INVALID_PRINCIPAL
}
