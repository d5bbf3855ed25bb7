package dev.warden.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Passphrase-protected PKCS#8 ({@code ENCRYPTED PRIVATE KEY}) export and import of CA keys, using PBES2 with
 * PBKDF2-HMAC-SHA256 (600,000 iterations, OWASP 2023 guidance) and AES-256-CBC. The output is readable by
 * {@code openssl pkey -in FILE -passin ...}.
 */
public final class EncryptedKeyExport {
    /** PBKDF2 iteration count used for exports. */
    public static final int PBKDF2_ITERATIONS = 600_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private EncryptedKeyExport() {}

    /**
     * Encrypts {@code key} under {@code passphrase}.
     *
     * @param capability must be {@link KeyExportCapability#get()}; marks the call site for review
     * @throws PkiException {@link PkiReason#KEY_EXPORT_FAILED} for non-extractable (HSM) keys, an empty
     *         passphrase or an encryption failure
     */
    public static String exportEncrypted(PrivateKey key, char[] passphrase, KeyExportCapability capability) {
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(key, "key");
        if (passphrase == null || passphrase.length == 0) {
            throw new PkiException(PkiReason.KEY_EXPORT_FAILED, "a non-empty passphrase is required");
        }
        if (key.getEncoded() == null) {
            throw new PkiException(PkiReason.KEY_EXPORT_FAILED, "private key is not extractable (HSM key?)");
        }
        try {
            OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setPRF(JcaPKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(PBKDF2_ITERATIONS)
                    .setRandom(RANDOM)
                    .setProvider(BouncyCastle.PROVIDER)
                    .setPassword(passphrase)
                    .build();
            StringWriter out = new StringWriter();
            try (PemWriter writer = new PemWriter(out)) {
                writer.writeObject(new JcaPKCS8Generator(key, encryptor).generate());
            }
            return out.toString();
        } catch (Exception e) {
            // The cause is not attached: provider messages could describe key material.
            throw new PkiException(PkiReason.KEY_EXPORT_FAILED, "cannot encrypt private key");
        }
    }

    /**
     * Decrypts an {@code ENCRYPTED PRIVATE KEY} PEM.
     *
     * @throws PkiException {@link PkiReason#KEY_IMPORT_FAILED} with the same message for a wrong passphrase
     *         and for corrupt input, so nothing about the key or passphrase is revealed
     */
    public static PrivateKey importEncrypted(String pem, char[] passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        PKCS8EncryptedPrivateKeyInfo encrypted = null;
        try (PEMParser parser = new PEMParser(new StringReader(Objects.requireNonNull(pem, "pem")))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof PKCS8EncryptedPrivateKeyInfo info) {
                    encrypted = info;
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new PkiException(PkiReason.KEY_IMPORT_FAILED, "cannot read encrypted private key");
        }
        if (encrypted == null) {
            throw new PkiException(PkiReason.KEY_IMPORT_FAILED, "no ENCRYPTED PRIVATE KEY block found");
        }
        try {
            PrivateKeyInfo info = encrypted.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                    .setProvider(BouncyCastle.PROVIDER)
                    .build(passphrase));
            return new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER).getPrivateKey(info);
        } catch (Exception e) {
            throw new PkiException(PkiReason.KEY_IMPORT_FAILED, "cannot decrypt private key (wrong passphrase?)");
        }
    }
}
