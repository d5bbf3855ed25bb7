package dev.warden.buckets;

/**
 * Why a bucket operation was refused: a stable code that callers (and the API's error bodies) rely on. The HTTP
 * layer alone decides what status each reason maps to.
 */
public enum BucketReason {
    BUCKET_ALREADY_EXISTS,
    BUCKET_FULL,
    BUCKET_NOT_EMPTY,
    INVALID_BUCKET_NAME,
    INVALID_CONTENT_TYPE,
    INVALID_OBJECT_KEY,
    INVALID_POLICY,
    INVALID_POLICY_RESOURCE,
    /** A replication destination that is this region, no active member region, or any region without links. */
    INVALID_REPLICATION_DESTINATION,
    INVALID_RETENTION,
    NO_SUCH_BUCKET,
    NO_SUCH_BUCKET_POLICY,
    NO_SUCH_KEY,
    NO_SUCH_REPLICATION,
    OBJECT_TOO_LARGE,
    POLICY_TOO_LARGE,
    PUBLIC_ACCESS_BLOCKED,
    PUBLIC_POLICIES_EXIST,
    /** A replica's destination holds a bucket of that name that is not a replica of the source's. */
    REPLICA_CONFLICT,
    /** A replication destination that could not be reached over its link (retried). */
    REPLICATION_DESTINATION_UNREACHABLE,
    /** A replica is written only by replication from its source region. */
    REPLICA_READ_ONLY,
    /** The deployment's jurisdictions do not let this bucket's data reach that region. */
    RESIDENCY_VIOLATION,
    TOO_MANY_BUCKETS;

    private final String code;

    BucketReason() {
        this.code = name();
    }

    /** Two reasons may share a code when only the status they map to differs (e.g. a missing thing named in a body). */
    BucketReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
