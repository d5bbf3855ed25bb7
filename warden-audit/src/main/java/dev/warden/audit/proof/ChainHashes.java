package dev.warden.audit.proof;

import dev.warden.audit.merkle.LeafSource;
import dev.warden.audit.merkle.MerkleHash;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The chain hashes of events {@code 1..n} in one byte array (32 bytes each, no object per event), as the leaves of
 * the trail's Merkle tree: leaf {@code seq - 1} has the raw chain hash of event {@code seq} as its input. Appended
 * in seq order while a store streams them; not thread-safe.
 */
public final class ChainHashes implements LeafSource {
    /** The most hashes one array holds (2 GiB); a longer trail needs its proofs built in pieces. */
    public static final long MAX = Integer.MAX_VALUE / MerkleHash.LENGTH;

    private static final HexFormat HEX = HexFormat.of();

    private byte[] bytes;
    private int size;

    public ChainHashes(long expected) {
        if (expected < 0 || expected > MAX) {
            throw new IllegalArgumentException(
                    "cannot hold " + expected + " chain hashes in memory (at most " + MAX + ")");
        }
        bytes = new byte[(int) Math.max(1, expected) * MerkleHash.LENGTH];
    }

    /** Appends the chain hash of the next event; throws {@link IllegalArgumentException} if it is not 64 hex digits. */
    public void add(String chainHashHex) {
        if (chainHashHex == null || chainHashHex.length() != 2 * MerkleHash.LENGTH) {
            throw new IllegalArgumentException("chain hash " + (size + 1) + " is not a SHA-256 hash");
        }
        if ((long) (size + 1) * MerkleHash.LENGTH > bytes.length) {
            if (size + 1L > MAX) {
                throw new IllegalArgumentException("more than " + MAX + " chain hashes");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.min((long) bytes.length * 2, MAX * MerkleHash.LENGTH));
        }
        byte[] raw = HEX.parseHex(chainHashHex);
        System.arraycopy(raw, 0, bytes, size * MerkleHash.LENGTH, MerkleHash.LENGTH);
        size++;
    }

    public long size() {
        return size;
    }

    /** The raw chain hash at a zero-based leaf index (event {@code index + 1}). */
    public byte[] chainHash(long index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("leaf " + index + " of " + size);
        }
        int from = (int) index * MerkleHash.LENGTH;
        return Arrays.copyOfRange(bytes, from, from + MerkleHash.LENGTH);
    }

    @Override
    public byte[] leafHash(long index) {
        return MerkleHash.leafHash(chainHash(index));
    }
}
