package dev.warden.compliance.engine;

import static dev.warden.compliance.core.CheckId.ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE;
import static dev.warden.compliance.core.CheckId.AUDIT_CHAIN_BROKEN;
import static dev.warden.compliance.core.CheckId.AUDIT_DIGEST_STALE;
import static dev.warden.compliance.core.CheckId.BUCKET_PUBLIC;
import static dev.warden.compliance.core.CheckId.CA_CERTIFICATE_EXPIRING;
import static dev.warden.compliance.core.CheckId.CA_CERTIFICATE_KEY_QUALITY;
import static dev.warden.compliance.core.CheckId.CONFLICTING_CLIENT_IDS;
import static dev.warden.compliance.core.CheckId.DEVICE_CERTIFICATE_AGE;
import static dev.warden.compliance.core.CheckId.DEVICE_CERTIFICATE_EXPIRING;
import static dev.warden.compliance.core.CheckId.DEVICE_CERTIFICATE_KEY_QUALITY;
import static dev.warden.compliance.core.CheckId.DEVICE_CERTIFICATE_SHARED;
import static dev.warden.compliance.core.CheckId.IAM_POLICY_ADMIN_WILDCARD;
import static dev.warden.compliance.core.CheckId.IAM_POLICY_SERVICE_FULL_ACCESS;
import static dev.warden.compliance.core.CheckId.IAM_USER_WITHOUT_MFA;
import static dev.warden.compliance.core.CheckId.INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES;
import static dev.warden.compliance.core.CheckId.IOT_POLICY_OVERLY_PERMISSIVE;
import static dev.warden.compliance.core.CheckId.IOT_POLICY_POTENTIAL_MISCONFIGURATION;
import static dev.warden.compliance.core.CheckId.KMS_KEY_ROTATION_OVERDUE;
import static dev.warden.compliance.core.CheckId.REVOKED_CA_CERTIFICATE_STILL_ACTIVE;
import static dev.warden.compliance.core.CheckId.REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE;
import static dev.warden.compliance.core.CheckId.SECRET_ROTATION_OVERDUE;
import static dev.warden.compliance.core.CheckId.UNUSED_CREDENTIAL;

