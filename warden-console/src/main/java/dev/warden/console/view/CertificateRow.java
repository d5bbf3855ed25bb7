package dev.warden.console.view;

/** One certificate of a device; {@code revocable} when it is not revoked yet. */
public record CertificateRow(
        String serial, String status, String notAfter, String revokedAt, String revocationReason, boolean revocable) {}
