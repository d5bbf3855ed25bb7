package dev.warden.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The delegations of a targets role: the keys its delegated roles use and the roles, in priority order.
 *
 * <p>TAP 15's {@code succinct_roles} (hash-bin delegation) is not supported: metadata that uses it parses, but
 * delegates nothing here, so its targets are not found rather than trusted unchecked.
 *
 * @param keys key id to key, every id checked against its key
 * @param roles the delegated roles, most trusted first; names are unique
 */
public record Delegations(Map<String, TufKey> keys, List<DelegatedRole> roles) {
    public Delegations {
        keys = TufKey.checkIds(keys, "delegations");
        roles = List.copyOf(roles);
        Set<String> names = new HashSet<>();
        for (DelegatedRole role : roles) {
            if (!names.add(role.name())) {
                throw new TufException(
                        TufReason.MALFORMED, "delegated role " + TufJson.quote(role.name()) + " is listed twice");
            }
        }
    }

    /** The delegations that cover {@code targetPath}, in order of trust. */
    public List<DelegatedRole> rolesFor(String targetPath) {
        List<DelegatedRole> matching = new ArrayList<>();
        for (DelegatedRole role : roles) {
            if (role.delegates(targetPath)) {
                matching.add(role);
            }
        }
        return matching;
    }

    public ObjectNode toJson() {
        ObjectNode node = TufJson.NODES.objectNode();
        node.set("keys", TufKey.mapToJson(keys));
        ArrayNode array = node.putArray("roles");
        roles.forEach(role -> array.add(role.toJson()));
        return node;
    }

    static Delegations fromJson(JsonNode node, String what) {
        TufJson.object(node, what);
        Map<String, TufKey> keys = TufKey.mapFromJson(node.get("keys"), what);
        List<DelegatedRole> roles = new ArrayList<>();
        JsonNode array = node.get("roles");
        if (array != null) {
            if (!array.isArray()) {
                throw TufJson.malformed(what + ".roles", "must be an array");
            }
            for (JsonNode role : array) {
                roles.add(DelegatedRole.fromJson(role, what + ".roles"));
            }
        }
        return new Delegations(keys, roles);
    }
}
