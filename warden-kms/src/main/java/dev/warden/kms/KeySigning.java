package dev.warden.kms;

import com.google.crypto.tink.KeysetHandle;
import dev.warden.kms.OperationLog.Trace;
import dev.warden.kms.store.KeyRow;
import dev.warden.storage.Database;

/**
 * The operations of {@link KeyUsage#SIGN_VERIFY} keys behind {@link KeyManagementService#sign},
 * {@link KeyManagementService#verify} and {@link KeyManagementService#publicKey}: each resolves the key, refuses it
 * unless it is usable and a signing key, and only then opens its private keyset. Reported to {@link KmsEvents} like
 * every operation, with the key but neither the message nor the signature.
 */
final class KeySigning {
    private final Database db;
    private final KeyHierarchy hierarchy;
    private final OperationLog log;

    KeySigning(Database db, KeyHierarchy hierarchy, OperationLog log) {
        this.db = db;
        this.hierarchy = hierarchy;
        this.log = log;
    }

    byte[] sign(String keyRef, byte[] message) {
        return log.audited("kms:Sign", keyRef, null, trace -> EcdsaKeys.sign(privateKeyset(keyRef, trace), message));
    }

    void verify(String keyRef, byte[] message, byte[] signature) {
        log.audited("kms:Verify", keyRef, null, trace -> {
            if (!EcdsaKeys.verifies(privateKeyset(keyRef, trace), message, signature)) {
                throw new KmsException(
                        KmsReason.INVALID_SIGNATURE, "the signature does not verify under key " + trace.key);
            }
            return null;
        });
    }

    KmsPublicKey publicKey(String keyRef) {
        return log.audited("kms:GetPublicKey", keyRef, null, trace -> {
            KeyRow key = signingKey(keyRef, trace);
            return new KmsPublicKey(
                    key.arn(), key.keySpec(), key.keyUsage(), EcdsaKeys.subjectPublicKeyInfo(hierarchy.kekKeyset(key)));
        });
    }

    private KeysetHandle privateKeyset(String keyRef, Trace trace) {
        return hierarchy.kekKeyset(signingKey(keyRef, trace));
    }

    private KeyRow signingKey(String keyRef, Trace trace) {
        KeyRow key = db.read(h -> hierarchy.resolve(h, keyRef));
        trace.key = key.arn();
        hierarchy.requireUsable(key);
        hierarchy.requireUsage(key, KeyUsage.SIGN_VERIFY);
        return key;
    }
}
