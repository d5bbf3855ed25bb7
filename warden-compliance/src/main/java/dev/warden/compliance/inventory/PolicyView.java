package dev.warden.compliance.inventory;

import dev.warden.policy.Finding;
import dev.warden.policy.Policy;
import java.util.List;
import java.util.Optional;

/**
 * A stored policy: its compiled form (empty when a stored document no longer parses), what warden-policy's
 * least-privilege analyzer says about it, and what it is attached to.
 *
 * @param attachedThings how many things it is attached to directly
 * @param principals     every other principal it is attached to (users, groups, roles, services, admin
 *                       credentials, thing groups)
 */
public record PolicyView(
        String name,
        boolean builtIn,
        Optional<Policy> policy,
        List<Finding> analysis,
        int attachedThings,
        List<PrincipalRef> principals) {

    public PolicyView {
        analysis = List.copyOf(analysis);
        principals = List.copyOf(principals);
    }

    /** Attached to things, directly or through a thing group: devices decide with it. */
    public boolean attachedToDevices() {
        return attachedThings > 0 || principals.stream().anyMatch(PrincipalRef::thingGroup);
    }

    /** Attached to a person, an application or an admin credential: the admin API decides with it. */
    public boolean attachedToIamPrincipals() {
        return principals.stream().anyMatch(p -> !p.thingGroup());
    }

    /** The IAM principals it is attached to. */
    public List<PrincipalRef> iamPrincipals() {
        return principals.stream().filter(p -> !p.thingGroup()).toList();
    }
}
