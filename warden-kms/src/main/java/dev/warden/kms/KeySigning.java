package dev.warden.kms;

import dev.warden.kms.OperationLog.Trace;
import dev.warden.kms.store.KeyRow;
import dev.warden.storage.Database;

/**
 * The operations of {@link KeyUsage#SIGN_VERIFY} keys behind {@link KeyManagementService#sign},
 * {@link KeyManagementService#verify} and {@link KeyManagementService#publicKey}: each resolves the key, refuses it
 * unless it is usable and a signing key, and only then signs: a key of origin {@link KeyOrigin#KMS} with its private
 * keyset, opened here, a key of origin {@link KeyOrigin#HSM} inside the token, so that its private key never enters
 * this process. An HSM key verifies and shows its public key from the stored public key, without the token. Reported
 * to {@link KmsEvents} like every operation, with the key but neither the message nor the signature.
 */
final class KeySigning {
    private final Database db;
    private final KeyHierarchy hierarchy;
    private final OperationLog log;
    private final HsmKeyStore hsm;

    KeySigning(Database db, KeyHierarchy hierarchy, OperationLog log, HsmKeyStore hsm) {
        this.db = db;
        this.hierarchy = hierarchy;
        this.log = log;
        this.hsm = hsm;
    }

    byte[] sign(String keyRef, byte[] message) {
        return log.audited("kms:Sign", keyRef, null, trace -> {
            KeyRow key = signingKey(keyRef, trace);
            if (key.origin() == KeyOrigin.HSM) {
                return hsm.sign(key.hsmKeyLabel(), message);
            }
            return EcdsaKeys.sign(hierarchy.kekKeyset(key), message);
        });
    }

    void verify(String keyRef, byte[] message, byte[] signature) {
        log.audited("kms:Verify", keyRef, null, trace -> {
            KeyRow key = signingKey(keyRef, trace);
            boolean valid = key.origin() == KeyOrigin.HSM
                    ? EcdsaKeys.verifies(Base64Text.decode(key.publicKey()), message, signature)
                    : EcdsaKeys.verifies(hierarchy.kekKeyset(key), message, signature);
            if (!valid) {
                throw new KmsException(
                        KmsReason.INVALID_SIGNATURE, "the signature does not verify under key " + trace.key);
            }
            return null;
        });
    }

    KmsPublicKey publicKey(String keyRef) {
        return log.audited("kms:GetPublicKey", keyRef, null, trace -> {
            KeyRow key = signingKey(keyRef, trace);
            byte[] spki = key.origin() == KeyOrigin.HSM
                    ? Base64Text.decode(key.publicKey())
                    : EcdsaKeys.subjectPublicKeyInfo(hierarchy.kekKeyset(key));
            return new KmsPublicKey(key.arn(), key.keySpec(), key.keyUsage(), spki);
        });
    }

    private KeyRow signingKey(String keyRef, Trace trace) {
        KeyRow key = db.read(h -> hierarchy.resolve(h, keyRef));
        trace.key = key.arn();
        hierarchy.requireUsable(key);
        hierarchy.requireUsage(key, KeyUsage.SIGN_VERIFY);
        return key;
    }
}
