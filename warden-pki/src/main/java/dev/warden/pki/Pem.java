package dev.warden.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM encoding and decoding of certificates, CSRs and unencrypted PKCS#8 private keys. */
public final class Pem {
    private Pem() {}

    /** One {@code CERTIFICATE} block, LF line endings. */
    public static String encode(X509Certificate certificate) {
        return encode(List.of(certificate));
    }

    /** Concatenated {@code CERTIFICATE} blocks in list order (leaf/issuing first for chains). */
    public static String encode(List<X509Certificate> chain) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            for (X509Certificate certificate : chain) {
                writer.writeObject(new PemObject("CERTIFICATE", certificate.getEncoded()));
            }
        } catch (IOException | CertificateEncodingException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot PEM-encode certificate", e);
        }
        return out.toString();
    }

    /**
     * Unencrypted PKCS#8 {@code PRIVATE KEY}. Only for files protected by mode 0600 or handed directly to a
     * device owner; use {@link EncryptedKeyExport} for anything that leaves the node. Fails with
     * {@link PkiReason#KEY_EXPORT_FAILED} for non-extractable (HSM) keys.
     */
    public static String encodePrivateKey(PrivateKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equalsIgnoreCase(key.getFormat())) {
            throw new PkiException(PkiReason.KEY_EXPORT_FAILED, "private key is not extractable");
        }
        return write("PRIVATE KEY", encoded);
    }

    /** {@code CERTIFICATE REQUEST} block for a CSR. */
    public static String encodeCsr(PKCS10CertificationRequest csr) {
        try {
            return write("CERTIFICATE REQUEST", csr.getEncoded());
        } catch (IOException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot encode CSR", e);
        }
    }

    /**
     * The first certificate in {@code pem}.
     *
     * @throws PkiException {@link PkiReason#CERTIFICATE_MALFORMED} when there is none or it does not parse
     */
    public static X509Certificate parseCertificate(String pem) {
        List<X509Certificate> certificates = parseCertificates(pem);
        if (certificates.isEmpty()) {
            throw new PkiException(PkiReason.CERTIFICATE_MALFORMED, "no CERTIFICATE block found");
        }
        return certificates.get(0);
    }

    /** All certificates in {@code pem}, in order; other PEM block types are skipped. */
    public static List<X509Certificate> parseCertificates(String pem) {
        List<X509Certificate> result = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder holder) {
                    result.add((X509Certificate)
                            factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new PkiException(PkiReason.CERTIFICATE_MALFORMED, "cannot parse PEM certificate", e);
        }
        return result;
    }

    /**
     * An unencrypted private key ({@code PRIVATE KEY} or legacy {@code EC PRIVATE KEY}).
     *
     * @throws PkiException {@link PkiReason#KEY_IMPORT_FAILED} when absent, encrypted or unparseable
     */
    public static PrivateKey parsePrivateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER);
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new PkiException(
                            PkiReason.KEY_IMPORT_FAILED, "private key is encrypted; import it with a passphrase");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof PkiException pki) {
                throw pki;
            }
            // The cause may quote key bytes, so it is deliberately not attached.
            throw new PkiException(PkiReason.KEY_IMPORT_FAILED, "cannot parse PEM private key");
        }
        throw new PkiException(PkiReason.KEY_IMPORT_FAILED, "no PRIVATE KEY block found");
    }

    /**
     * A private key from its unencrypted PKCS#8 DER encoding ({@link PrivateKey#getEncoded()}).
     *
     * @throws PkiException {@link PkiReason#KEY_IMPORT_FAILED} when unparseable (the cause is not attached)
     */
    public static PrivateKey privateKeyFromPkcs8(byte[] der) {
        try {
            return new JcaPEMKeyConverter()
                    .setProvider(BouncyCastle.PROVIDER)
                    .getPrivateKey(PrivateKeyInfo.getInstance(der));
        } catch (IOException | RuntimeException e) {
            throw new PkiException(PkiReason.KEY_IMPORT_FAILED, "cannot parse PKCS#8 private key");
        }
    }

    /** A public key as a {@code PUBLIC KEY} block (SubjectPublicKeyInfo), as {@code openssl pkey -pubout} writes it. */
    public static String encodePublicKey(PublicKey key) {
        return write("PUBLIC KEY", key.getEncoded());
    }

    /**
     * A {@code PUBLIC KEY} block, or the public key of a certificate.
     *
     * @throws PkiException {@link PkiReason#KEY_IMPORT_FAILED} when neither is found
     */
    public static PublicKey parsePublicKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BouncyCastle.PROVIDER);
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof SubjectPublicKeyInfo info) {
                    return converter.getPublicKey(info);
                }
                if (object instanceof X509CertificateHolder holder) {
                    return converter.getPublicKey(holder.getSubjectPublicKeyInfo());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new PkiException(PkiReason.KEY_IMPORT_FAILED, "cannot parse PEM public key");
        }
        throw new PkiException(PkiReason.KEY_IMPORT_FAILED, "no PUBLIC KEY block found");
    }

    static String write(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
