package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.PolicyView;
import dev.warden.policy.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * IAM_POLICY_ADMIN_WILDCARD: an IAM policy attached to a principal allows {@code Action: "*"} on
 * {@code Resource: "*"} in one statement: the seed's "wildcard permissions", full administrator rights. Read from
 * warden-policy's analyzer (ALLOW_ALL_ACTIONS and ALLOW_ALL_RESOURCES on the same statement). When it is attached to
 * one principal, detaching it is the fix.
 */
final class IamPolicyAdminWildcard implements Check {
    @Override
    public CheckId id() {
        return CheckId.IAM_POLICY_ADMIN_WILDCARD;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<Finding> out = new ArrayList<>();
        for (PolicyView p : inventory.policies()) {
            if (p.policy().isEmpty() || !PolicyKinds.iam(p)) {
                continue;
            }
            Set<Integer> allActions = new HashSet<>();
            Set<Integer> allResources = new HashSet<>();
            for (dev.warden.policy.Finding f : p.analysis()) {
                switch (f.code()) {
                    case ALLOW_ALL_ACTIONS -> allActions.add(f.statementIndex());
                    case ALLOW_ALL_RESOURCES -> allResources.add(f.statementIndex());
                    default -> {
                        // not this check's
                    }
                }
            }
            allActions.retainAll(allResources);
            if (allActions.isEmpty()) {
                continue;
            }
            Statement s =
                    p.policy().get().statements().get(allActions.iterator().next());
            out.add(IamFixes.detachIfSingle(
                    Findings.of(
                            id(),
                            context.policyArn(p.name()),
                            "ALLOW_ALL_ACTIONS_ON_ALL_RESOURCES",
                            "Policy " + p.name() + " (" + PolicyKinds.attachment(p) + ") allows every action on every"
                                    + " resource in " + PolicyKinds.where(s),
                            "Grant only the actions the principal needs (warden policy generate --principal NAME"
                                    + " writes a policy from what it actually did), attach that, and detach this one."),
                    p));
        }
        return out;
    }
}
