package dev.warden.tuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The {@code signed} part of a metadata file, one record per role type. Records hold only the fields this module
 * understands: verification always runs over the canonical form of the {@code signed} object as it was received
 * (see {@link SignedEnvelope}), so unknown fields are covered by the signature even though they are not kept.
 */
public sealed interface TufMetadata permits Root, Timestamp, Snapshot, Targets {
    /** The spec_version Warden writes: the version tuf-js 6 and python-tuf write (clients accept any 1.x). */
    String SPEC_VERSION = "1.0.31";

    /** The {@code _type}: {@code root}, {@code timestamp}, {@code snapshot} or {@code targets}. */
    String type();

    String specVersion();

    long version();

    /** When the metadata stops being trusted; whole seconds (the file format has no fractions). */
    Instant expires();

    /** Whether the metadata has expired at {@code now}: an expiry equal to {@code now} has. */
    default boolean isExpiredAt(Instant now) {
        return !expires().isAfter(now);
    }

    /** The {@code signed} object, as it is written and signed. */
    ObjectNode toJson();
}
