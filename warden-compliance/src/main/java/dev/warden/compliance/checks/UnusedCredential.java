package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.Fix;
import dev.warden.compliance.inventory.ApiKeyView;
import dev.warden.compliance.inventory.CertificateView;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.LiveSession;
import dev.warden.compliance.inventory.PrincipalView;
import dev.warden.compliance.inventory.UserView;
import dev.warden.registry.store.CertificateKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * UNUSED_CREDENTIAL: a credential that still works was not used for the unused threshold (90 days by default): a
 * password, an API key, an admin credential, a service account's certificate, a device certificate. Last use comes
 * from the audit trail (each admin call names its credential, each device connection its certificate); a device
 * connected right now is in use however long ago it connected. A credential never used counts from its creation.
 * Unused credentials are what attackers find and nobody misses; the fix turns off the ones one command can.
 */
final class UnusedCredential implements Check {
    @Override
    public CheckId id() {
        return CheckId.UNUSED_CREDENTIAL;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        Instant cutoff = context.now().minus(context.settings().unusedAfter());
        Unused unused = new Unused(context, cutoff, inventory);
        for (PrincipalView p : inventory.principals()) {
            if (PrincipalView.ADMIN.equals(p.type()) && p.active()) {
                unused.check(
                        "admin/" + p.id(),
                        p.createdAt(),
                        context.iamArn("admin/" + p.id()),
                        "Admin credential " + p.id(),
                        Optional.empty());
            }
        }
        for (ApiKeyView k : inventory.apiKeys()) {
            if (k.usableAt(context.now())) {
                unused.check(
                        "apikey/" + k.id(),
                        k.createdAt(),
                        context.iamArn("service/" + k.account() + "/key/" + k.id()),
                        "API key " + k.id() + " of service account " + k.account(),
                        Optional.of(Fixes.revokeApiKey(k.account(), k.id())));
            }
        }
        for (UserView u : inventory.users()) {
            unused.check(
                    "user/" + u.name(),
                    u.createdAt(),
                    context.iamArn("user/" + u.name()),
                    "The password of user " + u.name(),
                    Optional.empty());
        }
        certificates(inventory, unused);
        return unused.findings;
    }

    private static void certificates(Inventory inventory, Unused unused) {
        Set<String> live = new HashSet<>();
        for (LiveSession s : inventory.liveSessions()) {
            live.add(TrailSerials.normalize(s.serial()));
        }
        Map<String, String> services = inventory.serviceCertificates();
        for (CertificateView c : inventory.certificates()) {
            if (!c.active() || live.contains(c.serial())) {
                continue;
            }
            String arn = unused.context.certificateArn(c.serial());
            if (c.kind() == CertificateKind.DEVICE) {
                unused.check(
                        "cert/" + c.serial(),
                        c.createdAt(),
                        arn,
                        "Device certificate " + c.serial() + " of " + c.thing().orElse("no thing"),
                        Optional.of(Fixes.deactivateCertificate(c.serial())));
            } else if (c.kind() == CertificateKind.SERVICE && services.containsKey(c.serial())) {
                String account = services.get(c.serial());
                unused.check(
                        "cert/" + c.serial(),
                        c.createdAt(),
                        arn,
                        "Certificate " + c.serial() + " of service account " + account,
                        Optional.of(Fixes.revokeServiceCertificate(account, c.serial())));
            }
        }
    }

    /** Collects the findings of credentials last used (or created, if never used) before the cutoff. */
    private static final class Unused {
        private final CheckContext context;
        private final Instant cutoff;
        private final Inventory inventory;
        private final List<Finding> findings = new ArrayList<>();

        Unused(CheckContext context, Instant cutoff, Inventory inventory) {
            this.context = context;
            this.cutoff = cutoff;
            this.inventory = inventory;
        }

        void check(String key, Instant created, String arn, String what, Optional<Fix> fix) {
            Instant used = inventory.lastUse(key);
            Instant since = used != null && used.isAfter(created) ? used : created;
            if (!since.isBefore(cutoff)) {
                return;
            }
            String detail = what
                    + (used == null
                            ? " was never used since it was created on " + CheckContext.day(created)
                            : " was last used on " + CheckContext.day(used))
                    + " (" + context.daysSince(since) + " days; threshold "
                    + context.settings().unusedAfter().toDays() + ")";
            Finding f = Findings.of(
                    CheckId.UNUSED_CREDENTIAL,
                    arn,
                    used == null ? "NEVER_USED" : "NOT_USED_RECENTLY",
                    detail,
                    "Turn the credential off if nobody needs it; if someone does, they will ask, and a new one can"
                            + " be issued then.");
            findings.add(fix.map(x -> Findings.withFix(f, x)).orElse(f));
        }
    }
}
