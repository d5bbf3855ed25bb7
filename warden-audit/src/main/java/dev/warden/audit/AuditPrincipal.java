package dev.warden.audit;

import java.util.Objects;

/**
 * Who acted: a type ({@code admin}, {@code user}, {@code thing}, {@code service}, {@code anonymous}, {@code system}),
 * an id, and the credential used (a certificate fingerprint or a token id), never the secret itself.
 */
public record AuditPrincipal(String type, String id, String credential) {
    public static final AuditPrincipal ANONYMOUS = new AuditPrincipal("anonymous", "-", null);
    public static final AuditPrincipal SYSTEM = new AuditPrincipal("system", "warden", null);

    public AuditPrincipal {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    public static AuditPrincipal thing(String name, String certificateFingerprint) {
        return new AuditPrincipal("thing", name, certificateFingerprint);
    }
}
