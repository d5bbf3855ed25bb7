package dev.warden.compliance.checks;

import dev.warden.compliance.inventory.PolicyView;
import dev.warden.policy.Effect;
import dev.warden.policy.Statement;
import java.util.Locale;

/**
 * Whether a stored policy is a device policy or an IAM policy: one table holds both, and what a policy is attached
 * to says what it is. A device policy not attached yet still counts (provisioning templates and JITP attach it to
 * every new thing without an admin call), recognised by naming only {@code iot:} actions.
 */
final class PolicyKinds {
    private PolicyKinds() {}

    static boolean device(PolicyView p) {
        if (p.attachedToDevices()) {
            return true;
        }
        if (p.attachedToIamPrincipals() || p.policy().isEmpty()) {
            return false;
        }
        for (Statement s : p.policy().get().statements()) {
            if (s.effect() != Effect.ALLOW) {
                continue;
            }
            if (s.notAction()) {
                return false;
            }
            for (String a : s.actions()) {
                if (!a.toLowerCase(Locale.ROOT).startsWith("iot:")) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * An IAM policy the node decides admin calls with: attached to a person, group, role, service account or admin
     * credential. Built-in policies are Warden's own, reviewed with its code (as AWS-managed policies are not
     * customer findings); the bootstrap credential that holds the built-in administrator policy is checked by
     * ADMIN_CREDENTIAL_BOOTSTRAP_IN_USE instead. An unattached IAM policy allows nothing until it is attached, and
     * attaching it re-runs the check.
     */
    static boolean iam(PolicyView p) {
        return !p.builtIn() && p.attachedToIamPrincipals();
    }

    /** Whether an action pattern ({@code *} and {@code ?} wildcards, case-insensitive) covers {@code action}. */
    static boolean covers(String pattern, String action) {
        return glob(pattern.toLowerCase(Locale.ROOT), 0, action.toLowerCase(Locale.ROOT), 0);
    }

    private static boolean glob(String p, int i, String s, int j) {
        while (i < p.length()) {
            char c = p.charAt(i);
            if (c == '*') {
                for (int k = j; k <= s.length(); k++) {
                    if (glob(p, i + 1, s, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (j >= s.length() || (c != '?' && c != s.charAt(j))) {
                return false;
            }
            i++;
            j++;
        }
        return j == s.length();
    }

    /** Where a statement is, as a person finds it: {@code statement 2 (sid AllowAll)}. */
    static String where(Statement s) {
        return "statement " + s.index() + (s.sid() == null ? "" : " (sid " + s.sid() + ")");
    }

    /** What a policy is attached to, for a detail. */
    static String attachment(PolicyView p) {
        if (p.attachedThings() == 0 && p.principals().isEmpty()) {
            return "not attached yet";
        }
        StringBuilder out = new StringBuilder("attached to ");
        if (p.attachedThings() > 0) {
            out.append(p.attachedThings()).append(" thing(s)");
        }
        if (!p.principals().isEmpty()) {
            if (p.attachedThings() > 0) {
                out.append(" and ");
            }
            out.append(String.join(
                    ", ",
                    p.principals().stream().map(r -> r.type() + " " + r.id()).toList()));
        }
        return out.toString();
    }
}
