package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.ApiKeyView;
import dev.warden.compliance.inventory.CredentialUse;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.PrincipalView;
import dev.warden.compliance.inventory.UserView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE: the bootstrap admin credential (the token the node wrote into its data
 * directory at its first start) was used, within the bootstrap window (30 days), after another administrator had
 * started using an account of its own. The bootstrap token is shared by whoever can read that file and names no
 * person in the trail; once people administer with their own accounts, it belongs in a safe. An administrator is a
 * principal whose policies let it attach any policy, as warden-policy's evaluator decides; "started using" is its
 * first use in the trail, so creating the first administrator with the bootstrap credential is not itself a finding.
 */
final class AdminCredentialBootstrapInUse implements Check {
    @Override
    public CheckId id() {
        return CheckId.ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE;
    }

    /** Another administrator and when it was first seen using its own credential. */
    private record OtherAdmin(String name, Instant used) {}

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<PrincipalView> bootstrap = inventory.principals().stream()
                .filter(p -> p.bootstrap() && p.active())
                .toList();
        if (bootstrap.isEmpty()) {
            return List.of();
        }
        OtherAdmin other = otherAdmin(inventory, context);
        if (other == null) {
            return List.of();
        }
        Instant windowStart = context.now().minus(context.settings().bootstrapUseWindow());
        List<Finding> out = new ArrayList<>();
        for (PrincipalView b : bootstrap) {
            Instant used = inventory.lastUse("admin/" + b.id());
            if (used == null || !used.isAfter(other.used()) || used.isBefore(windowStart)) {
                continue;
            }
            out.add(Findings.of(
                    id(),
                    context.iamArn("admin/" + b.id()),
                    "USED_WHILE_OTHER_ADMINS_EXIST",
                    "The bootstrap admin credential " + b.id() + " was used on " + CheckContext.day(used)
                            + " although " + other.name() + ", an administrator, has used an account of its own"
                            + " since " + CheckContext.day(other.used()),
                    "Administer with your own account (warden login NAME), and move DATA/admin-credential off the"
                            + " node into a safe for emergencies."));
        }
        return out;
    }

    /** The administrator other than the bootstrap credential that started using its own credential first. */
    private static OtherAdmin otherAdmin(Inventory inventory, CheckContext context) {
        Permissions permissions = new Permissions(inventory.policies(), context);
        Map<String, CredentialUse> usage = inventory.usage();
        OtherAdmin best = null;
        for (UserView u : inventory.users()) {
            Instant used = first(usage, "user/" + u.name());
            if (used != null
                    && (best == null || used.isBefore(best.used()))
                    && permissions.administrator(permissions.policiesOf("user", u.name(), u.groups()), u.name())) {
                best = new OtherAdmin("user " + u.name(), used);
            }
        }
        for (PrincipalView p : inventory.principals()) {
            Instant used = firstUseOf(p, inventory, usage);
            if (!p.bootstrap()
                    && p.active()
                    && used != null
                    && (best == null || used.isBefore(best.used()))
                    && permissions.administrator(permissions.policiesOf(p.type(), p.id(), List.of()), p.id())) {
                best = new OtherAdmin(p.type() + " " + p.id(), used);
            }
        }
        return best;
    }

    private static Instant first(Map<String, CredentialUse> usage, String key) {
        CredentialUse use = usage.get(key);
        return use == null ? null : use.first();
    }

    private static Instant firstUseOf(PrincipalView p, Inventory inventory, Map<String, CredentialUse> usage) {
        if (PrincipalView.ADMIN.equals(p.type())) {
            return first(usage, "admin/" + p.id());
        }
        if (!PrincipalView.SERVICE.equals(p.type())) {
            return null; // a role is used through the users who assume it
        }
        Instant earliest = null;
        for (ApiKeyView k : inventory.apiKeys()) {
            Instant used = k.account().equals(p.id()) ? first(usage, "apikey/" + k.id()) : null;
            if (used != null && (earliest == null || used.isBefore(earliest))) {
                earliest = used;
            }
        }
        return earliest;
    }
}
