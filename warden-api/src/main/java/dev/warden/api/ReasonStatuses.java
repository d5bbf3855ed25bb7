package dev.warden.api;

import dev.warden.buckets.BucketReason;
import dev.warden.compliance.ComplianceReason;
import dev.warden.iam.IamReason;
import dev.warden.monitor.MonitorReason;
import dev.warden.registry.RegistryReason;

/**
 * The one place where the reasons of the capabilities become HTTP statuses. Each switch is exhaustive, so a new reason
 * does not compile until it is given its status here.
 */
final class ReasonStatuses {
    private ReasonStatuses() {}

    static int of(IamReason reason) {
        return switch (reason) {
            case INVALID_DURATION, INVALID_NAME, INVALID_POLICY, MFA_CODE_MISMATCH, WEAK_PASSWORD -> 400;
            case INVALID_CREDENTIALS, INVALID_MFA_CODE, INVALID_REFRESH_TOKEN, MFA_REQUIRED -> 401;
            case ACCESS_DENIED, ACCOUNT_DISABLED -> 403;
            case UNKNOWN_GROUP, UNKNOWN_KEY, UNKNOWN_ROLE, UNKNOWN_SERVICE_ACCOUNT, UNKNOWN_USER -> 404;
            case MFA_NOT_STARTED -> 409;
            case ACCOUNT_LOCKED -> 429;
        };
    }

    static int of(RegistryReason reason) {
        return switch (reason) {
            case CSR_MISSING,
                    INVALID_CA_CERTIFICATE,
                    INVALID_CLAIM,
                    INVALID_CLAIM_NAME,
                    INVALID_FIELD,
                    INVALID_NAME,
                    INVALID_POLICY,
                    INVALID_SERIAL,
                    INVALID_STATUS,
                    INVALID_TEMPLATE,
                    INVALID_TEMPLATE_NAME,
                    INVALID_THING_NAME,
                    KEY_REUSED,
                    MALFORMED_JSON,
                    THING_NAME_NOT_ALLOWED,
                    UNKNOWN_REQUESTED_POLICY -> 400;
            case CERTIFICATE_EXPIRED,
                    CERTIFICATE_INACTIVE,
                    CERTIFICATE_MISSING,
                    CERTIFICATE_NOT_TRUSTED,
                    CERTIFICATE_REVOKED,
                    CERTIFICATE_UNKNOWN,
                    NOT_A_SERVICE_ACCOUNT_CERTIFICATE,
                    NOT_A_USER_CERTIFICATE,
                    SERVICE_ACCOUNT_DISABLED,
                    SERVICE_ACCOUNT_GONE,
                    UNAUTHENTICATED,
                    USER_GONE -> 401;
            case CERTIFICATE_NOT_ACTIVE,
                    CLAIM_EXHAUSTED,
                    CLAIM_INACTIVE,
                    CLAIM_TEMPLATE_MISMATCH,
                    CLAIM_UNKNOWN,
                    HOOK_REJECTED,
                    NOT_A_CLAIM,
                    NOT_A_DEVICE,
                    NOT_A_MANUFACTURER_CERTIFICATE,
                    REGION_NOT_ALLOWED,
                    TEMPLATE_DISABLED,
                    TEMPLATE_GONE,
                    THING_NAME_REFUSED,
                    UNTRUSTED_CERTIFICATE,
                    USER_DISABLED -> 403;
            case HOME_ENDPOINT_UNKNOWN,
                    NOT_ATTACHED,
                    NOT_A_MEMBER,
                    UNKNOWN_CERTIFICATE,
                    UNKNOWN_CLAIM,
                    UNKNOWN_MANUFACTURER_CA,
                    UNKNOWN_POLICY,
                    UNKNOWN_PRINCIPAL,
                    UNKNOWN_SERVICE_ACCOUNT,
                    UNKNOWN_TEMPLATE,
                    UNKNOWN_THING,
                    UNKNOWN_THING_GROUP,
                    UNKNOWN_USER,
                    UNKNOWN_VERSION -> 404;
            case ALREADY_REVOKED,
                    BUILT_IN_POLICY,
                    GLOBAL_NAME_TAKEN,
                    NO_PREVIOUS_VERSION,
                    POLICY_ATTACHED,
                    THING_EXISTS,
                    VERSION_IN_FORCE -> 409;
            // Misdirected Request: another region serves it.
            case WRONG_REGION -> 421;
        };
    }

