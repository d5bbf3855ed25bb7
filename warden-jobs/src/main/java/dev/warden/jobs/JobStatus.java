package dev.warden.jobs;

/** A job's own state: it runs until every execution ended, or until it is canceled (by an operator or its abort criteria). */
public enum JobStatus {
    IN_PROGRESS,
    CANCELED,
    COMPLETED
}
