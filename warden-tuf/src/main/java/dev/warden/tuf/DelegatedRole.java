package dev.warden.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A targets role's delegation of some target paths to another role: Warden delegates one role per thing type, named
 * after it, with the path pattern {@code <thing type>/*}.
 *
 * @param name the delegated role's name, which is also its metadata file's name ({@code <name>.json})
 * @param keyIds the ids (in the delegating role's {@code delegations.keys}) of the keys the role trusts
 * @param threshold how many distinct keys must sign the delegated role's metadata
 * @param terminating whether a search that reaches this role stops here instead of trying later delegations
 * @param paths the path patterns delegated (see {@link PathPattern}); used when {@code pathHashPrefixes} is empty
 * @param pathHashPrefixes hex prefixes of the SHA-256 of delegated target paths; empty when {@code paths} is used
 */
public record DelegatedRole(
        String name,
        List<String> keyIds,
        int threshold,
        boolean terminating,
        List<String> paths,
        List<String> pathHashPrefixes) {
    public DelegatedRole {
        if (name == null || name.isEmpty() || TopLevelRole.isTopLevelName(name)) {
            throw new TufException(TufReason.MALFORMED, "a delegated role needs a name other than a top-level role's");
        }
        keyIds = TufRole.checkKeyIds(keyIds, threshold, "delegated role " + TufJson.quote(name));
        paths = List.copyOf(paths);
        pathHashPrefixes = List.copyOf(pathHashPrefixes);
        if (!paths.isEmpty() && !pathHashPrefixes.isEmpty()) {
            throw new TufException(
                    TufReason.MALFORMED,
                    "delegated role " + TufJson.quote(name) + " has both paths and path_hash_prefixes");
        }
    }

    /** A delegation by path patterns, the form Warden uses. */
    public static DelegatedRole forPaths(
            String name, List<String> keyIds, int threshold, boolean terminating, List<String> paths) {
        return new DelegatedRole(name, keyIds, threshold, terminating, paths, List.of());
    }

    /** Whether this delegation covers {@code targetPath}. */
    public boolean delegates(String targetPath) {
        if (!pathHashPrefixes.isEmpty()) {
            String hash = sha256Hex(targetPath);
            return pathHashPrefixes.stream().anyMatch(hash::startsWith);
        }
        return paths.stream().anyMatch(pattern -> PathPattern.matches(pattern, targetPath));
    }

    public ObjectNode toJson() {
        ObjectNode node = TufJson.NODES.objectNode();
        node.put("name", name);
        node.set("keyids", TufJson.array(keyIds));
        node.put("threshold", threshold);
        node.put("terminating", terminating);
        if (pathHashPrefixes.isEmpty()) {
            node.set("paths", TufJson.array(paths));
        } else {
            node.set("path_hash_prefixes", TufJson.array(pathHashPrefixes));
        }
        return node;
    }

    static DelegatedRole fromJson(JsonNode node, String what) {
        TufJson.object(node, what);
        String name = TufJson.string(node, "name", what);
        String where = what + "[" + TufJson.quote(name) + "]";
        boolean hasPaths = node.has("paths");
        boolean hasPrefixes = node.has("path_hash_prefixes");
        if (hasPaths && hasPrefixes) {
            throw TufJson.malformed(where, "has both paths and path_hash_prefixes");
        }
        return new DelegatedRole(
                name,
                TufJson.strings(node, "keyids", where),
                TufRole.threshold(node, where),
                TufJson.bool(node, "terminating", where),
                hasPaths ? TufJson.strings(node, "paths", where) : List.of(),
                hasPrefixes ? TufJson.strings(node, "path_hash_prefixes", where) : List.of());
    }

    private static String sha256Hex(String path) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
