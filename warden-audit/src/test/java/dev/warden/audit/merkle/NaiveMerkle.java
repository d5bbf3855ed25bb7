package dev.warden.audit.merkle;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deliberately naive RFC 9162 MTH, written from the RFC's definition and sharing no code with the production
 * classes, so that property tests compare two independent readings of the RFC.
 */
final class NaiveMerkle {
    private NaiveMerkle() {}

    /** MTH(D[0:n]) over raw leaf inputs, by the RFC's recursion. */
    static byte[] mth(List<byte[]> inputs) {
        int n = inputs.size();
        if (n == 0) {
            return sha256(new byte[0]);
        }
        if (n == 1) {
            return sha256(new byte[] {0x00}, inputs.get(0));
        }
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return sha256(new byte[] {0x01}, mth(inputs.subList(0, k)), mth(inputs.subList(k, n)));
    }

    static byte[] leafHash(byte[] input) {
        return sha256(new byte[] {0x00}, input);
    }

    /** Distinct leaf inputs of varied lengths (0 to 40 random bytes after the index). */
    static List<byte[]> leafInputs(long seed, int count) {
        Random random = new Random(seed);
        List<byte[]> inputs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] tail = new byte[random.nextInt(41)];
            random.nextBytes(tail);
            inputs.add(ByteBuffer.allocate(4 + tail.length).putInt(i).put(tail).array());
        }
        return inputs;
    }

    static List<byte[]> leafHashes(List<byte[]> inputs) {
        return inputs.stream().map(NaiveMerkle::leafHash).toList();
    }

    /** The naive roots of every prefix size 0..inputs.size(), so that a property computes them once. */
    static List<byte[]> prefixRoots(List<byte[]> inputs) {
        List<byte[]> roots = new ArrayList<>(inputs.size() + 1);
        for (int size = 0; size <= inputs.size(); size++) {
            roots.add(mth(inputs.subList(0, size)));
        }
        return roots;
    }

    static byte[] flipBit(byte[] hash, int bit) {
        byte[] copy = hash.clone();
        copy[bit / 8 % copy.length] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha256.update(part);
            }
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
