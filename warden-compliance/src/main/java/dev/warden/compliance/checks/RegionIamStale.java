package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.RegionIamView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * REGION_IAM_STALE: this member region's copy of IAM has missed the control region for longer than configured
 * ({@code compliance-region-iam-stale-seconds}). A member decides every request from its copy and keeps doing so when
 * the control region is out of reach (it must: the alternative is refusing everyone), so a change made since in the
 * control region (a deleted key, a detached policy, a disabled user) is not enforced here. The finding says so once
 * the copy is older than the bound, on the same staleness {@code warden region status} and the metric report, and
 * resolves once the replica has caught up. A control region or a region on its own writes IAM itself: never fires.
 *
 * <p>Staleness grows with time alone; {@code RegionIamWatch} re-runs this check when its answer changes.
 */
final class RegionIamStale implements Check {
    @Override
    public CheckId id() {
        return CheckId.REGION_IAM_STALE;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        RegionIamView copy = inventory.regionIam();
        Duration bound = context.settings().regionIamStaleAfter();
        if (!copy.staleBeyond(bound)) {
            return List.of();
        }
        String control = copy.controlRegion().isEmpty() ? "the control region" : copy.controlRegion();
        // The detail names the last answer, not the growing age, so that it stays the same while the link is down.
        String answered = copy.lastContact().equals(Instant.EPOCH)
                ? control + " has not answered yet"
                : "the last answer from " + control + " was at " + copy.lastContact();
        String behind = copy.behind() > 0 ? "; " + copy.behind() + " of its changes are not applied here" : "";
        String error = copy.lastError().map(e -> "; last error: " + e).orElse("");
        return List.of(Findings.of(
                id(),
                context.regionArn(),
                copy.connected() ? "IAM_CHANGES_NOT_APPLIED" : "CONTROL_REGION_UNREACHABLE",
                "This region decides requests from a copy of IAM more than " + bound.toSeconds() + " s old: " + answered
                        + behind + error,
                "Restore this region's link to " + control + " (network, firewall, the control region's node);"
                        + " warden region status shows the link, the last contact and how stale the copy is. Until it"
                        + " catches up, changes made in " + control + " since (a deleted key, a detached policy) are"
                        + " not enforced here."));
    }
}
