package dev.warden.device;

import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import java.security.KeyPair;
import java.security.Provider;
import java.util.Objects;

/**
 * Where a device makes its private keys: in memory (then kept in a file of mode 0600 by {@link CredentialStore}) or
 * inside a PKCS#11 token ({@link TokenKeys}), where they are generated sensitive and non-extractable and every
 * signature (the CSR, the TLS handshake, the boot attestation) is made by the token.
 */
public interface DeviceKeys {
    /** A fresh key pair for {@code thingName}; a token's private key is only a handle to the key inside it. */
    KeyPair generate(String thingName);

    /** The provider that signs with the keys of {@link #generate}, or null for software keys. */
    Provider provider();

    /** Software keys of {@code type}, generated in this process. */
    static DeviceKeys software(KeyType type) {
        Objects.requireNonNull(type, "type");
        return new DeviceKeys() {
            @Override
            public KeyPair generate(String thingName) {
                return CsrBuilder.generateDeviceKey(type);
            }

            @Override
            public Provider provider() {
                return null;
            }

            @Override
            public String toString() {
                return "DeviceKeys[software " + type + "]";
            }
        };
    }
}
