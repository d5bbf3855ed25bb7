package dev.warden.audit;

/**
 * What a node found at start when its trail disagreed with what it had written.
 *
 * @param accountedUpTo the last seq the node can vouch for (signed, or sealed by its own head seal)
 * @param fromSeq       first seq of the affected range
 * @param toSeq         last seq of the affected range
 */
public record TamperFinding(Kind kind, long accountedUpTo, long fromSeq, long toSeq, String detail) {
    public enum Kind {
        /** Events after the last signed or sealed head: the node did not write them. They are set aside. */
        UNACCOUNTED_EVENTS,
        /** The trail ends before a checkpoint or head its anchor recorded: it was cut. */
        BEHIND_ANCHOR,
        /** The trail holds a different checkpoint or hash than its anchor recorded: it was rewritten. */
        DIVERGES_FROM_ANCHOR
    }

    /** Whether events must be moved out of the chain before it goes on. */
    public boolean setsAside() {
        return kind == Kind.UNACCOUNTED_EVENTS;
    }
}
