package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.UserView;
import java.util.ArrayList;
import java.util.List;

/**
 * IAM_USER_WITHOUT_MFA: a user without MFA may change IAM, KMS or the audit trail, as warden-policy's evaluator
 * decides it over the user's own and its groups' policies with no second factor presented (a policy that requires
 * {@code warden:MultiFactorAuthPresent} does not count: it allows nothing without MFA). A password alone then guards
 * the keys to everything. Only the user can enrol a second factor, so there is no one-command fix.
 */
final class IamUserWithoutMfa implements Check {
    @Override
    public CheckId id() {
        return CheckId.IAM_USER_WITHOUT_MFA;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<UserView> withoutMfa =
                inventory.users().stream().filter(u -> !u.mfaEnabled()).toList();
        if (withoutMfa.isEmpty()) {
            return List.of();
        }
        Permissions permissions = new Permissions(inventory.policies(), context);
        List<Finding> out = new ArrayList<>();
        for (UserView u : withoutMfa) {
            String action = permissions.securityChangeAllowed(
                    permissions.policiesOf("user", u.name(), u.groups()), u.name(), false);
            if (action == null) {
                continue;
            }
            out.add(Findings.of(
                    id(),
                    context.iamArn("user/" + u.name()),
                    "PRIVILEGED_WITHOUT_MFA",
                    "User " + u.name() + " has no MFA and may " + action + " without it",
                    "Have " + u.name() + " enrol an authenticator (warden user mfa-enroll " + u.name()
                            + ", then warden user mfa-confirm), or require MFA in the policy's condition"
                            + " (\"Bool\": {\"warden:MultiFactorAuthPresent\": \"true\"})."));
        }
        return out;
    }
}
