package dev.warden.tuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A public key as TUF metadata lists it: {@code {"keytype":..., "scheme":..., "keyval":{"public":...}}}.
 *
 * <p>Any key type parses (a root may list keys this client cannot use, and the specification lets it); only
 * {@code ecdsa}/{@code ecdsa-sha2-nistp256} keys with a PEM P-256 public key can verify, and a signature by any other
 * key counts for nothing.
 *
 * @param keyType the {@code keytype}; tuf-js also accepts {@code ecdsa-sha2-nistp256} here, and so does this class
 * @param scheme the signature scheme
 * @param keyVal the {@code keyval} object, whose {@code public} member holds the public key
 */
public record TufKey(String keyType, String scheme, Map<String, String> keyVal) {
    public TufKey {
        if (keyType == null || scheme == null || keyVal == null) {
            throw new TufException(TufReason.MALFORMED, "a key needs keytype, scheme and keyval");
        }
        keyVal = Map.copyOf(keyVal);
    }

    /** The TUF form of an ECDSA P-256 public key, as securesystemslib would write it. */
    public static TufKey ecdsaP256(PublicKey publicKey) {
        return new TufKey(EcdsaP256.KEY_TYPE, EcdsaP256.SCHEME, Map.of("public", EcdsaP256.pem(publicKey)));
    }

    /**
     * The key id: hex SHA-256 of the canonical JSON of {@code {"keytype","scheme","keyval"}}, as securesystemslib's
     * {@code compute_default_keyid} computes it (and as the specification requires clients to check).
     */
    public String keyId() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(toJson()));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The P-256 public key this entry holds, or empty for another scheme or an unreadable key. */
    public Optional<ECPublicKey> ecdsaP256Key() {
        boolean ecdsa = keyType.equals(EcdsaP256.KEY_TYPE) || keyType.equals(EcdsaP256.SCHEME);
        String pem = keyVal.get("public");
        if (!ecdsa || !scheme.equals(EcdsaP256.SCHEME) || pem == null) {
            return Optional.empty();
        }
        return EcdsaP256.parsePem(pem);
    }

    /** Whether {@code signature} (DER ECDSA-SHA256) verifies {@code message} under this key; false for other keys. */
    public boolean verifies(byte[] message, byte[] signature) {
        return ecdsaP256Key()
                .map(key -> EcdsaP256.verify(key, message, signature))
                .orElse(false);
    }

    public ObjectNode toJson() {
        ObjectNode node = TufJson.NODES.objectNode();
        node.put("keytype", keyType);
        node.put("scheme", scheme);
        node.set("keyval", TufJson.stringObject(keyVal));
        return node;
    }

    /**
     * Reads a key listed under {@code keyId} and checks that the id is this key's id: otherwise two ids could name one
     * key and its signature would count twice towards a threshold.
     */
    public static TufKey fromJson(String keyId, JsonNode node, String what) {
        String where = what + ".keys[" + TufJson.quote(keyId) + "]";
        TufJson.object(node, where);
        TufKey key = new TufKey(
                TufJson.string(node, "keytype", where),
                TufJson.string(node, "scheme", where),
                TufJson.stringMap(node.get("keyval"), where + ".keyval"));
        if (!key.keyId().equals(keyId)) {
            throw new TufException(TufReason.MALFORMED, where + ": the key id is not the SHA-256 of the key");
        }
        return key;
    }

    /** Reads a {@code keys} object (key id to key), checking every id. */
    static Map<String, TufKey> mapFromJson(JsonNode node, String what) {
        Map<String, TufKey> keys = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry :
                TufJson.object(node, what + ".keys").properties()) {
            keys.put(entry.getKey(), fromJson(entry.getKey(), entry.getValue(), what));
        }
        return keys;
    }

    static ObjectNode mapToJson(Map<String, TufKey> keys) {
        ObjectNode node = TufJson.NODES.objectNode();
        keys.forEach((id, key) -> node.set(id, key.toJson()));
        return node;
    }

    /** For keys built in code: every id must be its key's id, for the reason {@link #fromJson} gives. */
    static Map<String, TufKey> checkIds(Map<String, TufKey> keys, String what) {
        keys.forEach((id, key) -> {
            if (!key.keyId().equals(id)) {
                throw new TufException(
                        TufReason.MALFORMED, what + ": key id " + TufJson.quote(id) + " is not the SHA-256 of its key");
            }
        });
        return Map.copyOf(keys);
    }
}
