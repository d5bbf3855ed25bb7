package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.CertificateView;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.registry.store.CertificateKind;
import java.util.ArrayList;
import java.util.List;

/**
 * DEVICE_CERTIFICATE_EXPIRING: an active device certificate expires within the device window (30 days by default)
 * or already has (the gateway refuses it from then on: the device is offline). Only the device can rotate its own
 * certificate (it proves its current key), so there is no admin command that fixes this.
 */
final class DeviceCertificateExpiring implements Check {
    @Override
    public CheckId id() {
        return CheckId.DEVICE_CERTIFICATE_EXPIRING;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<Finding> out = new ArrayList<>();
        for (CertificateView c : inventory.certificates()) {
            if (c.kind() != CertificateKind.DEVICE || !c.active()) {
                continue;
            }
            if (c.notAfter().isAfter(context.now().plus(context.settings().deviceExpiryWindow()))) {
                continue;
            }
            boolean expired = !c.notAfter().isAfter(context.now());
            String thing = c.thing().orElse("no thing");
            out.add(Findings.of(
                    id(),
                    context.certificateArn(c.serial()),
                    expired ? "EXPIRED" : "EXPIRES_SOON",
                    "Certificate " + c.serial() + " of " + thing
                            + (expired
                                    ? " expired on " + CheckContext.day(c.notAfter())
                                    : " expires on " + CheckContext.day(c.notAfter()) + ", in "
                                            + context.daysUntil(c.notAfter()) + " days"),
                    "Have the device rotate its certificate (warden device rotate --dir DIR on the device, or the"
                            + " SDK's rotation over MQTT) before it expires; an expired certificate cannot rotate"
                            + " itself and the device must be provisioned again."));
        }
        return out;
    }
}
