package dev.warden.kms;

import dev.warden.kms.store.SecretDao;
import dev.warden.kms.store.SecretRow;
import dev.warden.storage.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Versioned secrets, each encrypted under its own data key (owner {@code secret:<id>}, record = version id) below
 * one key-encryption key. Versions carry the staging labels CURRENT, PREVIOUS and PENDING; rotation follows the four
 * steps of {@link SecretRotator} and never leaves a secret without a working CURRENT version. Deleting a secret
 * crypto-shreds its data key. Values never appear in listings, exceptions, events or logs.
 */
public final class SecretsManager {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9/_+=.@-]{1,256}");

    private final Database db;
    private final KeyManagementService kms;
    private final String keyRef;

    /**
     * @param keyRef the key-encryption key (name or ARN) new secrets are encrypted under; events go to the
     *               {@link KmsEvents} of {@code kms}
     */
    public SecretsManager(Database db, KeyManagementService kms, String keyRef) {
        this.db = Objects.requireNonNull(db, "db");
        this.kms = Objects.requireNonNull(kms, "kms");
        this.keyRef = Objects.requireNonNull(keyRef, "keyRef");
    }

    /** Stores {@code value} as a new version of {@code name}; see {@link #put(String, SecretValue, String)}. */
    public String put(String name, SecretValue value) {
        return put(name, value, "");
    }

    /**
     * Stores {@code value} as a new version of secret {@code name} (created if new, with {@code description}) and makes
     * it CURRENT; the former CURRENT version becomes PREVIOUS.
     *
     * @return the new version id
     */
    public String put(String name, SecretValue value, String description) {
        requireName(name);
        Objects.requireNonNull(value, "value");
        return kms.audited(SecretArns.SERVICE + ":PutSecretValue", null, name, trace -> {
            SecretRow secret = findOrCreate(name, description);
            trace.key = secret.arn();
            Instant now = kms.clock().instant();
            String versionId = storeVersion(secret, value, now);
            db.useTransaction(h -> {
                SecretDao secrets = new SecretDao(h);
                String current = secrets.labels(kms.region(), name).get(SecretLabel.CURRENT);
                if (current != null) {
                    secrets.setLabel(kms.region(), name, SecretLabel.PREVIOUS, current);
                }
                secrets.setLabel(kms.region(), name, SecretLabel.CURRENT, versionId);
                secrets.touch(kms.region(), name, now, false);
            });
            return versionId;
        });
    }

    /** The CURRENT version. @throws KmsException {@link KmsReason#SECRET_NOT_FOUND} */
    public SecretVersion get(String name) {
        return get(name, SecretLabel.CURRENT);
    }

    /** The version carrying {@code label}. @throws KmsException {@link KmsReason#SECRET_NOT_FOUND} if none does */
    public SecretVersion get(String name, SecretLabel label) {
        requireName(name);
        Objects.requireNonNull(label, "label");
        return kms.audited(SecretArns.SERVICE + ":GetSecretValue", null, name, trace -> {
            SecretRow secret = require(name);
            trace.key = secret.arn();
            String versionId = labels(name).get(label);
            if (versionId == null) {
                throw new KmsException(
                        KmsReason.SECRET_NOT_FOUND, "secret '" + name + "' has no " + label + " version");
            }
            return read(secret, versionId);
        });
    }

    /** A version by id. @throws KmsException {@link KmsReason#SECRET_NOT_FOUND} */
    public SecretVersion getVersion(String name, String versionId) {
        requireName(name);
        return kms.audited(SecretArns.SERVICE + ":GetSecretValue", null, name, trace -> {
            SecretRow secret = require(name);
            trace.key = secret.arn();
            return read(secret, versionId);
        });
    }

    /** Every secret of this region with its labels and version count; never values. */
    public List<SecretMetadata> list() {
        return kms.audited(
                SecretArns.SERVICE + ":ListSecrets",
                null,
                null,
                trace -> db.read(h -> {
                    SecretDao secrets = new SecretDao(h);
                    List<SecretMetadata> all = new ArrayList<>();
                    for (SecretRow row : secrets.list(kms.region())) {
                        all.add(metadata(secrets, row));
                    }
                    return all;
                }));
    }

    /** One secret's metadata. @throws KmsException {@link KmsReason#SECRET_NOT_FOUND} */
    public SecretMetadata describe(String name) {
        requireName(name);
        return kms.audited(
                SecretArns.SERVICE + ":DescribeSecret",
                null,
                name,
                trace -> db.read(h -> {
                    SecretDao secrets = new SecretDao(h);
                    SecretRow row = secrets.find(kms.region(), name).orElseThrow(() -> notFound(name));
                    trace.key = row.arn();
                    return metadata(secrets, row);
                }));
    }

    /**
     * Deletes the secret and crypto-shreds its data key: every version, including copies in backups, becomes
     * unreadable. The name can be used again for a new secret.
     */
    public void delete(String name) {
        requireName(name);
        kms.audited(SecretArns.SERVICE + ":DeleteSecret", null, name, trace -> {
            SecretRow secret = require(name);
            trace.key = secret.arn();
            db.useTransaction(h -> new SecretDao(h).delete(kms.region(), name));
            kms.destroyDataKey(secret.owner());
            return null;
        });
    }

    /**
     * Rotates the secret with {@code rotator}: a new PENDING version (or the PENDING left by an interrupted rotation,
     * which is resumed), set and tested in the target, then promoted to CURRENT with the old CURRENT as PREVIOUS.
     *
     * @return the new CURRENT version id
     * @throws KmsException {@link KmsReason#ROTATION_FAILED} if a step failed: CURRENT is unchanged, the target was
     *                      set back to it when possible, and PENDING is kept so that a retry resumes;
     *                      {@link KmsReason#INVALID_STATE} if the secret has no CURRENT value to rotate
     */
    public String rotate(String name, SecretRotator rotator) {
        requireName(name);
        Objects.requireNonNull(rotator, "rotator");
        return kms.audited(SecretArns.SERVICE + ":RotateSecret", null, name, trace -> {
            SecretRow secret = require(name);
            trace.key = secret.arn();
            Map<SecretLabel, String> labels = labels(name);
            String currentId = labels.get(SecretLabel.CURRENT);
            if (currentId == null) {
                throw new KmsException(KmsReason.INVALID_STATE, "secret '" + name + "' has no CURRENT value to rotate");
            }
            SecretValue current = read(secret, currentId).value();
            String pendingId = labels.get(SecretLabel.PENDING);
            SecretValue pending;
            if (pendingId != null && !pendingId.equals(currentId)) {
                pending = read(secret, pendingId).value();
            } else {
                pending = runStep(name, "createSecret", () -> rotator.createSecret(current));
                pendingId = storePending(secret, pending);
            }
            String step = "setSecret";
            try {
                rotator.setSecret(current, pending);
                step = "testSecret";
                rotator.testSecret(pending);
                step = "finishSecret";
                rotator.finishSecret(current, pending);
            } catch (RuntimeException e) {
                boolean restored = restore(rotator, pending, current);
                throw new KmsException(
                        KmsReason.ROTATION_FAILED,
                        "rotation of secret '" + name + "' failed in " + step
                                + " (" + reasonOf(e) + "); CURRENT is unchanged"
                                + (restored
                                        ? " and the target was set back to it"
                                        : ", but the target could not be set back" + " to it")
                                + "; a retry resumes with the PENDING version");
            }
            promote(name, currentId, pendingId);
            return pendingId;
        });
    }

    /** Abandons an interrupted rotation: the PENDING label is removed, CURRENT untouched. */
    public void cancelRotation(String name) {
        requireName(name);
        kms.audited(SecretArns.SERVICE + ":CancelRotateSecret", null, name, trace -> {
            SecretRow secret = require(name);
            trace.key = secret.arn();
            db.useTransaction(h -> new SecretDao(h).removeLabel(kms.region(), name, SecretLabel.PENDING));
            return null;
        });
    }

    private void promote(String name, String expectedCurrent, String pendingId) {
        db.useTransaction(h -> {
            SecretDao secrets = new SecretDao(h);
            Map<SecretLabel, String> labels = secrets.labels(kms.region(), name);
            if (!expectedCurrent.equals(labels.get(SecretLabel.CURRENT))
                    || !pendingId.equals(labels.get(SecretLabel.PENDING))) {
                throw new KmsException(
                        KmsReason.INVALID_STATE,
                        "secret '" + name + "' changed during its rotation; CURRENT is unchanged, rotate again");
            }
            secrets.setLabel(kms.region(), name, SecretLabel.PREVIOUS, expectedCurrent);
            secrets.setLabel(kms.region(), name, SecretLabel.CURRENT, pendingId);
            secrets.removeLabel(kms.region(), name, SecretLabel.PENDING);
            secrets.touch(kms.region(), name, kms.clock().instant(), true);
        });
    }

    private static boolean restore(SecretRotator rotator, SecretValue pending, SecretValue current) {
        try {
            rotator.setSecret(pending, current);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static <T> T runStep(String name, String step, Supplier<T> work) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            throw new KmsException(
                    KmsReason.ROTATION_FAILED,
                    "rotation of secret '" + name + "' failed in " + step + " (" + reasonOf(e) + "); nothing changed");
        }
        if (result == null) {
            throw new KmsException(
                    KmsReason.ROTATION_FAILED,
                    "rotation of secret '" + name + "': " + step + " returned no value; nothing changed");
        }
        return result;
    }

    /** A rotator's exception is described by type or reason only: its message may carry a value. */
    private static String reasonOf(RuntimeException e) {
        return e instanceof KmsException k ? k.reason().name() : e.getClass().getSimpleName();
    }

    private String storePending(SecretRow secret, SecretValue pending) {
        Instant now = kms.clock().instant();
        String versionId = storeVersion(secret, pending, now);
        db.useTransaction(h -> new SecretDao(h).setLabel(kms.region(), secret.name(), SecretLabel.PENDING, versionId));
        return versionId;
    }

    private String storeVersion(SecretRow secret, SecretValue value, Instant now) {
        String versionId = UUID.randomUUID().toString();
        byte[] plaintext = value.bytes();
        byte[] ciphertext;
        try {
            ciphertext = kms.encrypt(secret.keyArn(), new EncryptionContext(secret.owner(), versionId), plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        db.useTransaction(h -> new SecretDao(h)
                .insertVersion(kms.region(), secret.name(), versionId, Base64Text.encode(ciphertext), now));
        return versionId;
    }

    private SecretVersion read(SecretRow secret, String versionId) {
        SecretDao.StoredVersion stored = db.read(
                        h -> new SecretDao(h).findVersion(kms.region(), secret.name(), versionId))
                .orElseThrow(() -> new KmsException(
                        KmsReason.SECRET_NOT_FOUND, "secret '" + secret.name() + "' has no version " + versionId));
        byte[] plaintext =
                kms.decrypt(new EncryptionContext(secret.owner(), versionId), Base64Text.decode(stored.ciphertext()));
        SecretValue value = SecretValue.ofBytes(plaintext);
        Arrays.fill(plaintext, (byte) 0);
        Set<SecretLabel> labels = EnumSet.noneOf(SecretLabel.class);
        labels(secret.name()).forEach((label, id) -> {
            if (id.equals(versionId)) {
                labels.add(label);
            }
        });
        return new SecretVersion(secret.name(), secret.arn(), versionId, Set.copyOf(labels), stored.createdAt(), value);
    }

    private SecretRow findOrCreate(String name, String description) {
        return db.read(h -> new SecretDao(h).find(kms.region(), name)).orElseGet(() -> {
            KeyMetadata key = kms.keyMetadata(keyRef);
            Instant now = kms.clock().instant();
            SecretRow created = new SecretRow(
                    kms.region(),
                    name,
                    SecretArns.of(kms.region(), key.account(), name),
                    UUID.randomUUID().toString(),
                    key.arn(),
                    description == null ? "" : description,
                    now,
                    now,
                    null);
            return db.inTransaction(h -> {
                SecretDao secrets = new SecretDao(h);
                return secrets.find(kms.region(), name).orElseGet(() -> {
                    secrets.insert(created);
                    return created;
                });
            });
        });
    }

    private SecretRow require(String name) {
        return db.read(h -> new SecretDao(h).find(kms.region(), name)).orElseThrow(() -> notFound(name));
    }

    private Map<SecretLabel, String> labels(String name) {
        return db.read(h -> new SecretDao(h).labels(kms.region(), name));
    }

    private SecretMetadata metadata(SecretDao secrets, SecretRow row) {
        return new SecretMetadata(
                row.name(),
                row.arn(),
                row.keyArn(),
                row.description(),
                row.createdAt(),
                row.updatedAt(),
                row.rotatedAt(),
                Map.copyOf(secrets.labels(kms.region(), row.name())),
                secrets.countVersions(kms.region(), row.name()));
    }

    private static void requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new KmsException(
                    KmsReason.INVALID_ARGUMENT, "invalid secret name: 1 to 256 of letters, digits and /_+=.@-");
        }
    }

    private static KmsException notFound(String name) {
        return new KmsException(KmsReason.SECRET_NOT_FOUND, "no secret '" + name + "'");
    }
}