import dev.warden.compliance.core.CheckId;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which checks an action can affect: the admin API's mutating actions (and the few events the node records on its
 * own, such as a session taken over) mapped to the checks that look at what they change. An action not listed
 * changes nothing any check reads; the daily full run covers what time alone changes (expiry, age, disuse), and
 * {@link RegionIamWatch} what it changes faster than daily (a member region's copy of IAM going stale).
 */
final class ChangeTriggers {
    /** A certificate's status changes these; a revocation also ends the take-over findings of its certificate. */
    private static final Set<CheckId> DEVICES = EnumSet.of(
            DEVICE_CERTIFICATE_SHARED,
            CONFLICTING_CLIENT_IDS,
            DEVICE_CERTIFICATE_EXPIRING,
            DEVICE_CERTIFICATE_AGE,
            DEVICE_CERTIFICATE_KEY_QUALITY,
            REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE,
            INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES,
            UNUSED_CREDENTIAL);

    private static final Set<CheckId> CAS = EnumSet.of(
            CA_CERTIFICATE_EXPIRING,
            CA_CERTIFICATE_KEY_QUALITY,
            REVOKED_CA_CERTIFICATE_STILL_ACTIVE,
            INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES);
    private static final Set<CheckId> POLICIES = EnumSet.of(
            IOT_POLICY_OVERLY_PERMISSIVE,
            IOT_POLICY_POTENTIAL_MISCONFIGURATION,
            IAM_POLICY_ADMIN_WILDCARD,
            IAM_POLICY_SERVICE_FULL_ACCESS,
            IAM_USER_WITHOUT_MFA,
            ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE);
    private static final Set<CheckId> PRINCIPALS =
            EnumSet.of(IAM_USER_WITHOUT_MFA, ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE, UNUSED_CREDENTIAL);
    /** A session taken over: the gateway records it (no admin call), and it is what these two checks read. */
    static final String SESSION_TAKEN_OVER = "iot:SessionTakenOver";
    /** A device's boot attestation: the node records it (no admin call). */
    static final String ATTEST_BOOT = "iot:AttestBoot";

    private static final Map<String, Set<CheckId>> BY_ACTION = new HashMap<>();

    static {
        onCertificateChanges();
        onIamChanges();
        onDataChanges();
        onNodeChanges();
    }

    private static void onCertificateChanges() {
        on(
                DEVICES,
                "warden:CreateThing",
                "warden:DeleteThing",
                "warden:RevokeCertificate",
                "warden:RevokeThingCertificates",
                "warden:UpdateCertificateStatus",
                "iot:ProvisionByClaim",
                "iot:RotateCertificate",
                "iot:RegisterOnFirstUse",
                "monitor:RevokeCertificate",
                "monitor:DisableThing");
        on(CAS, "warden:RegisterManufacturerCa", "warden:DeactivateManufacturerCa");
    }

    private static void onIamChanges() {
        on(
                POLICIES,
                "iam:CreatePolicy",
                "iam:UpdatePolicy",
                "iam:DeletePolicy",
                "iam:AttachPolicy",
                "iam:DetachPolicy");
        on(
                PRINCIPALS,
                "iam:CreateUser",
                "iam:CreateVirtualMFADevice",
                "iam:EnableMFADevice",
                "iam:AddUserToGroup",
                "iam:CreateGroup",
                "iam:CreateRole",
                "iam:CreateServiceAccount");
        on(
                EnumSet.of(UNUSED_CREDENTIAL),
                "iam:CreateAccessKey",
                "iam:DeleteAccessKey",
                "iam:CreateServiceAccountCertificate",
                "iam:RevokeServiceAccountCertificate");
    }

    /** Buckets, data residency, KMS keys and secrets. */
    private static void onDataChanges() {
        on(
                EnumSet.of(BUCKET_PUBLIC),
                "warden:CreateBucket",
                "warden:DeleteBucket",
                "warden:PutBucketPolicy",
                "warden:DeleteBucketPolicy",
                "warden:PutPublicAccessBlock");
        on(
                EnumSet.of(CheckId.DATA_RESIDENCY_VIOLATION),
                "warden:PutBucketReplication",
                "warden:DeleteBucketReplication",
                "warden:DeleteBucket",
                // A member's copy of the table changes by a system event, not an action: its next full run sees it.
                "region:PutJurisdiction");
    }

    /** Deployment membership, the audit trail, and events the node records on its own. */
    private static void onNodeChanges() {
        // Joining makes this node a member with a copy to go stale; leaving ends the copy and its finding at once.
        // Staleness itself grows with time alone: RegionIamWatch asks for runs as it crosses the bound.
        on(EnumSet.of(CheckId.REGION_IAM_STALE), "region:JoinDeployment", "region:LeaveDeployment");
        on(
                EnumSet.of(KMS_KEY_ROTATION_OVERDUE),
                "kms:CreateKey",
                "kms:RotateKey",
                "kms:ScheduleKeyDeletion",
                "kms:CancelKeyDeletion");
        on(
                EnumSet.of(SECRET_ROTATION_OVERDUE),
                "secrets:PutSecretValue",
                "secrets:RotateSecret",
                "secrets:DeleteSecret");
        on(EnumSet.of(AUDIT_CHAIN_BROKEN, AUDIT_DIGEST_STALE), "audit:RotateSigningKey", "audit:ArchiveEvents");
        on(EnumSet.of(DEVICE_CERTIFICATE_SHARED, CONFLICTING_CLIENT_IDS), SESSION_TAKEN_OVER);
        // A verified boot may end a finding and a new or revoked release may start one; a failed attestation is an
        // audited DENY, which runs nothing: monitoring alarms on it at once, the next run lists the device.
        on(
                EnumSet.of(CheckId.FIRMWARE_UNRELEASED_OR_REVOKED),
                ATTEST_BOOT,
                "firmware:PublishRelease",
                "firmware:RevokeRelease");
    }

    private ChangeTriggers() {}

    private static void on(Set<CheckId> checks, String... actions) {
        for (String a : actions) {
            BY_ACTION.computeIfAbsent(a, k -> EnumSet.noneOf(CheckId.class)).addAll(checks);
        }
    }

    /** The checks an action can affect; empty when it changes nothing they read. */
    static Set<CheckId> of(String action) {
        Set<CheckId> checks = BY_ACTION.get(action);
        return checks == null ? Set.of() : checks;
    }

    /** A use of the bootstrap admin credential matters only to the check about it. */
    static Set<CheckId> bootstrapUse() {
        return EnumSet.of(ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE);
    }

    /** Every action that triggers a check, for the test that holds them to the action catalogue. */
    static Set<String> actions() {
        return Set.copyOf(BY_ACTION.keySet());
    }
}
