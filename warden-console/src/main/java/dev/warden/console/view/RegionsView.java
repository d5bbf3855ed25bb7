package dev.warden.console.view;

import java.util.List;

/**
 * The Regions page: this node's place in its deployment, each member region with what this node knows of its link,
 * IAM replication, central audit's shipping and any failover. Every figure is already words or a number to show;
 * a field with nothing to say is empty, not null.
 */
public final class RegionsView {
    private RegionsView() {}

    /** The page: its frame and the status panel it loads first and refreshes. */
    public record Page(Frame frame, Status status) {}

    /**
     * The status panel. {@code single} when the node is in no deployment, with {@code singleReason} saying why
     * (region links off, or on but never joined); the other fields are then empty.
     */
    public record Status(
            boolean single,
            String singleReason,
            String region,
            String node,
            String linkUrl,
            String deployment,
            String role,
            String controlRegion,
            String auditRegion,
            Iam iam,
            Shipping shipping,
            List<Received> received,
            List<Member> members,
            List<Failover> failovers) {}

    /**
     * IAM replication as this node sees it: in the control region the change log it writes ({@code applied} is its
     * last change, {@code control} the same); in a member the change it applied last against the control region's.
     */
    public record Iam(
            String side,
            String applied,
            String control,
            String behind,
            String staleness,
            String connected,
            String lastContact,
            String lastError) {}

    /** This region's audit chain on its way to the audit region (null in the audit region itself). */
    public record Shipping(
            String auditRegion,
            long shippedSeq,
            long localSeq,
            String lag,
            String connected,
            String lastShippedAt,
            String lastError) {}

    /** A member's audit chain as the audit region received it (only in the audit region). */
    public record Received(
            String region, long lastSeq, long lastDigestSeq, String lastReceivedAt, String lag, String lastRefusal) {}

    /**
     * A member region: its node, status and standby, and its link as this node observes it ({@code link}: this node,
     * reachable, unreachable, heard from, or not observed from here; {@code via} what showed it).
     */
    public record Member(
            String region,
            String node,
            String status,
            String standby,
            String joinedAt,
            String link,
            boolean linkDown,
            String lastContact,
            String via) {}

    /** A region that names this one its standby: its replica here and the failover in force, if any. */
    public record Failover(
            String region,
            String state,
            String replicaDevices,
            String replicaSyncedAt,
            String declared,
            String guests) {}
}
