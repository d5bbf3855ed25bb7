package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.PrincipalView;
import dev.warden.compliance.inventory.UserView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE: the bootstrap admin credential (the token the node wrote into its data
 * directory at its first start) was used after another administrator existed, within the bootstrap window (30 days).
 * It is shared by whoever can read that file and names no person in the trail; once people have admin accounts of
 * their own, it belongs in a safe. An administrator is a principal whose policies let it attach any policy, as
 * warden-policy's evaluator decides.
 */
final class AdminCredentialBootstrapInUse implements Check {
    @Override
    public CheckId id() {
        return CheckId.ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<PrincipalView> bootstrap = inventory.principals().stream()
                .filter(p -> p.bootstrap() && p.active())
                .toList();
        if (bootstrap.isEmpty()) {
            return List.of();
        }
        Permissions permissions = new Permissions(inventory.policies(), context);
        Instant firstOtherAdmin = null;
        String otherAdmin = null;
        for (UserView u : inventory.users()) {
            if (permissions.administrator(permissions.policiesOf("user", u.name(), u.groups()), u.name())
                    && (firstOtherAdmin == null || u.createdAt().isBefore(firstOtherAdmin))) {
                firstOtherAdmin = u.createdAt();
                otherAdmin = "user " + u.name();
            }
        }
        for (PrincipalView p : inventory.principals()) {
            if (!p.bootstrap()
                    && p.active()
                    && permissions.administrator(permissions.policiesOf(p.type(), p.id(), List.of()), p.id())
                    && (firstOtherAdmin == null || p.createdAt().isBefore(firstOtherAdmin))) {
                firstOtherAdmin = p.createdAt();
                otherAdmin = p.type() + " " + p.id();
            }
        }
        if (firstOtherAdmin == null) {
            return List.of();
        }
        Instant windowStart = context.now().minus(context.settings().bootstrapUseWindow());
        Instant since = firstOtherAdmin.isAfter(windowStart) ? firstOtherAdmin : windowStart;
        List<Finding> out = new ArrayList<>();
        for (PrincipalView b : bootstrap) {
            Instant used = inventory.lastUse().get("admin/" + b.id());
            if (used == null || !used.isAfter(since)) {
                continue;
            }
            out.add(Findings.of(
                    id(),
                    context.iamArn("admin/" + b.id()),
                    "USED_WHILE_OTHER_ADMINS_EXIST",
                    "The bootstrap admin credential " + b.id() + " was used on " + CheckContext.day(used) + " although "
                            + otherAdmin + " is an administrator",
                    "Use your own account (warden login NAME) for administration, and move DATA/admin-credential"
                            + " off the node into a safe for emergencies."));
        }
        return out;
    }
}
