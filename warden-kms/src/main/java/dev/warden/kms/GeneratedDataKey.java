package dev.warden.kms;

import com.google.crypto.tink.Aead;
import java.util.Arrays;

/**
 * A data key for caller-side envelope encryption: {@link #aead()} is the plaintext key, usable but not exportable;
 * {@link #wrapped()} is the same key encrypted under a key-encryption key and bound to its context, to be stored
 * next to the data and turned back into an {@link Aead} by {@link KeyManagementService#decryptDataKey}.
 */
public final class GeneratedDataKey {
    private final Aead aead;
    private final byte[] wrapped;

    GeneratedDataKey(Aead aead, byte[] wrapped) {
        this.aead = aead;
        this.wrapped = wrapped.clone();
    }

    public Aead aead() {
        return aead;
    }

    public byte[] wrapped() {
        return wrapped.clone();
    }

    @Override
    public String toString() {
        return "GeneratedDataKey[wrapped " + wrapped.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GeneratedDataKey other && Arrays.equals(wrapped, other.wrapped);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(wrapped);
    }
}