    static int of(BucketReason reason) {
        return switch (reason) {
            case INVALID_BUCKET_NAME,
                    INVALID_CONTENT_TYPE,
                    INVALID_OBJECT_KEY,
                    INVALID_POLICY,
                    INVALID_POLICY_RESOURCE,
                    INVALID_RETENTION,
                    INVALID_REPLICATION_DESTINATION,
                    POLICY_TOO_LARGE,
                    PUBLIC_ACCESS_BLOCKED,
                    RESIDENCY_VIOLATION -> 400;
            case NO_SUCH_BUCKET, NO_SUCH_BUCKET_POLICY, NO_SUCH_KEY, NO_SUCH_REPLICATION -> 404;
            case BUCKET_ALREADY_EXISTS,
                    BUCKET_FULL,
                    BUCKET_NOT_EMPTY,
                    PUBLIC_POLICIES_EXIST,
                    REPLICA_CONFLICT,
                    REPLICA_READ_ONLY,
                    TOO_MANY_BUCKETS -> 409;
            case OBJECT_TOO_LARGE -> 413;
            case REPLICATION_DESTINATION_UNREACHABLE -> 503;
        };
    }

    static int of(MonitorReason reason) {
        return switch (reason) {
            case INVALID_PROFILE,
                    INVALID_PROFILE_NAME,
                    UNKNOWN_METRIC,
                    UNKNOWN_OPERATOR,
                    OPERATOR_NOT_APPLICABLE,
                    INVALID_THRESHOLD,
                    WINDOW_OUT_OF_RANGE,
                    INVALID_DATAPOINTS,
                    INVALID_TOPIC_FILTER,
                    INVALID_TARGET,
                    UNKNOWN_MITIGATION,
                    MITIGATION_NOT_APPLICABLE,
                    INVALID_NOTIFY_TARGET,
                    DUPLICATE_BEHAVIOUR,
                    TOO_MANY_BEHAVIOURS,
                    INVALID_VERIFICATION_STATE,
                    INVALID_SUPPRESSION,
                    INVALID_DEVICE_METRICS -> 400;
            case NO_SUCH_PROFILE, NO_SUCH_ALARM, NO_SUCH_SUPPRESSION -> 404;
            case PROFILE_ALREADY_EXISTS, VERSION_CONFLICT, BUILT_IN_PROFILE -> 409;
            case PROFILE_TOO_LARGE, DEVICE_METRICS_TOO_LARGE -> 413;
            // 500, not 502: most mitigations act inside this node (registry, firewall, audit detail), with no
            // upstream server whose answer was bad, and a webhook is delivered later with retries, so its failure
            // never reaches this response. The request was valid and authorized; the node could not carry it out.
            case MITIGATION_FAILED -> 500;
        };
    }

    static int of(ComplianceReason reason) {
        return switch (reason) {
            case INVALID_SEVERITY, INVALID_SUPPRESSION, UNKNOWN_FORMAT -> 400;
            // Never raised by the node (fixes run in the CLI, as the caller): the status its own call was refused with.
            case FIX_DENIED -> 403;
            case NO_SUCH_FINDING, NO_SUCH_FRAMEWORK, NO_SUCH_SUPPRESSION -> 404;
            // The finding exists; what is asked of it (a fix it has none of, a wait on a run still going on) is not
            // possible in its current state.
            case NO_FIX, RUN_IN_PROGRESS -> 409;
            // Never raised by the node either: the fix's own admin call failed on the server it was sent to.
            case FIX_FAILED -> 502;
        };
    }

