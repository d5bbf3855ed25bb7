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
 * CONFLICTING_CLIENT_IDS: within the take-over window, connections on different certificates took one client ID from
 * each other: two devices (or a device and an impostor) fight over a session, each kicking the other off and reading
 * what was queued for it. A device policy that lets a device connect with any client ID is the usual cause (see
 * IOT_POLICY_OVERLY_PERMISSIVE). Once one of the two certificates is revoked, that fight is over.
 */
final class ConflictingClientIds implements Check {
    @Override
    public CheckId id() {
        return CheckId.CONFLICTING_CLIENT_IDS;
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
        Map<String, Set<String>> serialsByClient = new TreeMap<>();
        for (SessionTakeOver t : takeOvers) {
            if (t.serial().isEmpty()
                    || t.previousSerial().isEmpty()
                    || t.serial().equals(t.previousSerial())
                    || revoked.contains(t.serial().get())
                    || revoked.contains(t.previousSerial().get())) {
                continue;
            }
            Set<String> serials = serialsByClient.computeIfAbsent(t.clientId(), c -> new TreeSet<>());
            serials.add(t.serial().get());
            serials.add(t.previousSerial().get());
        }
        return serialsByClient.entrySet().stream()
                .map(e -> Findings.of(
                        id(),
                        context.arn("iot", "client/" + e.getKey()),
                        "SEVERAL_CERTIFICATES",
                        "Client ID " + e.getKey() + " was taken over between certificates "
                                + String.join(", ", e.getValue()) + " in the last "
                                + context.settings().takeOverWindow().toHours() + " hours",
                        "Give each device a client ID of its own and require it in the device policy (client/"
                                + "${iot:Connection.Thing.ThingName}); if one of the certificates is not a device of"
                                + " yours, revoke it."))
                .toList();
    }
}
