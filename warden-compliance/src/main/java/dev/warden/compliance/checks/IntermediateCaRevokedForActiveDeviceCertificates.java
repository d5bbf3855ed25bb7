package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.CaView;
import dev.warden.compliance.inventory.CertificateView;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.registry.store.CertificateKind;
import java.util.ArrayList;
import java.util.List;

/**
 * INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES: device certificates are still active in the registry
 * although the CA that issued them (a manufacturer CA included) is no longer active: they should have been revoked
 * or replaced with the CA. A certificate names its CA by key identifier, or by name when it has none.
 */
final class IntermediateCaRevokedForActiveDeviceCertificates implements Check {
    private static final int NAMED = 5;

    @Override
    public CheckId id() {
        return CheckId.INTERMEDIATE_CA_REVOKED_FOR_ACTIVE_DEVICE_CERTIFICATES;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<CaView> inactive =
                inventory.cas().stream().filter(ca -> !ca.active()).toList();
        if (inactive.isEmpty()) {
            return List.of();
        }
        List<Finding> out = new ArrayList<>();
        for (CaView ca : inactive) {
            List<String> serials = inventory.certificates().stream()
                    .filter(c -> c.kind() == CertificateKind.DEVICE && c.active() && ca.issued(c))
                    .map(CertificateView::serial)
                    .toList();
            if (serials.isEmpty()) {
                continue;
            }
            out.add(Findings.of(
                    id(),
                    context.caArn(ca.fingerprint()),
                    "ACTIVE_CERTIFICATES_UNDER_INACTIVE_CA",
                    serials.size() + " active device certificate(s) were issued by the " + ca.role() + " CA "
                            + ca.subject() + ", which is " + ca.status() + ": "
                            + String.join(", ", serials.subList(0, Math.min(NAMED, serials.size())))
                            + (serials.size() > NAMED ? ", ..." : ""),
                    "Revoke these certificates (warden cert revoke SERIAL --reason cACompromise) or, if the CA was"
                            + " retired rather than compromised, re-provision the devices under an active CA first."));
        }
        return out;
    }
}
