package dev.warden.region.core;

import java.time.Instant;

/**
 * A region of the deployment: its node, the URL of its link, its root certificate (PEM, pinned: a link peer is
 * trusted only through it) and whether it is still a member.
 */
public record Member(String region, String node, String linkUrl, String rootPem, Status status, Instant joinedAt) {
    /** Whether a region is in the deployment. */
    public enum Status {
        ACTIVE,
        LEFT
    }

    public boolean active() {
        return status == Status.ACTIVE;
    }
}
