/**
 * The security operator's web console, served by the node under {@code /console} on its HTTPS admin listener.
 *
 * <p>Trust boundary: the browser. Every page and action is a route of the API's kind ({@link
 * dev.warden.api.AuditedRoutes}): an IAM action on a resource ARN, decided by the signed-in user's own policies
 * through {@link dev.warden.api.AdminApi#signedIn}, audited with {@code source=console} (a refusal is a 403 page and a
 * DENY event, never a hidden button). Sign-in is IAM's login and must prove a second factor; IAM's lockout applies.
 * A user's client certificate from this region's CA (kind USER, ACTIVE) is such a sign-in, and its session ends once
 * the certificate is no longer ACTIVE.
 * Sessions ({@link dev.warden.console.ConsoleSessions}) live only in this node's memory, named by a {@code __Host-}
 * cookie that is {@code Secure}, {@code HttpOnly} and {@code SameSite=Strict}, with an idle timeout and an absolute
 * lifetime; signing out ends the session and revokes its IAM refresh token. A state-changing request must come from
 * the console's origin and carry the session's anti-CSRF token (checked before the decision, refused 403
 * {@code CSRF_REJECTED}). Pages are jte templates compiled at build time that escape every value; the only script
 * is htmx, served from its WebJar by the node, with eval and script tags off, under a Content-Security-Policy that
 * allows nothing inline and nothing from another origin. The exceptions are an incident's post-mortem draft and a
 * compliance framework's HTML report, each the API's own HTML under the report's stricter policy (its styles pinned by
 * hash, no script). A compliance finding's fix runs only after its page said what it will do, as the fix's own API
 * action on the fix's own resource, and only for the kinds of fix {@link dev.warden.console.core.FixPlan} reads; the
 * keys, secrets and buckets page shows metadata only (no key material, no secret value is ever read for it). A policy
 * saved from the editor is parsed by the node's strict validator first and refused whole when invalid; quarantining
 * or releasing a device needs a confirming box the node checks as well as the token.
 *
 * <p>Threads: Jetty's request threads only; the console starts none of its own.
 */
package dev.warden.console;
