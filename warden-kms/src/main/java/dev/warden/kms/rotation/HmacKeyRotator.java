package dev.warden.kms.rotation;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import dev.warden.kms.KmsException;
import dev.warden.kms.KmsReason;
import dev.warden.kms.SecretRotator;
import dev.warden.kms.SecretValue;
import dev.warden.kms.TinkKeys;
import java.security.GeneralSecurityException;

/**
 * Rotates an HMAC key (e.g. for signing webhooks): the secret's value is a Tink HMAC-SHA256 keyset. Each rotation
 * carries the previous keys over as non-primary, so tags made before the rotation still verify while new tags use the
 * new key.
 */
public final class HmacKeyRotator implements SecretRotator {
    @Override
    public SecretValue createSecret(SecretValue current) {
        TinkKeys.ensureRegistered();
        try {
            KeysetHandle next;
            if (current == null || current.length() == 0 || !isKeyset(current)) {
                next = KeysetHandle.generateNew(PredefinedMacParameters.HMAC_SHA256_256BITTAG);
            } else {
                KeysetHandle.Builder builder = KeysetHandle.newBuilder(parse(current));
                builder.addEntry(KeysetHandle.generateEntryFromParameters(PredefinedMacParameters.HMAC_SHA256_256BITTAG)
                        .withRandomId());
                builder.getAt(builder.size() - 1).makePrimary();
                next = builder.build();
            }
            return SecretValue.ofBytes(TinkProtoKeysetFormat.serializeKeyset(next, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException e) {
            throw new KmsException(
                    KmsReason.INTERNAL,
                    "cannot generate an HMAC key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The HMAC primitive of a secret value produced by this rotator. */
    public static Mac mac(SecretValue value) {
        try {
            return parse(value).getPrimitive(RegistryConfiguration.get(), Mac.class);
        } catch (GeneralSecurityException e) {
            throw new KmsException(KmsReason.INVALID_ARGUMENT, "the secret is not an HMAC keyset");
        }
    }

    private static boolean isKeyset(SecretValue value) {
        try {
            parse(value);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeysetHandle parse(SecretValue value) throws GeneralSecurityException {
        TinkKeys.ensureRegistered();
        return TinkProtoKeysetFormat.parseKeyset(value.bytes(), InsecureSecretKeyAccess.get());
    }

    @Override
    public String toString() {
        return "HmacKeyRotator[HMAC-SHA256]";
    }
}
