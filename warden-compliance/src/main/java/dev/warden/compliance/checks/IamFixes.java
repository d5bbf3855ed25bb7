package dev.warden.compliance.checks;

import dev.warden.compliance.core.Finding;
import dev.warden.compliance.core.Fix;
import dev.warden.compliance.inventory.PolicyView;
import java.util.List;

/** The fix of a too-broad IAM policy: detaching it, when one command can (it is attached to one principal). */
final class IamFixes {
    private IamFixes() {}

    static Finding detachIfSingle(Finding finding, PolicyView policy) {
        List<dev.warden.compliance.inventory.PrincipalRef> principals = policy.iamPrincipals();
        if (principals.size() != 1) {
            return finding;
        }
        Fix fix = Fixes.detachPolicy(policy.name(), principals.get(0));
        return fix == null ? finding : Findings.withFix(finding, fix);
    }
}
