package dev.warden.compliance.inventory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * This node's copy of IAM as a member region, as the replica reports it when read: the same figures as
 * {@code warden region status} and the {@code warden_region_iam_*} metrics, so that the finding, the status and an
 * alert on the metric agree about how stale the copy is. A control region or a region on its own has no copy (it
 * writes IAM itself): {@link #NOT_A_MEMBER}.
 *
 * @param member        this node is a member region of a deployment, enforcing a copy of the control region's IAM
 * @param controlRegion the region whose change log the copy follows (empty when not a member)
 * @param connected     the control region answered the replica's last poll
 * @param staleness     how old the copy may be: zero while the link is up and no change waits, else the time since
 *                      the control region last answered
 * @param lastContact   when the control region last answered ({@link Instant#EPOCH} if never)
 * @param behind        changes the control region announced that this copy has not applied
 * @param lastError     why the last poll failed, if it did
 */
public record RegionIamView(
        boolean member,
        String controlRegion,
        boolean connected,
        Duration staleness,
        Instant lastContact,
        long behind,
        Optional<String> lastError) {

    public static final RegionIamView NOT_A_MEMBER =
            new RegionIamView(false, "", true, Duration.ZERO, Instant.EPOCH, 0, Optional.empty());

    public RegionIamView {
        Objects.requireNonNull(controlRegion, "controlRegion");
        Objects.requireNonNull(staleness, "staleness");
        Objects.requireNonNull(lastContact, "lastContact");
        Objects.requireNonNull(lastError, "lastError");
    }

    /**
     * Whether the copy is staler than {@code bound}: only a member's copy can be. The check and the watch that re-runs
     * it both decide with this, so the watch asks for a run exactly when the check's answer changes.
     */
    public boolean staleBeyond(Duration bound) {
        return member && staleness.compareTo(bound) > 0;
    }
}
