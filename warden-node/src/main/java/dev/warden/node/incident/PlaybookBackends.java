package dev.warden.node.incident;

import dev.warden.iam.ServiceAccounts;
import dev.warden.iam.UserService;
import dev.warden.region.forward.IamContainment;
import dev.warden.registry.PolicyService;
import dev.warden.registry.provisioning.JitpService;

/**
 * The IAM and registry services the stolen-credential, rogue-CA and permissive-policy playbooks act through. Any of
 * them may be null on a node that lacks it: the operations that need it then fail, never pretend. {@code control} is
 * the link to the control region (null with region links off): in a member region, a change of a user or service
 * account is made there too, so that it reaches every region.
 */
public record PlaybookBackends(
        UserService users,
        ServiceAccounts services,
        JitpService manufacturerCas,
        PolicyService policies,
        IamContainment control) {
    /** None: every operation that needs one fails. */
    public static final PlaybookBackends NONE = new PlaybookBackends(null, null, null, null, null);

    /** A node on its own: every change is made here. */
    public PlaybookBackends(
            UserService users, ServiceAccounts services, JitpService manufacturerCas, PolicyService policies) {
        this(users, services, manufacturerCas, policies, null);
    }

    /** What this region's own IAM does for a playbook, and for a member that asks (in a control region). */
    public IamContainment.Principals principals() {
        return new PlaybookPrincipals(users, services);
    }
}
