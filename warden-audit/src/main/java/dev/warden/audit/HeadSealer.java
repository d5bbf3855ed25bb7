package dev.warden.audit;

/**
 * Seals the chain head after every commit with a key the database does not hold, so that a node restarting after a
 * crash can tell its own unsigned tail (sealed) from events appended by someone with write access to the database
 * (not sealed). The seal is a MAC, not a signature: only the node itself needs to check it.
 */
public interface HeadSealer {
    /** The seal of {@code region}'s chain ending at {@code seq} with hash {@code hash}. */
    String seal(String region, long seq, String hash);

    /** True only for a seal this sealer made over exactly these values. */
    boolean verify(String region, long seq, String hash, String seal);
}
