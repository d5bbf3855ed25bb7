package dev.warden.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One entry of a metadata file's {@code signatures}: the id of the key that signed and the signature in hex (for
 * ECDSA, the hex of the DER encoding, as securesystemslib writes and tuf-js reads it).
 */
public record TufSignature(String keyId, String sig) {
    public TufSignature {
        if (keyId == null || sig == null) {
            throw new TufException(TufReason.MALFORMED, "a signature needs keyid and sig");
        }
    }

    public static TufSignature of(String keyId, byte[] signature) {
        return new TufSignature(keyId, HexFormat.of().formatHex(signature));
    }

    /** The signature bytes, or empty when {@code sig} is not hex (a signature that cannot verify). */
    public Optional<byte[]> bytes() {
        try {
            return Optional.of(HexFormat.of().parseHex(sig));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public ObjectNode toJson() {
        ObjectNode node = TufJson.NODES.objectNode();
        node.put("keyid", keyId);
        node.put("sig", sig);
        return node;
    }

    static TufSignature fromJson(JsonNode node, String what) {
        TufJson.object(node, what);
        return new TufSignature(TufJson.string(node, "keyid", what), TufJson.string(node, "sig", what));
    }
}
