package dev.warden.registry.tls;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client chains that passed PKIX validation against one set of anchors, each with the time window in which every
 * certificate of its validated path is valid. Bounded: when full it is emptied, so that a flood of distinct valid
 * chains costs full validations, never unbounded memory.
 */
final class ValidatedChains {
    /** notBefore / notAfter in epoch milliseconds, inclusive, as {@link X509Certificate#checkValidity} reads them. */
    private record Window(long notBefore, long notAfter) {
        boolean covers(Instant when) {
            long t = when.toEpochMilli();
            return t >= notBefore && t <= notAfter;
        }
    }

    private final int capacity;
    private final Map<ByteBuffer, Window> chains = new ConcurrentHashMap<>();

    ValidatedChains(int capacity) {
        this.capacity = capacity;
    }

    /** SHA-256 over the DER encodings of the chain as presented, each prefixed by its length. */
    static byte[] digest(X509Certificate[] chain) throws CertificateException {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (X509Certificate certificate : chain) {
                byte[] der = certificate.getEncoded();
                sha256.update(ByteBuffer.allocate(4).putInt(der.length).array());
                sha256.update(der);
            }
            return sha256.digest();
        } catch (CertificateEncodingException e) {
            throw new CertificateException("client certificate cannot be encoded", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether a chain with this digest passed and all of its path is still valid at {@code now}. */
    boolean contains(byte[] digest, Instant now) {
        Window window = chains.get(ByteBuffer.wrap(digest));
        return window != null && window.covers(now);
    }

    /** Remembers a chain that passed, with the validity window of its validated path (anchors excluded). */
    void add(byte[] digest, List<X509Certificate> validatedPath) {
        long notBefore = Long.MIN_VALUE;
        long notAfter = Long.MAX_VALUE;
        for (X509Certificate certificate : validatedPath) {
            notBefore = Math.max(notBefore, certificate.getNotBefore().getTime());
            notAfter = Math.min(notAfter, certificate.getNotAfter().getTime());
        }
        if (chains.size() >= capacity) {
            chains.clear();
        }
        chains.put(ByteBuffer.wrap(digest), new Window(notBefore, notAfter));
    }

    int size() {
        return chains.size();
    }
}
