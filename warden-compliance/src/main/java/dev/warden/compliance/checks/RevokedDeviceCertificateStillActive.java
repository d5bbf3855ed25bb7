package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.CertificateView;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.LiveSession;
import dev.warden.registry.store.CertificateStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE: a session is open on the gateway on a certificate the registry has
 * revoked. The registry closes a certificate's connections when it revokes it, so this must never fire; it is
 * checked all the same, against the gateway's live sessions, because it is the property revocation exists for.
 */
final class RevokedDeviceCertificateStillActive implements Check {
    @Override
    public CheckId id() {
        return CheckId.REVOKED_DEVICE_CERTIFICATE_STILL_ACTIVE;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<LiveSession> live = inventory.liveSessions();
        if (live.isEmpty()) {
            return List.of();
        }
        Map<String, CertificateView> bySerial = new HashMap<>();
        for (CertificateView c : inventory.certificates()) {
            bySerial.put(c.serial(), c);
        }
        List<Finding> out = new ArrayList<>();
        for (LiveSession s : live) {
            String serial = TrailSerials.normalize(s.serial());
            CertificateView c = bySerial.get(serial);
            if (c == null || c.status() != CertificateStatus.REVOKED) {
                continue;
            }
            out.add(Findings.of(
                    id(),
                    context.certificateArn(serial),
                    "SESSION_ON_REVOKED_CERTIFICATE",
                    "Thing " + s.thing() + " is connected on certificate " + serial + ", revoked"
                            + c.revokedAt()
                                    .map(at -> " on " + CheckContext.day(at))
                                    .orElse(""),
                    "Ban the thing at the gateway now (warden firewall ban --thing " + s.thing() + " --for 1h"
                            + "), then report this as a bug: revocation must close the certificate's sessions."));
        }
        return out;
    }
}
