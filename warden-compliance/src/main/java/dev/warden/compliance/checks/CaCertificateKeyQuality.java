package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.CaView;
import dev.warden.compliance.inventory.Inventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CA_CERTIFICATE_KEY_QUALITY: a CA the node uses or trusts has a weak key or a weak signature (see {@link KeyRules}):
 * whoever breaks it can sign device identities the gateway accepts. The node refuses weak keys in the CSRs it signs,
 * but a manufacturer CA is registered as its maker made it; its fix deactivates it.
 */
final class CaCertificateKeyQuality implements Check {
    @Override
    public CheckId id() {
        return CheckId.CA_CERTIFICATE_KEY_QUALITY;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<Finding> out = new ArrayList<>();
        for (CaView ca : inventory.cas()) {
            if (!ca.active() && !ca.trusted()) {
                continue;
            }
            Optional<KeyRules.Weakness> weak = KeyRules.weakness(ca.key(), ca.signatureAlgorithm());
            if (weak.isEmpty()) {
                continue;
            }
            Finding finding = Findings.of(
                    id(),
                    context.caArn(ca.fingerprint()),
                    weak.get().reason(),
                    "The " + ca.role() + " CA " + ca.subject() + ": "
                            + weak.get().detail(),
                    "Replace the CA with one whose key is EC P-256/P-384 or RSA-3072 and up, signed with SHA-256 or"
                            + " stronger, and move the devices under it to the new CA.");
            // A maker's CA can be switched off by one command (it registers no more devices); the node's own cannot.
            out.add(
                    CaView.MANUFACTURER.equals(ca.role())
                            ? Findings.withFix(finding, Fixes.deactivateManufacturerCa(ca.fingerprint()))
                            : finding);
        }
        return out;
    }
}
