package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.CertificateView;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.registry.store.CertificateKind;
import dev.warden.registry.store.CertificateStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * DEVICE_CERTIFICATE_KEY_QUALITY: a device certificate that is not revoked has a weak key or signature (see
 * {@link KeyRules}), or shares its key with another certificate (two devices holding one key cannot be told apart,
 * and a key reused after a revocation is a compromised key back in service). The fix revokes the certificate.
 */
final class DeviceCertificateKeyQuality implements Check {
    @Override
    public CheckId id() {
        return CheckId.DEVICE_CERTIFICATE_KEY_QUALITY;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        Map<String, List<String>> serialsByKey = new HashMap<>();
        for (CertificateView c : inventory.certificates()) {
            if (!c.key().fingerprint().isEmpty()) {
                serialsByKey
                        .computeIfAbsent(c.key().fingerprint(), k -> new ArrayList<>(1))
                        .add(c.serial());
            }
        }
        List<Finding> out = new ArrayList<>();
        for (CertificateView c : inventory.certificates()) {
            if (c.kind() != CertificateKind.DEVICE || c.status() == CertificateStatus.REVOKED) {
                continue;
            }
            Optional<KeyRules.Weakness> weak = KeyRules.weakness(c.key(), c.signatureAlgorithm());
            List<String> sharing = serialsByKey.getOrDefault(c.key().fingerprint(), List.of());
            String who = "Certificate " + c.serial() + " of " + c.thing().orElse("no thing");
            if (weak.isPresent()) {
                out.add(Findings.withFix(
                        Findings.of(
                                id(),
                                context.certificateArn(c.serial()),
                                weak.get().reason(),
                                who + ": " + weak.get().detail(),
                                "Provision the device again with a strong key (EC P-256 or RSA-2048 and up, SHA-256"
                                        + " signatures), then revoke this certificate."),
                        Fixes.revokeCertificate(c.serial(), "superseded")));
            } else if (sharing.size() > 1) {
                List<String> others =
                        sharing.stream().filter(s -> !s.equals(c.serial())).toList();
                out.add(Findings.withFix(
                        Findings.of(
                                id(),
                                context.certificateArn(c.serial()),
                                "REPEATED_KEY",
                                who + " has the same public key (" + KeyRules.describe(c.key()) + ") as certificate(s) "
                                        + String.join(", ", others),
                                "Treat the key as compromised: revoke the certificates that share it and provision"
                                        + " each device with a key of its own, generated on the device."),
                        Fixes.revokeCertificate(c.serial(), "keyCompromise")));
            }
        }
        return out;
    }
}
