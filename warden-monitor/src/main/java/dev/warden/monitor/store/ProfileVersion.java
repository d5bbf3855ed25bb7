package dev.warden.monitor.store;

import java.time.Instant;

/** One stored version of a profile: the document as it was after {@code change}, by whom and when. */
public record ProfileVersion(
        String name, long version, String document, ProfileChange change, String changedBy, Instant changedAt) {}
