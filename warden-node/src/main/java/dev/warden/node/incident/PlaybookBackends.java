package dev.warden.node.incident;

import dev.warden.iam.ServiceAccounts;
import dev.warden.iam.UserService;
import dev.warden.registry.PolicyService;
import dev.warden.registry.provisioning.JitpService;

/**
 * The IAM and registry services the stolen-credential, rogue-CA and permissive-policy playbooks act through. Any of
 * them may be null on a node that lacks it: the operations that need it then fail, never pretend.
 */
public record PlaybookBackends(
        UserService users, ServiceAccounts services, JitpService manufacturerCas, PolicyService policies) {
    /** None: every operation that needs one fails. */
    public static final PlaybookBackends NONE = new PlaybookBackends(null, null, null, null);
}
