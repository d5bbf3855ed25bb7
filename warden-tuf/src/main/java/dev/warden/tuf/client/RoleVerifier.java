package dev.warden.tuf.client;

import dev.warden.tuf.SignedEnvelope;
import dev.warden.tuf.TufException;
import dev.warden.tuf.TufKey;
import dev.warden.tuf.TufReason;
import dev.warden.tuf.TufSignature;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that a threshold of a role's keys signed a metadata file (spec 5.3.4, 5.4.2, 5.5.3, 5.6.3).
 *
 * <p>Each key counts once: signatures are matched by key id (unique in a file), and two ids that name the same public
 * key (the same key in differently wrapped PEM, say) count as one, so that one stolen key can never meet a threshold
 * of two. A signature by a key the role does not list counts for nothing. The refusal says the most specific thing
 * it can: a listed key whose signature fails ({@link TufReason#BAD_SIGNATURE}, tampering), no listed key at all
 * ({@link TufReason#UNKNOWN_KEY}, such as a revoked key), or too few ({@link TufReason#THRESHOLD_NOT_MET}).
 */
final class RoleVerifier {
    private RoleVerifier() {}

    /** Reads a file's envelope and checks that it is metadata of {@code type}. */
    static SignedEnvelope read(byte[] file, String type, String what) {
        SignedEnvelope envelope = SignedEnvelope.parse(file, what);
        if (!envelope.type().equals(type)) {
            throw new TufException(TufReason.MALFORMED, what + " is not " + type + " metadata");
        }
        return envelope;
    }

    static void verify(
            SignedEnvelope envelope, Map<String, TufKey> keys, List<String> keyIds, int threshold, String what) {
        byte[] message = envelope.canonicalSigned();
        Map<String, TufSignature> byKeyId = new HashMap<>();
        envelope.signatures().forEach(signature -> byKeyId.put(signature.keyId(), signature));
        Set<String> countedKeys = new HashSet<>();
        List<String> failed = new ArrayList<>();
        for (String keyId : keyIds) {
            TufSignature signature = byKeyId.get(keyId);
            TufKey key = keys.get(keyId);
            if (signature == null || key == null) {
                continue;
            }
            Optional<ECPublicKey> publicKey = key.ecdsaP256Key();
            boolean valid = publicKey.isPresent()
                    && signature.bytes().map(sig -> key.verifies(message, sig)).orElse(false);
            if (valid) {
                countedKeys.add(HexFormat.of().formatHex(publicKey.get().getEncoded()));
            } else {
                failed.add(keyId);
            }
        }
        if (countedKeys.size() >= threshold) {
            return;
        }
        throw refusal(envelope, countedKeys.size(), threshold, failed, what);
    }

    private static TufException refusal(
            SignedEnvelope envelope, int valid, int threshold, List<String> failed, String what) {
        if (!failed.isEmpty()) {
            return new TufException(
                    TufReason.BAD_SIGNATURE, what + ": the signature by key " + failed.get(0) + " does not verify");
        }
        if (valid == 0 && !envelope.signatures().isEmpty()) {
            return new TufException(
                    TufReason.UNKNOWN_KEY,
                    what + ": signed only by keys not authorized for it ("
                            + envelope.signatures().size() + " signature(s))");
        }
        return new TufException(
                TufReason.THRESHOLD_NOT_MET, what + ": signed by " + valid + " of the " + threshold + " keys required");
    }
}
