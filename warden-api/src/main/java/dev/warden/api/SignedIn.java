package dev.warden.api;

import dev.warden.audit.AuditPrincipal;

/**
 * A caller the node authenticated itself, outside the API's credentials: a user signed in to the console with a
 * password and a second factor. From there on, its calls are decided and audited exactly as the API's.
 *
 * @param principal who signed in (a user)
 * @param mfa       whether the sign-in proved a second factor ({@code warden:MultiFactorAuthPresent})
 */
public record SignedIn(AuditPrincipal principal, boolean mfa) {
    /** The {@code source} detail of the console's audit events. */
    public static final String CONSOLE = "console";

    public SignedIn {
        java.util.Objects.requireNonNull(principal, "principal");
    }
}
