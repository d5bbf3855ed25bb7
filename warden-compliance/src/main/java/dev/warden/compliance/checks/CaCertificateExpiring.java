package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.Severity;
import dev.warden.compliance.inventory.CaView;
import dev.warden.compliance.inventory.Inventory;
import java.util.ArrayList;
import java.util.List;

/**
 * CA_CERTIFICATE_EXPIRING: a CA the node uses or trusts (its root, issuing and OCSP CAs, an active manufacturer CA)
 * expires within the CA window (90 days by default), or has expired: every device certificate under it stops
 * working at that moment, so the replacement has to reach the fleet well before.
 */
final class CaCertificateExpiring implements Check {
    @Override
    public CheckId id() {
        return CheckId.CA_CERTIFICATE_EXPIRING;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<Finding> out = new ArrayList<>();
        for (CaView ca : inventory.cas()) {
            if (!ca.active() && !ca.trusted()) {
                continue;
            }
            if (ca.notAfter().isAfter(context.now().plus(context.settings().caExpiryWindow()))) {
                continue;
            }
            boolean expired = !ca.notAfter().isAfter(context.now());
            String when = expired
                    ? "expired on " + CheckContext.day(ca.notAfter())
                    : "expires on " + CheckContext.day(ca.notAfter()) + ", in " + context.daysUntil(ca.notAfter())
                            + " days";
            out.add(Findings.of(
                    id(),
                    expired ? Severity.CRITICAL : id().severity(),
                    context.caArn(ca.fingerprint()),
                    expired ? "EXPIRED" : "EXPIRES_SOON",
                    "The " + ca.role() + " CA " + ca.subject() + " " + when,
                    CaView.MANUFACTURER.equals(ca.role())
                            ? "Ask the device maker for the CA's successor and register it (warden manufacturer-ca"
                                    + " register) before this one expires; devices it signed must be re-provisioned."
                            : "Plan the CA's renewal now: issue its successor, publish it to the fleet's trust stores"
                                    + " and rotate device certificates under it before it expires."));
        }
        return out;
    }
}
