package dev.warden.compliance.core;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every posture check Warden runs, with its category, default severity and what it looks for. The IDs are stable:
 * reports, suppressions and framework mappings ({@code frameworks/*.json}) name them.
 */
public enum CheckId {
    CA_CERTIFICATE_EXPIRING(Category.DEVICE_IDENTITY, Severity.HIGH, "A CA certificate expires within 90 days"),
    DEVICE_CERTIFICATE_EXPIRING(
            Category.DEVICE_IDENTITY, Severity.MEDIUM, "A device certificate expires within 30 days"),
    DEVICE_CERTIFICATE_AGE(
            Category.DEVICE_IDENTITY, Severity.LOW, "A device certificate is older than the rotation threshold"),
    DEVICE_CERTIFICATE_KEY_QUALITY(
            Category.DEVICE_IDENTITY, Severity.HIGH, "A device key is weak or shared with another certificate"),
    CA_CERTIFICATE_KEY_QUALITY(Category.DEVICE_IDENTITY, Severity.CRITICAL, "A CA key is weak"),
    DEVICE_CERTIFICATE_SHARED(
            Category.DEVICE_IDENTITY,
            Severity.CRITICAL,
            "One certificate is used from several addresses or client IDs at once"),
    CONFLICTING_CLIENT_IDS(Category.DEVICE_IDENTITY, Severity.HIGH, "Several certificates fight over one client ID"),
    FIRMWARE_UNRELEASED_OR_REVOKED(
            Category.DEVICE_IDENTITY,
            Severity.HIGH,
            "A device last booted firmware that no release has, or a revoked release"),
    REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE(
            Category.DEVICE_IDENTITY, Severity.CRITICAL, "A session is alive on a revoked certificate"),
    REVOKED_CA_CERTIFICATE_STILL_ACTIVE(
            Category.DEVICE_IDENTITY, Severity.CRITICAL, "A revoked CA certificate is still trusted"),
    INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES(
            Category.DEVICE_IDENTITY, Severity.CRITICAL, "Active device certificates chain to a revoked CA"),
    IOT_POLICY_OVERLY_PERMISSIVE(
            Category.POLICIES, Severity.HIGH, "A device policy allows more than the device's own resources"),
    IOT_POLICY_POTENTIAL_MISCONFIGURATION(
            Category.POLICIES, Severity.MEDIUM, "A device policy probably does not mean what it says"),
    IAM_POLICY_ADMIN_WILDCARD(
            Category.POLICIES, Severity.CRITICAL, "An IAM policy allows every action on every resource"),
    IAM_POLICY_SERVICE_FULL_ACCESS(Category.POLICIES, Severity.HIGH, "An IAM policy allows every action of a service"),
    IAM_USER_WITHOUT_MFA(
            Category.POLICIES, Severity.HIGH, "A user who can change IAM, KMS or the audit trail has no MFA"),
    UNUSED_CREDENTIAL(Category.POLICIES, Severity.MEDIUM, "A credential was not used for 90 days"),
    BUCKET_PUBLIC(Category.DATA, Severity.CRITICAL, "A bucket is, or may become, public"),
    KMS_KEY_ROTATION_OVERDUE(Category.DATA, Severity.MEDIUM, "A KMS key was not rotated within its period"),
    SECRET_ROTATION_OVERDUE(Category.DATA, Severity.MEDIUM, "A secret was not rotated within its period"),
    MASTER_KEY_PASSPHRASE_ON_NODE(Category.DATA, Severity.HIGH, "The KMS master key's passphrase lies next to the key"),
    CA_KEY_NOT_IN_HSM(Category.DATA, Severity.LOW, "The CA keys are files on the node, not in an HSM"),
    AUDIT_CHAIN_BROKEN(Category.NODE, Severity.CRITICAL, "The audit trail does not verify"),
    AUDIT_DIGEST_STALE(Category.NODE, Severity.HIGH, "No signed audit checkpoint for longer than configured"),
    TLS_POLICY_WEAK(Category.NODE, Severity.HIGH, "A listener allows less than the built-in TLS policy"),
    ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE(
            Category.NODE, Severity.MEDIUM, "The bootstrap admin credential is still used though other admins exist"),
    MONITORING_DISABLED(Category.NODE, Severity.HIGH, "Security monitoring is off"),
    DATA_RESIDENCY_VIOLATION(
            Category.NODE, Severity.CRITICAL, "A bucket replicates to a region its jurisdiction does not include"),
    REGION_IAM_STALE(
            Category.NODE,
            Severity.HIGH,
            "A member region's copy of IAM has missed the control region for longer than configured");

    private final Category category;
    private final Severity severity;
    private final String title;

    CheckId(Category category, Severity severity, String title) {
        this.category = category;
        this.severity = severity;
        this.title = title;
    }

    public Category category() {
        return category;
    }

    /** The severity a finding of this check has unless the check raises or lowers it (CA_KEY_NOT_IN_HSM in production). */
    public Severity severity() {
        return severity;
    }

    public String title() {
        return title;
    }

    public static Optional<CheckId> byName(String name) {
        return Arrays.stream(values()).filter(c -> c.name().equals(name)).findFirst();
    }
}
