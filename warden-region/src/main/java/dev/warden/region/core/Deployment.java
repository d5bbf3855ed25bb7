package dev.warden.region.core;

import java.time.Instant;

/**
 * This node's place in a deployment: its role, the deployment's control and audit regions, the control region's IAM
 * signing key (PEM), and how far this node has applied the IAM change log ({@code appliedSeq}, {@code appliedHash}),
 * with the control region's last sequence number seen and when the control region was last reached.
 */
public record Deployment(
        Role role,
        String id,
        String controlRegion,
        String auditRegion,
        String iamPublicKey,
        long appliedSeq,
        String appliedHash,
        long controlSeq,
        Instant lastContact,
        Instant createdAt) {
    /** A node's role in its deployment. */
    public enum Role {
        CONTROL,
        MEMBER
    }

    public boolean isControl() {
        return role == Role.CONTROL;
    }
}
