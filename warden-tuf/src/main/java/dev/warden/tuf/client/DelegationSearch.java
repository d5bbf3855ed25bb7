package dev.warden.tuf.client;

import dev.warden.tuf.DelegatedRole;
import dev.warden.tuf.Delegations;
import dev.warden.tuf.TargetFile;
import dev.warden.tuf.Targets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Spec 5.6.7: a pre-order depth-first search of the delegation graph for a target path, starting at the top-level
 * targets role, in the order delegations are listed (earlier is more trusted), stopping at a terminating delegation,
 * never visiting a role twice, and visiting at most {@link TufLimits#maxDelegations()} roles.
 *
 * <p>A delegated role is entered only for paths its delegation covers, and its metadata is verified with the keys
 * its delegating role lists: a thing type's role can vouch only for that thing type's targets. Metadata that fails
 * verification ends the search with its reason, as tuf-js does, rather than being passed over: a device should hear
 * about tampering, not about a missing target.
 */
final class DelegationSearch {
    static final String TOP_LEVEL = "targets";

    private final Targets topLevel;
    private final TargetsLoader loader;
    private final int maxRoles;
    // Keyed by delegating role and delegated role: the pair fixes the keys and threshold the metadata was checked with.
    private final Map<String, Targets> verified = new HashMap<>();

    DelegationSearch(Targets topLevel, TargetsLoader loader, int maxRoles) {
        this.topLevel = topLevel;
        this.loader = loader;
        this.maxRoles = maxRoles;
    }

    Optional<TargetInfo> find(String path) {
        Deque<Visit> toVisit = new ArrayDeque<>();
        toVisit.push(new Visit(TOP_LEVEL, null, null));
        Set<String> visited = new HashSet<>();
        while (!toVisit.isEmpty() && visited.size() < maxRoles) {
            Visit visit = toVisit.pop();
            if (visited.contains(visit.role())) {
                continue;
            }
            Targets targets = metadataOf(visit);
            TargetFile file = targets.targets().get(path);
            if (file != null) {
                return Optional.of(new TargetInfo(path, file, visit.role()));
            }
            visited.add(visit.role());
            targets.delegations().ifPresent(delegations -> pushChildren(visit.role(), delegations, path, toVisit));
        }
        return Optional.empty();
    }

    private void pushChildren(String parent, Delegations delegations, String path, Deque<Visit> toVisit) {
        List<Visit> children = new ArrayList<>();
        for (DelegatedRole role : delegations.rolesFor(path)) {
            children.add(new Visit(role.name(), parent, new Delegation(role, delegations)));
            if (role.terminating()) {
                // 5.6.7.2.1: nothing after a terminating delegation may answer for this path.
                toVisit.clear();
                break;
            }
        }
        Collections.reverse(children);
        children.forEach(toVisit::push);
    }

    private Targets metadataOf(Visit visit) {
        if (visit.delegation() == null) {
            return topLevel;
        }
        DelegatedRole role = visit.delegation().role();
        return verified.computeIfAbsent(
                visit.parent() + "\u0000" + visit.role(),
                key -> loader.load(
                        role.name(), visit.delegation().delegations().keys(), role.keyIds(), role.threshold()));
    }

    private record Delegation(DelegatedRole role, Delegations delegations) {}

    private record Visit(String role, String parent, Delegation delegation) {}
}
