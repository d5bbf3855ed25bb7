package dev.warden.kms;

import com.google.crypto.tink.Aead;
import dev.warden.kms.OperationLog.Trace;
import dev.warden.kms.store.KeyDao;
import dev.warden.kms.store.KeyRow;
import dev.warden.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A region's key management service: named key-encryption keys (Tink keysets kept in the database only encrypted by
 * the region's {@link MasterKey}) and, under them, one data key per owner for envelope encryption at rest; and
 * signing keys ({@link KeySpec#ECC_NIST_P256}), whose private key is stored the same way and never leaves the service:
 * it signs, and hands out only its public key.
 *
 * <p>Every ciphertext is bound to region, key, owner and record: decrypting it for another owner or record, in
 * another region, after a bit flip, under a key pending deletion or after the owner's data key was destroyed fails
 * with a precise {@link KmsReason}, never with wrong plaintext. Every public operation, successful or refused, is
 * reported to {@link KmsEvents} without plaintext or key material.
 *
 * <p>Keys are referenced by name (within this region) or by full ARN. Thread-safe; all state is in the database.
 */
public final class KeyManagementService {
    public static final int MIN_DELETION_DAYS = 7;
    public static final int MAX_DELETION_DAYS = 30;

    private final Database db;
    private final MasterKey masterKey;
    private final String region;
    private final Clock clock;
    private final KmsEvents events;
    private final KeyHierarchy hierarchy;
    private final OperationLog log;
    private final KeySigning signing;
    private final KeyLifecycle lifecycle;
    private final KeyCreation creation;
    private final HsmKeyStore hsm;
    private final EnvelopeCrypto envelopes;

    /** A service without an event listener; see {@link #KeyManagementService(Database, MasterKey, String, Clock, KmsEvents)}. */
    public KeyManagementService(Database db, MasterKey masterKey, String region, Clock clock) {
        this(db, masterKey, region, clock, KmsEvents.NONE);
    }

    /**
     * @param masterKey must be {@code region}'s master key
     * @throws KmsException {@link KmsReason#INVALID_ARGUMENT} if the master key belongs to another region
     */
    public KeyManagementService(Database db, MasterKey masterKey, String region, Clock clock, KmsEvents events) {
        this(db, masterKey, region, clock, events, HsmKeyStore.NONE);
    }

    /**
     * A service whose keys of origin {@link KeyOrigin#HSM} live in {@code hsm} ({@link HsmKeyStore#NONE}: a node
     * without an HSM, which refuses them). Same refusals as
     * {@link #KeyManagementService(Database, MasterKey, String, Clock, KmsEvents)}.
     */
    public KeyManagementService(
            Database db, MasterKey masterKey, String region, Clock clock, KmsEvents events, HsmKeyStore hsm) {
        this.hsm = Objects.requireNonNull(hsm, "hsm");
        this.db = Objects.requireNonNull(db, "db");
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
        KeyArn.requireRegion(region);
        if (!region.equals(masterKey.region())) {
            throw new KmsException(
                    KmsReason.INVALID_ARGUMENT,
                    "master key " + masterKey.keyId() + " is for region " + masterKey.region() + ", not " + region);
        }
        this.region = region;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.events = Objects.requireNonNull(events, "events");
        this.hierarchy = new KeyHierarchy(db, masterKey, region, clock);
        this.log = new OperationLog(events, region, clock);
        this.signing = new KeySigning(db, hierarchy, log, hsm);
        this.lifecycle = new KeyLifecycle(db, masterKey, region, clock, hierarchy, log, hsm);
        this.creation = new KeyCreation(db, masterKey, region, clock, hierarchy, log, hsm);
        this.envelopes = new EnvelopeCrypto(db, region, clock, hierarchy, log);
    }

    public String region() {
        return region;
    }

    KmsEvents events() {
        return events;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Checks, without decrypting anything, that every stored keyset of the region is under this service's master key,
     * so that a node with the wrong master key (e.g. the old one after a master-key rotation) stops at start instead
     * of failing on first use.
     *
     * @throws KmsException {@link KmsReason#MASTER_KEY_UNAVAILABLE} naming the master key the keysets need
     */
    public void requireMasterKeyOpensHierarchy() {
        for (KeyRow key : db.read(h -> new KeyDao(h).list(region))) {
            if (!key.masterKeyId().equals(masterKey.keyId())) {
                throw new KmsException(
                        KmsReason.MASTER_KEY_UNAVAILABLE,
                        "the keys of region " + region
                                + " are protected by master key " + key.masterKeyId() + "; this node holds "
                                + masterKey.keyId()
                                + " (after an interrupted master-key rotation, run warden kms rotate-master-key again)");
            }
        }
    }

    /**
     * Creates a key-encryption key {@code arn:warden:kms:<region>:<account>:key/<name>} with one AES-256-GCM version.
     *
     * @throws KmsException {@link KmsReason#ALREADY_EXISTS} if this region has a key of that name,
     *                      {@link KmsReason#INVALID_ARGUMENT} for a malformed account or name
     */
    public KeyMetadata createKey(String account, String name, String description) {
        return createKey(account, name, description, KeySpec.SYMMETRIC_DEFAULT);
    }

    /**
     * Creates a key of {@code keySpec}: a key-encryption key ({@link KeySpec#SYMMETRIC_DEFAULT}) or an ECDSA P-256
     * signing key ({@link KeySpec#ECC_NIST_P256}), whose private key is generated here and stored only encrypted by
     * the master key. Same refusals as {@link #createKey(String, String, String)}.
     */
    public KeyMetadata createKey(String account, String name, String description, KeySpec keySpec) {
        return createKey(account, name, description, keySpec, KeyOrigin.KMS);
    }

    /**
     * Creates a key of {@code keySpec} whose private material lives where {@code origin} says: for
     * {@link KeyOrigin#HSM}, an ECDSA P-256 key pair generated inside the node's HSM as a sensitive, non-extractable
     * token object; the KMS stores only its label and public key, and signs through the token.
     *
     * @throws KmsException {@link KmsReason#HSM_NOT_CONFIGURED} for origin HSM on a node without an HSM,
     *                      {@link KmsReason#UNSUPPORTED_OPERATION} for origin HSM with another spec than
     *                      {@link KeySpec#ECC_NIST_P256}, {@link KmsReason#HSM_UNAVAILABLE} if the token fails; and
     *                      the refusals of {@link #createKey(String, String, String)}
     */
    public KeyMetadata createKey(String account, String name, String description, KeySpec keySpec, KeyOrigin origin) {
        Objects.requireNonNull(keySpec, "keySpec");
        Objects.requireNonNull(origin, "origin");
        return creation.create(account, name, description, keySpec, origin);
    }

    /** Whether keys of origin {@link KeyOrigin#HSM} can be made here: the node has an HSM. */
    public boolean hsmConfigured() {
        return hsm != HsmKeyStore.NONE;
    }

    /** @throws KmsException {@link KmsReason#KEY_NOT_FOUND}, {@link KmsReason#WRONG_REGION} for another region's ARN */
    public KeyMetadata describeKey(String keyRef) {
        return audited("kms:DescribeKey", keyRef, null, trace -> {
            KeyRow key = db.read(h -> hierarchy.resolve(h, keyRef));
            trace.key = key.arn();
            return KeyMetadata.of(key, clock.instant());
        });
    }

    /** For other services of this module: the key's metadata without an event of its own. */
    KeyMetadata keyMetadata(String keyRef) {
        return KeyMetadata.of(db.read(h -> hierarchy.resolve(h, keyRef)), clock.instant());
    }

    /** All keys of this region, whatever their state. */
    public List<KeyMetadata> listKeys() {
        return audited("kms:ListKeys", null, null, trace -> {
            Instant now = clock.instant();
            return db.read(h -> new KeyDao(h).list(region)).stream()
                    .map(k -> KeyMetadata.of(k, now))
                    .toList();
        });
    }

    /**
     * Encrypts {@code plaintext} under the owner's data key for {@code keyRef}, creating that data key on first use.
     *
     * @return a self-describing ciphertext bound to region, key, owner and record
     * @throws KmsException {@link KmsReason#KEY_PENDING_DELETION}, {@link KmsReason#KEY_DELETED},
     *                      {@link KmsReason#KEY_DESTROYED} (owner shredded), {@link KmsReason#KEY_NOT_FOUND}
     */
    public byte[] encrypt(String keyRef, EncryptionContext context, byte[] plaintext) {
        return envelopes.encrypt(keyRef, context, plaintext);
    }

    /**
     * Decrypts a ciphertext from {@link #encrypt} for the owner and record it was encrypted for.
     *
     * @throws KmsException {@link KmsReason#WRONG_REGION}, {@link KmsReason#WRONG_CONTEXT},
     *                      {@link KmsReason#DECRYPTION_FAILED}, {@link KmsReason#KEY_DESTROYED},
     *                      {@link KmsReason#KEY_PENDING_DELETION}, {@link KmsReason#KEY_DELETED}
     */
    public byte[] decrypt(EncryptionContext context, byte[] ciphertext) {
        return envelopes.decrypt(context, ciphertext);
    }

    /**
     * Decrypts and encrypts again under {@code destinationKeyRef} for {@code destination} without the plaintext
     * leaving the service; also the way to move a ciphertext onto a key's newest version.
     */
    public byte[] reEncrypt(
            EncryptionContext source, byte[] ciphertext, String destinationKeyRef, EncryptionContext destination) {
        return envelopes.reEncrypt(source, ciphertext, destinationKeyRef, destination);
    }

    /**
     * A fresh AES-256-GCM data key for caller-side envelope encryption: usable as an {@link Aead} plus its wrapped
     * form (bound to region, key and context) to store with the data. Nothing is stored by the service.
     */
    public GeneratedDataKey generateDataKey(String keyRef, EncryptionContext context) {
        return envelopes.generateDataKey(keyRef, context);
    }

    /** Turns a wrapped key from {@link #generateDataKey} back into a usable {@link Aead}; same refusals as {@link #decrypt}. */
    public Aead decryptDataKey(EncryptionContext context, byte[] wrapped) {
        return envelopes.decryptDataKey(context, wrapped);
    }

    /**
     * Signs {@code message} with the key's private key: ECDSA with SHA-256 (the KMS hashes the message, AWS's
     * {@code RAW} message type), DER-encoded, verifiable with any ECDSA implementation and the key's
     * {@link #publicKey}. Neither the message nor the signature is reported to {@link KmsEvents}.
     *
     * @throws KmsException {@link KmsReason#INVALID_KEY_USAGE} for a key that is not a signing key,
     *                      {@link KmsReason#KEY_PENDING_DELETION}, {@link KmsReason#KEY_DELETED},
     *                      {@link KmsReason#KEY_NOT_FOUND}, {@link KmsReason#WRONG_REGION}
     */
    public byte[] sign(String keyRef, byte[] message) {
        Objects.requireNonNull(message, "message");
        return signing.sign(keyRef, message);
    }

    /**
     * Checks a signature from {@link #sign} (or from anyone holding the private key) over {@code message}.
     *
     * @throws KmsException {@link KmsReason#INVALID_SIGNATURE} if it does not verify (as AWS does); otherwise the
     *                      refusals of {@link #sign}
     */
    public void verify(String keyRef, byte[] message, byte[] signature) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(signature, "signature");
        signing.verify(keyRef, message, signature);
    }

    /** The signing key's public key (SPKI DER, with a PEM form); same refusals as {@link #sign}. */
    public KmsPublicKey publicKey(String keyRef) {
        return signing.publicKey(keyRef);
    }

    /**
     * Adds a new version to the key and makes it primary: new ciphertexts and data keys use it, every earlier
     * version still decrypts. Stored data keys stay wrapped by their old version until {@link #rewrapDataKeys}.
     *
     * @throws KmsException {@link KmsReason#UNSUPPORTED_OPERATION} for a signing key: like AWS, asymmetric keys are
     *                      never rotated (a new key is created instead, and verifiers are given its public key)
     */
    public KeyMetadata rotateKey(String keyRef) {
        return lifecycle.rotate(keyRef);
    }

    /**
     * The background job after {@link #rotateKey}: re-wraps every stored data key of this key that is not wrapped by
     * its primary version. Data keys themselves do not change, so existing ciphertexts stay readable. Idempotent.
     *
     * @return how many data keys were re-wrapped
     */
    public int rewrapDataKeys(String keyRef) {
        return lifecycle.rewrapDataKeys(keyRef);
    }

    /**
     * Schedules the key's deletion in {@code pendingWindowDays} (7 to 30). Until then it refuses encrypt and decrypt
     * ({@link KmsReason#KEY_PENDING_DELETION}) but the deletion can be cancelled; afterwards it is gone for good.
     *
     * @throws KmsException {@link KmsReason#INVALID_ARGUMENT} outside 7..30 days
     */
    public KeyMetadata scheduleKeyDeletion(String keyRef, int pendingWindowDays) {
        return lifecycle.scheduleDeletion(keyRef, pendingWindowDays);
    }

    /**
     * Cancels a pending deletion; the key is enabled again.
     *
     * @throws KmsException {@link KmsReason#INVALID_STATE} if no deletion is pending, {@link KmsReason#KEY_DELETED}
     *                      if its deletion date has passed
     */
    public KeyMetadata cancelKeyDeletion(String keyRef) {
        return lifecycle.cancelDeletion(keyRef);
    }

    /**
     * The background job for deletions: every key of this region whose deletion date has passed loses its keyset and
     * its stored data keys. Keys are refused from their deletion date on whether or not this has run.
     *
     * @return the ARNs purged
     */
    public List<String> purgeDueDeletions() {
        return lifecycle.purgeDueDeletions();
    }

    /**
     * Crypto-shredding: destroys every data key of {@code owner}, so all records encrypted for it become unreadable
     * ({@link KmsReason#KEY_DESTROYED}) and no new data key is ever created for it. Irreversible.
     */
    public void destroyDataKey(String owner) {
        envelopes.destroyDataKey(owner);
    }

    /** Runs one public operation (of this service or the secrets manager) and reports it to the listener. */
    <T> T audited(String operation, String key, String subject, Function<Trace, T> work) {
        return log.audited(operation, key, subject, work);
    }
}
