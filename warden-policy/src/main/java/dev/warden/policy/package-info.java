/**
 * Warden's policy language: AWS IAM / AWS IoT policy JSON parsed, validated and compiled once, then evaluated by a
 * pure function on every CONNECT, PUBLISH, SUBSCRIBE, delivery and admin request.
 *
 * <p>This is the one place where "may this principal do this" is decided, for devices (the gateway) and for people
 * and services (IAM, the admin API) alike, so it is kept a core with no I/O, no threads, no framework and no
 * dependency on any other Warden module (only Jackson's streaming parser; the bundled action catalogue is read once
 * from the classpath). Untrusted documents come in through {@link dev.warden.policy.PolicyParser}: a document that
 * does not validate is never returned, and every refusal is a {@link dev.warden.policy.PolicyValidationException}
 * with a stable {@link dev.warden.policy.PolicyValidationReason} and a position. Compiled
 * {@link dev.warden.policy.Policy} and {@link dev.warden.policy.PolicySet} objects are immutable and safe to share
 * between threads; {@link dev.warden.policy.PolicyEvaluator} never throws: an internal error or a malformed request
 * is a DENY with basis {@code ERROR_DENY}, so callers fail closed without having to. Matching uses no regular
 * expressions and no name resolution, and text substituted from a policy variable is always matched literally.
 */
package dev.warden.policy;
