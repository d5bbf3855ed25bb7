/**
 * What the console's templates show: plain records, built by the page handlers from the capabilities' data. The
 * templates print every field escaped for where it stands, so a value (a thing's attribute, an audit detail) can
 * never become markup or script; nothing here holds a secret or a credential beyond the session's own CSRF token.
 */
package dev.warden.console.view;
