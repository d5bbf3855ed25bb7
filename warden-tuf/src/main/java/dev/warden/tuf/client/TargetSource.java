package dev.warden.tuf.client;

import java.util.Optional;

/** Where the client downloads target files from (for a device, under the repository's targets URL). */
@FunctionalInterface
public interface TargetSource {
    /**
     * The target file at {@code path}, or empty when the repository does not have it.
     *
     * <p>{@code path} comes from signed metadata: relative, {@code /}-separated, with consistent snapshots of the form
     * {@code <dir>/<hash>.<name>}. It is signed, not safe: an implementation that maps it to a file system must not
     * let {@code ..} or an absolute path leave its directory. Read at most {@code maxLength + 1} bytes, as for
     * {@link MetadataSource#fetch}.
     */
    Optional<byte[]> fetch(String path, long maxLength);
}
