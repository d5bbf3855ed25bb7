package dev.warden.tuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The names of files on a TUF repository (specification 1.0, "Consistent snapshots"), shared by the writer of a
 * repository and the client so that the two cannot disagree.
 *
 * <p>With consistent snapshots: {@code N.root.json}, {@code timestamp.json} (never versioned),
 * {@code N.snapshot.json}, {@code N.targets.json}, {@code N.<role>.json} for a delegated role, and each target once
 * per listed hash as {@code <dir>/<hash>.<name>}. Role names are percent-encoded as JavaScript's
 * {@code encodeURIComponent} does (tuf-js), so that a role name can never add a directory to a file name.
 */
public final class MetadataFiles {
    public static final String TIMESTAMP = TopLevelRole.TIMESTAMP.fileName();
    private static final String UNRESERVED = "-_.!~*'()";

    private MetadataFiles() {}

    /** {@code N.root.json}: every root version stays on the repository, versioned, whatever the snapshot setting. */
    public static String root(long version) {
        return version + "." + TopLevelRole.ROOT.fileName();
    }

    /**
     * The file of a snapshot, top-level targets or delegated role's metadata: {@code N.<role>.json} with consistent
     * snapshots, {@code <role>.json} without.
     */
    public static String metadata(String role, long version, boolean consistentSnapshot) {
        return consistentSnapshot ? version + "." + unversioned(role) : unversioned(role);
    }

    /** {@code <role>.json}, the role name percent-encoded: the name a snapshot lists, made safe for a file name. */
    public static String unversioned(String role) {
        return encodeRoleName(role) + ".json";
    }

    /**
     * The file a client downloads for a target: {@code <dir>/<hash>.<name>} with consistent snapshots, where the hash
     * is the SHA-256 when listed (tuf-js takes the first hash of the file, which is SHA-256 in the sorted files
     * {@link MetadataWriter} writes), else the first listed in sorted order; the path itself without.
     */
    public static String target(String path, Map<String, String> hashes, boolean consistentSnapshot) {
        if (!consistentSnapshot) {
            return path;
        }
        if (hashes.isEmpty()) {
            throw new IllegalArgumentException("a target has at least one hash");
        }
        String hash = hashes.containsKey("sha256")
                ? hashes.get("sha256")
                : new TreeMap<>(hashes).firstEntry().getValue();
        return prefixed(path, hash);
    }

    /** Every name a repository with consistent snapshots publishes a target under: one per listed hash. */
    public static List<String> targetCopies(String path, Map<String, String> hashes) {
        List<String> names = new ArrayList<>();
        new TreeMap<>(hashes).values().forEach(hash -> names.add(prefixed(path, hash)));
        return names;
    }

    private static String prefixed(String path, String hash) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + hash + "." + path.substring(slash + 1);
    }

    /**
     * JavaScript's {@code encodeURIComponent}: everything but ASCII letters, digits and {@code -_.!~*'()} is
     * percent-encoded. Also how names from metadata appear in messages, so that none can forge a log line.
     */
    public static String encodeRoleName(String role) {
        StringBuilder out = new StringBuilder();
        for (byte b : role.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || UNRESERVED.indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
