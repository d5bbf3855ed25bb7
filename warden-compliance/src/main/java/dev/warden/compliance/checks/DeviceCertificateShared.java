package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.SessionTakeOver;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * DEVICE_CERTIFICATE_SHARED: within the take-over window, a session on one certificate was taken over by a
 * connection on the same certificate from another address: two machines hold the same identity (a cloned device, or
 * a stolen key). A reconnection from the same address (a device whose old connection had not timed out yet) is not
 * a finding. The fix revokes the certificate as compromised, which ends the finding: a revoked certificate opens no
 * session, whatever happened with it before.
 */
final class DeviceCertificateShared implements Check {
    @Override
    public CheckId id() {
        return CheckId.DEVICE_CERTIFICATE_SHARED;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<SessionTakeOver> takeOvers = inventory.takeOvers();
        if (takeOvers.isEmpty()) {
            return List.of();
        }
        Set<String> revoked = new java.util.HashSet<>();
        for (dev.warden.compliance.inventory.CertificateView c : inventory.certificates()) {
            if (c.status() == dev.warden.registry.store.CertificateStatus.REVOKED) {
                revoked.add(c.serial());
            }
        }
        Map<String, Set<String>> addressesBySerial = new TreeMap<>();
        for (SessionTakeOver t : takeOvers) {
            if (t.serial().isEmpty()
                    || !t.serial().equals(t.previousSerial())
                    || t.sourceIp().isEmpty()
                    || t.previousSourceIp().isEmpty()
                    || t.sourceIp().equals(t.previousSourceIp())
                    || revoked.contains(t.serial().get())) {
                continue;
            }
            Set<String> addresses = addressesBySerial.computeIfAbsent(t.serial().get(), s -> new TreeSet<>());
            addresses.add(t.sourceIp().get());
            addresses.add(t.previousSourceIp().get());
        }
        return addressesBySerial.entrySet().stream()
                .map(e -> Findings.withFix(
                        Findings.of(
                                id(),
                                context.certificateArn(e.getKey()),
                                "USED_FROM_SEVERAL_ADDRESSES",
                                "Certificate " + e.getKey() + " took sessions over from "
                                        + e.getValue().size()
                                        + " addresses in the last "
                                        + context.settings().takeOverWindow().toHours()
                                        + " hours: " + String.join(", ", e.getValue()),
                                "Treat the key as stolen or the device as cloned: revoke the certificate, find the"
                                        + " machines at those addresses, and provision the genuine device again."),
                        Fixes.revokeCertificate(e.getKey(), "keyCompromise")))
                .toList();
    }
}
