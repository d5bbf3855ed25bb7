package dev.warden.compliance.checks;

import dev.warden.compliance.core.CheckId;
import dev.warden.compliance.core.Finding;
import dev.warden.compliance.inventory.Inventory;
import dev.warden.compliance.inventory.PolicyView;
import dev.warden.policy.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * IAM_POLICY_SERVICE_FULL_ACCESS: an IAM policy attached to a principal allows every action of a service
 * ({@code kms:*}, {@code iam:*}, {@code audit:*}, ...), including the destructive ones and those added later. Read from
 * warden-policy's analyzer (ALLOW_ALL_SERVICE_ACTIONS).
 */
final class IamPolicyServiceFullAccess implements Check {
    @Override
    public CheckId id() {
        return CheckId.IAM_POLICY_SERVICE_FULL_ACCESS;
    }

    @Override
    public List<Finding> evaluate(Inventory inventory, CheckContext context) {
        List<Finding> out = new ArrayList<>();
        for (PolicyView p : inventory.policies()) {
            if (p.policy().isEmpty() || !PolicyKinds.iam(p)) {
                continue;
            }
            Set<String> services = new TreeSet<>();
            Statement first = null;
            for (dev.warden.policy.Finding f : p.analysis()) {
                if (f.code() != dev.warden.policy.Finding.Code.ALLOW_ALL_SERVICE_ACTIONS) {
                    continue;
                }
                Statement s = p.policy().get().statements().get(f.statementIndex());
                first = first == null ? s : first;
                s.actions().stream().filter(a -> a.endsWith(":*")).forEach(services::add);
            }
            if (services.isEmpty()) {
                continue;
            }
            out.add(IamFixes.detachIfSingle(
                    Findings.of(
                            id(),
                            context.policyArn(p.name()),
                            "ALL_ACTIONS_OF_SERVICE",
                            "Policy " + p.name() + " (" + PolicyKinds.attachment(p) + ") allows "
                                    + String.join(", ", services) + " (" + PolicyKinds.where(first) + ")",
                            "List the actions the principal needs instead of service:* (warden policy unused shows"
                                    + " which granted actions it never used), then update or detach this policy."),
                    p));
        }
        return out;
    }
}
