package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.CaView;
import dev.warden.compliance.inventory.Inventory;
import java.util.ArrayList;
import java.util.List;

/**
 * REVOKED_CA_CERTIFICATE_STILL_ACTIVE: a CA that is no longer active in the registry (a manufacturer CA revoked or
 * deactivated) is still in the gateway's client trust, so devices it signs are still let in. The trust is rebuilt
 * whenever the registry's CAs change; this checks that it was.
 */
final class RevokedCaCertificateStillActive implements Check {
    @Override
    public CheckId id() {
        return CheckId.REVOKED_CA_CERTIFICATE_STILL_ACTIVE;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<Finding> out = new ArrayList<>();
        for (CaView ca : inventory.cas()) {
            if (ca.active() || !ca.trusted()) {
                continue;
            }
            out.add(Findings.of(
                    id(),
                    context.caArn(ca.fingerprint()),
                    "STILL_TRUSTED",
                    "The " + ca.role() + " CA " + ca.subject() + " is " + ca.status()
                            + " in the registry but still in the gateway's client trust",
                    "Restart the node to rebuild the gateway's trust from the registry, and report this as a bug:"
                            + " the trust must follow every change of the registered CAs."));
        }
        return out;
    }
}
