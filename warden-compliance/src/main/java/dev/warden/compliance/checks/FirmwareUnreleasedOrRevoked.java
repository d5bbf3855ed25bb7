package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.BootView;
import dev.warden.compliance.inventory.Inventory;
import java.util.ArrayList;
import java.util.List;

/**
 * FIRMWARE_UNRELEASED_OR_REVOKED: a thing's last boot attestation names an image no release of its type has (an
 * unknown version, or other bytes than the release's: possibly an attacker's), a revoked release, or a release that
 * was revoked after the device booted it. A later verified boot of a released image ends the finding. Monitoring
 * alarms at the failed attestation itself; this is the fleet's standing posture, which outlives the alarm.
 */
final class FirmwareUnreleasedOrRevoked implements Check {
    @Override
    public CheckId id() {
        return CheckId.FIRMWARE_UNRELEASED_OR_REVOKED;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<Finding> out = new ArrayList<>();
        for (BootView boot : inventory.boots()) {
            String reason;
            if ("UNKNOWN_IMAGE".equals(boot.reason())) {
                reason = "UNRELEASED_FIRMWARE";
            } else if ("REVOKED_IMAGE".equals(boot.reason()) || boot.releaseRevoked()) {
                reason = "REVOKED_FIRMWARE";
            } else {
                continue;
            }
            out.add(Findings.of(
                    id(),
                    context.arn("iot", "thing/" + boot.thing()),
                    reason,
                    "Thing " + boot.thing() + " last booted " + boot.thingType() + " " + boot.version() + " (sha256 "
                            + boot.digest() + ") at " + boot.at() + ": "
                            + (reason.equals("UNRELEASED_FIRMWARE") ? "no release has this image" : "revoked"),
                    "Install a released image with a job (warden job create ... --thing " + boot.thing()
                            + "); an image no release has may be an attacker's: treat the device as compromised"
                            + " until it boots a released one."));
        }
        return out;
    }
}
