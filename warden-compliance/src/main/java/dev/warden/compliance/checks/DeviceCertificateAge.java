package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.CertificateView;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.registry.store.CertificateKind;
import java.util.ArrayList;
import java.util.List;

/**
 * DEVICE_CERTIFICATE_AGE: an active device certificate was issued longer ago than the rotation threshold
 * ({@code compliance-certificate-max-age-days}, 365 by default), however long it is still valid: the longer a key
 * lives, the longer a stolen one stays useful.
 */
final class DeviceCertificateAge implements Check {
    @Override
    public CheckId id() {
        return CheckId.DEVICE_CERTIFICATE_AGE;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<Finding> out = new ArrayList<>();
        for (CertificateView c : inventory.certificates()) {
            if (c.kind() != CertificateKind.DEVICE || !c.active()) {
                continue;
            }
            if (!c.notBefore().isBefore(context.now().minus(context.settings().certificateMaxAge()))) {
                continue;
            }
            out.add(Findings.of(
                    id(),
                    context.certificateArn(c.serial()),
                    "OLDER_THAN_THRESHOLD",
                    "Certificate " + c.serial() + " of " + c.thing().orElse("no thing") + " was issued on "
                            + CheckContext.day(c.notBefore()) + ", " + context.daysSince(c.notBefore())
                            + " days ago (threshold "
                            + context.settings().certificateMaxAge().toDays() + " days)",
                    "Have the device rotate its certificate (warden device rotate --dir DIR on the device, or the"
                            + " SDK's rotation over MQTT), which also gives it a fresh key."));
        }
        return out;
    }
}
