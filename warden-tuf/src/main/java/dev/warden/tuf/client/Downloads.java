package dev.warden.tuf.client;

import dev.warden.tuf.TufException;
import dev.warden.tuf.TufReason;
import java.util.Optional;

/** Fetches through a {@link MetadataSource} and enforces the length bound whatever the source returned. */
final class Downloads {
    private Downloads() {}

    /**
     * A file the workflow cannot go on without.
     *
     * @param oversize the reason when the file is longer than {@code limit}: {@link TufReason#LENGTH_MISMATCH} when
     *     the limit is a length signed metadata gave, {@link TufReason#TOO_LARGE} when it is the client's own bound
     */
    static byte[] required(MetadataSource source, String fileName, long limit, TufReason oversize, String what) {
        return optional(source, fileName, limit, oversize, what)
                .orElseThrow(() ->
                        new TufException(TufReason.MISSING, what + " (" + fileName + ") is not on the repository"));
    }

    static Optional<byte[]> optional(
            MetadataSource source, String fileName, long limit, TufReason oversize, String what) {
        Optional<byte[]> file = source.fetch(fileName, limit);
        if (file.isPresent() && file.get().length > limit) {
            throw new TufException(oversize, what + " (" + fileName + ") is longer than " + limit + " bytes");
        }
        return file;
    }
}
