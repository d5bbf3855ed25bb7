package dev.warden.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A region's audit-signing keys, oldest first, each with the checkpoints it signed: {@code DATA/pki/audit-keys.json}
 * and the body of {@code GET /audit/keys}. Public material only:
 * <pre>{"region": "eu-west-1", "keys": [{"keyId": "hex", "publicKeyPem": "-----BEGIN PUBLIC KEY-----...",
 *   "fromDigestSeq": 1, "toDigestSeq": 41, "createdAt": "2026-01-01T00:00:00Z"}, ... {..., "toDigestSeq": null}]}</pre>
 * The last key is the current one ({@code toDigestSeq} null). Key {@code n} (1-based) is kept, sealed, as
 * {@code NodeLayout.auditSigningKey(n)} (or in the HSM).
 */
public record AuditKeys(String region, List<Key> keys) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One key and its validity. */
    public record Key(String keyId, String publicKeyPem, long fromDigestSeq, Long toDigestSeq, Instant createdAt) {
        public PublicKey publicKey() {
            return Pem.parsePublicKey(publicKeyPem);
        }

        public TrustedKey trusted() {
            return new TrustedKey(publicKey(), fromDigestSeq, toDigestSeq);
        }
    }

    public AuditKeys {
        keys = List.copyOf(keys);
    }

    /** The list of a region's first key, valid from the first checkpoint on. */
    public static AuditKeys first(String region, String publicKeyPem, Instant createdAt) {
        return new AuditKeys(region, List.of(new Key(keyIdOf(publicKeyPem), publicKeyPem, 1, null, createdAt)));
    }

    public Key current() {
        return keys.get(keys.size() - 1);
    }

    /** The list after a rotation: the current key signed up to {@code lastDigestSeq}, the new key from the next. */
    public AuditKeys rotated(String newPublicKeyPem, long lastDigestSeq, Instant createdAt) {
        List<Key> next = new ArrayList<>(keys.subList(0, keys.size() - 1));
        Key old = current();
        next.add(new Key(old.keyId(), old.publicKeyPem(), old.fromDigestSeq(), lastDigestSeq, old.createdAt()));
        next.add(new Key(keyIdOf(newPublicKeyPem), newPublicKeyPem, lastDigestSeq + 1, null, createdAt));
        return new AuditKeys(region, next);
    }

    public List<TrustedKey> trusted() {
        return keys.stream().map(Key::trusted).toList();
    }

    public static String keyIdOf(String publicKeyPem) {
        return DigestSigner.keyIdOf(Pem.parsePublicKey(publicKeyPem));
    }

    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("region", region);
        ArrayNode array = n.putArray("keys");
        for (Key k : keys) {
            ObjectNode o = array.addObject();
            o.put("keyId", k.keyId());
            o.put("publicKeyPem", k.publicKeyPem());
            o.put("fromDigestSeq", k.fromDigestSeq());
            if (k.toDigestSeq() == null) {
                o.putNull("toDigestSeq");
            } else {
                o.put("toDigestSeq", k.toDigestSeq());
            }
            o.put("createdAt", k.createdAt().toString());
        }
        return n;
    }

    /**
     * Parses the file's text; {@link IllegalArgumentException} when it is not a key list or a key id does not match
     * its public key (a key list is trusted for its keys, so each id is recomputed, never believed).
     */
    public static AuditKeys parse(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            List<Key> keys = new ArrayList<>();
            for (JsonNode k : n.path("keys")) {
                String pem = k.path("publicKeyPem").asText();
                String id = keyIdOf(pem);
                if (!id.equals(k.path("keyId").asText())) {
                    throw new IllegalArgumentException(
                            "key id " + k.path("keyId").asText() + " does not match its public key");
                }
                keys.add(new Key(
                        id,
                        pem,
                        k.path("fromDigestSeq").asLong(1),
                        k.hasNonNull("toDigestSeq") ? k.get("toDigestSeq").asLong() : null,
                        Instant.parse(k.path("createdAt").asText(Instant.EPOCH.toString()))));
            }
            if (keys.isEmpty() || !n.hasNonNull("region")) {
                throw new IllegalArgumentException("not an audit key list (no region or no keys)");
            }
            return new AuditKeys(n.get("region").asText(), keys);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an audit key list: " + e.getMessage());
        }
    }

    public static AuditKeys read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public void write(Path file) {
        dev.warden.storage.SecureFiles.writePublic(file, toJson().toPrettyString() + "\n");
    }
}
