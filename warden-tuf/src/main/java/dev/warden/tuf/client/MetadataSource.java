package dev.warden.tuf.client;

import java.util.Optional;

/**
 * Where the client reads metadata files from: for a device, HTTP GETs under the repository's metadata URL
 * ({@code http://<node>/tuf/<thing type>/}). The client itself does no I/O.
 */
@FunctionalInterface
public interface MetadataSource {
    /**
     * The metadata file {@code fileName}, or empty when the repository does not have it (HTTP 404 or 403: the
     * client's root update stops at the first root version that is absent).
     *
     * <p>{@code fileName} is one path segment ({@code 3.root.json}, {@code timestamp.json}, {@code 7.sensor.json});
     * a delegated role's name in it is percent-encoded. An implementation must stop reading after
     * {@code maxLength + 1} bytes: the client refuses anything longer than {@code maxLength}, and reading on would let
     * a hostile repository exhaust the device. Failures other than absence (a broken connection, a server error)
     * should be thrown; they end the update without changing trusted state.
     */
    Optional<byte[]> fetch(String fileName, long maxLength);
}