    static int of(dev.warden.incident.IncidentReason reason) {
        return switch (reason) {
            case INVALID_INCIDENT,
                    INVALID_SEVERITY,
                    INVALID_PHASE,
                    INVALID_CLOCKS,
                    INVALID_TASK,
                    INVALID_STATUS_UPDATE,
                    INVALID_PLAYBOOK,
                    INVALID_SCHEDULE,
                    INVALID_NOTIFY_TARGET,
                    INVALID_NOTIFY_SETTINGS,
                    UNKNOWN_DRILL -> 400;
            // The playbook's own role may not run the step: refused as the caller would be, and nothing was done.
            case STEP_DENIED -> 403;
            case NO_SUCH_INCIDENT,
                    NO_SUCH_TASK,
                    NO_SUCH_PLAYBOOK,
                    NO_SUCH_RUN,
                    NO_SUCH_STEP,
                    NO_SUCH_SCHEDULE,
                    NO_SUCH_ESCALATION_POLICY -> 404;
            // The incident or step exists; what is asked is not possible in its current state.
            case PHASE_ORDER, INCIDENT_CLOSED, STEP_NOT_PENDING -> 409;
            // Valid and authorized, but the node could not carry the step out (see MITIGATION_FAILED).
            case STEP_FAILED -> 500;
        };
    }

    static int of(dev.warden.e2e.E2eReason reason) {
        return switch (reason) {
            case NOT_SEALED, UNKNOWN_OR_RETIRED_KEY, TAMPERED, INVALID_KEYSET, INVALID_NAME -> 400;
            case NO_SUCH_RECIPIENT -> 404;
        };
    }

    static int of(dev.warden.jobs.JobReason reason) {
        return switch (reason) {
            case INVALID_JOB_ID, INVALID_ROLLOUT, INVALID_TARGETS, WRONG_THING_TYPE, INVALID_STATUS_DETAILS -> 400;
            case UNKNOWN_THING, UNKNOWN_THING_GROUP, NO_SUCH_JOB, NO_SUCH_EXECUTION -> 404;
            case JOB_EXISTS, JOB_ENDED, INVALID_TRANSITION, VERSION_MISMATCH -> 409;
        };
    }

    static int of(dev.warden.firmware.FirmwareReason reason) {
        return switch (reason) {
            case INVALID_THING_TYPE,
                    INVALID_VERSION,
                    INVALID_HARDWARE,
                    INVALID_REASON,
                    IMAGE_EMPTY,
                    MIN_VERSION_ABOVE_VERSION -> 400;
            case NO_SUCH_RELEASE -> 404;
            case RELEASE_EXISTS, RELEASE_REVOKED -> 409;
            case IMAGE_TOO_LARGE -> 413;
            // The stored image no longer matches its release: a server-side fault that must not pass as a 4xx.
            case IMAGE_CORRUPT -> 500;
        };
    }

    static int of(dev.warden.region.RegionReason reason) {
        return switch (reason) {
            // A rule that would move data out of its jurisdiction: refused as the invalid request it is.
            case INVALID_REQUEST, JOIN_TOKEN_MALFORMED, RESIDENCY_VIOLATION -> 400;
            // The token is the joining region's only credential: refused as a credential is.
            case JOIN_TOKEN_INVALID -> 401;
            // A link caller that is not a member speaking for its own region.
            case PEER_NOT_MEMBER -> 403;
            case UNKNOWN_REGION, GUEST_CERTIFICATE_UNKNOWN -> 404;
            // Failover: declared in the wrong region, too early, twice, or ended when none is in force.
            case NOT_STANDBY, STANDBY_NOT_READY, FAILOVER_ACTIVE, FAILOVER_NOT_ACTIVE -> 409;
            // Possible elsewhere or in another state: in the control region, outside a deployment, under another name.
            case LINKS_DISABLED,
                    NOT_CONTROL_REGION,
                    ALREADY_IN_DEPLOYMENT,
                    NOT_IN_DEPLOYMENT,
                    REGION_NAME_TAKEN,
                    IAM_READ_ONLY_REGION,
                    REGIONAL_NAME_CONFLICT,
                    NOT_AUDIT_REGION -> 409;
            // Another region did not answer, refused, or sent what does not verify: a bad gateway, not our fault.
            case LINK_UNAVAILABLE,
                    LINK_REFUSED,
                    CHANGE_OUT_OF_ORDER,
                    CHANGE_TAMPERED,
                    AUDIT_OUT_OF_ORDER,
                    AUDIT_TAMPERED,
                    AUDIT_KEY_UNTRUSTED,
                    AUDIT_NOT_METADATA -> 502;
            // The other region may have done it: a timeout, so the caller looks before it tries again.
            case LINK_OUTCOME_UNKNOWN -> 504;
        };
    }
}
