package dev.warden.console.view;

import java.util.List;

/**
 * The verification of a range of the trail: the hash chain recomputed and every checkpoint's signature checked over
 * the events from {@code from} to {@code to}; {@code intact} when no problem was found.
 */
public record VerifyView(
        Frame frame,
        String from,
        String to,
        boolean intact,
        long eventsChecked,
        int digestsChecked,
        long firstSeq,
        long lastSeq,
        long unsignedTail,
        List<String> problems) {}
