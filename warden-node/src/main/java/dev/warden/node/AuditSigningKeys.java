package dev.warden.node;

import dev.warden.audit.AuditArns;
import dev.warden.audit.AuditKeys;
import dev.warden.audit.AuditResult;
import dev.warden.audit.DigestSigner;
import dev.warden.audit.NodeAudit;
import dev.warden.audit.anchor.AnchorLog;
import dev.warden.audit.anchor.AnchorSink;
import dev.warden.audit.anchor.AnchoredKey;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeySource;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.pki.Pkcs11KeySource;
import dev.warden.pki.PkiException;
import dev.warden.pki.PkiReason;
import dev.warden.pki.store.PrivateKeyFiles;
import dev.warden.storage.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The region's audit-signing keys on a node: which one signs now, the published list ({@link AuditKeys}), and
 * rotation. Key {@code n} lives in the HSM (alias {@code audit-signing-REGION[-n]}) when the node has one, else
 * sealed under the KMS master key as {@code NodeLayout.auditSigningKey(n)}; retired keys are kept, never deleted.
 */
public final class AuditSigningKeys {
    /** The IAM action, and the action of the event that records a rotation. */
    public static final String ROTATE_ACTION = "audit:RotateSigningKey";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AuditSigningKeys.class);

    private final NodeLayout layout;
    private final KeySource keySource;
    private final PrivateKeyFiles keyFiles;
    private final String region;
    private final Clock clock;
    private volatile AuditKeys list;

    /** What a rotation did. */
    public record Rotated(String oldKeyId, String newKeyId, long lastOldDigestSeq, long firstNewDigestSeq) {}

    private AuditSigningKeys(
            NodeLayout layout,
            KeySource keySource,
            PrivateKeyFiles keyFiles,
            String region,
            Clock clock,
            AuditKeys list) {
        this.layout = layout;
        this.keySource = keySource;
        this.keyFiles = keyFiles;
        this.region = region;
        this.clock = clock;
        this.list = list;
    }

    /** Loads {@code audit-keys.json}, creating it from {@code audit-signing.pub} on a node that has none yet. */
    public static AuditSigningKeys open(
            NodeLayout layout, KeySource keySource, PrivateKeyFiles keyFiles, String region, Clock clock) {
        AuditKeys list;
        if (Files.exists(layout.auditKeys())) {
            list = AuditKeys.read(layout.auditKeys());
        } else {
            list = AuditKeys.first(region, read(layout.auditPublicKey()), created(layout));
            list.write(layout.auditKeys());
        }
        return new AuditSigningKeys(layout, keySource, keyFiles, region, clock, list);
    }

    public AuditKeys list() {
        return list;
    }

    /** The signer of the current key (the last of the list). */
    public DigestSigner currentSigner() {
        int n = list.keys().size();
        AuditKeys.Key key = list.current();
        if (keyFiles.exists(layout.auditSigningKey(n))) {
            return new DigestSigner(keyFiles.read(layout.auditSigningKey(n)), key.publicKey());
        }
        if (keySource instanceof Pkcs11KeySource hsm) {
            return new DigestSigner(hsm.loadPrivateKey(alias(n)), key.publicKey(), hsm.provider());
        }
        throw new PkiException(
                PkiReason.HSM_UNAVAILABLE,
                "the audit-signing key " + n + " of region " + region + " is in an HSM; start the node with --hsm");
    }

    /** Writes a key line to the anchor for each key of the list the anchor does not name yet. */
    public void anchorMissing(AnchorSink anchor, AnchorLog anchored) {
        Set<String> known = anchored.keys().stream().map(AnchoredKey::keyId).collect(Collectors.toSet());
        for (AuditKeys.Key k : list.keys()) {
            if (!known.contains(k.keyId())) {
                anchor.key(anchoredKey(k));
            }
        }
    }

    /**
     * Rotates: creates the next key, records the rotation in the trail, has the old key sign a checkpoint that
     * covers that event, publishes the new key (key list, anchor) and switches the writer to it.
     */
    public synchronized Rotated rotate(NodeAudit audit, AnchorSink anchor) {
        int n = list.keys().size() + 1;
        String oldKeyId = list.current().keyId();
        DigestSigner next = createKey(n);
        String newPem = read(layout.auditPublicKey(n));
        audit.recordDurable(audit.event(ROTATE_ACTION)
                .resource(AuditArns.trail(region))
                .result(AuditResult.ALLOW)
                .detail("stage", "switch")
                .detail("oldKeyId", oldKeyId)
                .detail("newKeyId", next.keyId())
                .detail("keyNumber", n));
        Instant now = clock.instant();
        long last = audit.log().rotateSigner(next, lastOld -> {
            // The key list decides (a failure here keeps the old key); an anchor line that cannot be written now is
            // written at the next start (anchorMissing), and until then the anchor check reports the unanchored key.
            AuditKeys rotated = list.rotated(newPem, lastOld, now);
            rotated.write(layout.auditKeys());
            list = rotated;
            try {
                anchor.key(anchoredKey(rotated.current()));
            } catch (RuntimeException e) {
                LOG.error(
                        "ALERT the new audit-signing key {} of {} could not be written to the anchor: {}",
                        rotated.current().keyId(),
                        region,
                        e.getMessage());
            }
        });
        return new Rotated(oldKeyId, next.keyId(), last, last + 1);
    }

    private DigestSigner createKey(int n) {
        if (keySource instanceof Pkcs11KeySource hsm) {
            KeyPair pair = hsm.signingKey(alias(n), "Warden audit signing " + region + " #" + n);
            SecureFiles.writePublic(layout.auditPublicKey(n), Pem.encodePublicKey(pair.getPublic()));
            return new DigestSigner(hsm.loadPrivateKey(alias(n)), pair.getPublic(), hsm.provider());
        }
        KeyPair pair = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        keyFiles.write(layout.auditSigningKey(n), pair.getPrivate());
        SecureFiles.writePublic(layout.auditPublicKey(n), Pem.encodePublicKey(pair.getPublic()));
        PrivateKey sealedBack = keyFiles.read(layout.auditSigningKey(n));
        return new DigestSigner(sealedBack, pair.getPublic());
    }

    private AnchoredKey anchoredKey(AuditKeys.Key k) {
        Instant t = k.createdAt();
        return new AnchoredKey(
                region,
                k.keyId(),
                k.publicKeyPem(),
                k.fromDigestSeq(),
                t.getEpochSecond() * 1_000_000_000L + t.getNano());
    }

    private String alias(int n) {
        return "audit-signing-" + region + (n == 1 ? "" : "-" + n);
    }

    private static Instant created(NodeLayout layout) {
        try {
            return Files.getLastModifiedTime(layout.auditPublicKey()).toInstant();
        } catch (IOException e) {
            return Instant.now();
        }
    }

    private static String read(java.nio.file.Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
