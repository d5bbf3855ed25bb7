package dev.warden.tuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns metadata and its signers into the bytes of a metadata file.
 *
 * <p>Every signature is verified under its signer's public key before anything is returned: a KMS that answers with
 * the raw r||s form, with another key's signature or with garbage would otherwise publish metadata that every device
 * refuses, and that would be found only when the devices stop updating.
 */
public final class MetadataWriter {
    private MetadataWriter() {}

    /**
     * Signs {@code metadata} with every signer (a new root: the previous root's keys and its own; any other role: its
     * own keys) and returns the file.
     *
     * @throws TufException {@link TufReason#SIGNING_FAILED} when a signature does not verify or two signers share a
     *     key; {@link TufReason#MALFORMED} when the metadata cannot be canonicalized
     */
    public static byte[] write(TufMetadata metadata, List<? extends TufSigner> signers) {
        return sign(metadata.toJson(), signers).toBytes();
    }

    /** Signs a {@code signed} object as it is; for metadata this module has no record for, and for tests. */
    public static SignedEnvelope sign(ObjectNode signed, List<? extends TufSigner> signers) {
        if (signers.isEmpty()) {
            throw new TufException(TufReason.SIGNING_FAILED, "metadata needs at least one signer");
        }
        byte[] canonical = CanonicalJson.encode(signed);
        List<TufSignature> signatures = new ArrayList<>();
        Set<String> keyIds = new HashSet<>();
        for (TufSigner signer : signers) {
            TufKey key = signer.key();
            String keyId = key.keyId();
            if (!keyIds.add(keyId)) {
                throw new TufException(TufReason.SIGNING_FAILED, "two signers with key " + keyId);
            }
            byte[] signature = signer.sign(canonical.clone());
            if (signature == null || !key.verifies(canonical, signature)) {
                throw new TufException(
                        TufReason.SIGNING_FAILED,
                        "the signature of key " + keyId + " does not verify (an ECDSA P-256 DER signature is needed)");
            }
            signatures.add(TufSignature.of(keyId, signature));
        }
        return new SignedEnvelope(signed, signatures);
    }
}
