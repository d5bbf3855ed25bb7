package dev.warden.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Root metadata: the keys of every top-level role and their thresholds. A device ships with one root and follows the
 * chain of later ones ({@code N.root.json}), each signed by the previous root's keys and its own.
 *
 * @param roles role name to role; the four top-level roles must be present, others (such as {@code mirrors}) may be
 */
public record Root(
        String specVersion,
        long version,
        Instant expires,
        boolean consistentSnapshot,
        Map<String, TufKey> keys,
        Map<String, TufRole> roles)
        implements TufMetadata {
    public static final String TYPE = "root";

    public Root {
        TufJson.checkRange(version, 1, "root version");
        expires = expires.truncatedTo(ChronoUnit.SECONDS);
        keys = TufKey.checkIds(keys, "root");
        roles = Map.copyOf(roles);
        for (TopLevelRole role : TopLevelRole.values()) {
            if (!roles.containsKey(role.jsonName())) {
                throw new TufException(TufReason.MALFORMED, "root lists no role " + role.jsonName());
            }
        }
    }

    /** A root as Warden writes it: the current spec version and consistent snapshots. */
    public static Root of(long version, Instant expires, Map<String, TufKey> keys, Map<TopLevelRole, TufRole> roles) {
        Map<String, TufRole> named = new LinkedHashMap<>();
        roles.forEach((role, value) -> named.put(role.jsonName(), value));
        return new Root(SPEC_VERSION, version, expires, true, keys, named);
    }

    @Override
    public String type() {
        return TYPE;
    }

    public TufRole role(TopLevelRole role) {
        return roles.get(role.jsonName());
    }

    @Override
    public ObjectNode toJson() {
        ObjectNode node = SignedHeader.write(TYPE, specVersion, version, expires);
        node.put("consistent_snapshot", consistentSnapshot);
        node.set("keys", TufKey.mapToJson(keys));
        ObjectNode rolesNode = node.putObject("roles");
        roles.forEach((name, role) -> rolesNode.set(name, role.toJson()));
        return node;
    }

    /**
     * Reads a root's {@code signed} object. {@code consistent_snapshot} is optional in the specification (old
     * metadata) and false when absent.
     */
    public static Root fromJson(JsonNode signed) {
        SignedHeader header = SignedHeader.read(signed, TYPE);
        boolean consistent = signed.has("consistent_snapshot") && TufJson.bool(signed, "consistent_snapshot", TYPE);
        Map<String, TufRole> roles = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry :
                TufJson.objectField(signed, "roles", TYPE).properties()) {
            roles.put(
                    entry.getKey(), TufRole.fromJson(entry.getValue(), "root.roles." + TufJson.quote(entry.getKey())));
        }
        return new Root(
                header.specVersion(),
                header.version(),
                header.expires(),
                consistent,
                TufKey.mapFromJson(signed.get("keys"), TYPE),
                roles);
    }
}
