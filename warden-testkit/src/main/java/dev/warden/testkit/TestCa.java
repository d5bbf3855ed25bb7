package dev.warden.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway two-level CA (root, issuing CA; EC P-256, ECDSA with SHA-256) for TLS and mTLS tests, built with
 * BouncyCastle and the JDK, never with warden-pki: it is the independent counterpart of Warden's own PKI (a gateway,
 * a device SDK or warden-pki's verifiers must accept what any correct CA issues, not only what Warden issues).
 *
 * <p>Leaves: device certificates (subject CN = thing name, clientAuth) and server certificates (DNS and IP SANs,
 * serverAuth). A second instance is an unrelated ("rogue") CA. If made with a directory, the CA writes its root to
 * {@code ca.pem} there and every device it issues to {@code <thing>.crt} (leaf then issuing CA) and {@code <thing>.key}
 * (PKCS#8), the files openssl, mosquitto and MQTT.js read.
 */
public final class TestCa {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration CA_VALIDITY = Duration.ofDays(30);
    private static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofDays(1);
    /** Back-dates every certificate a little, so that a test host whose clock lags a second still accepts it. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);

    /** A key pair and its certificate, with the chain a TLS peer presents and the chain a relying party stores. */
    public record Leaf(String name, KeyPair keys, X509Certificate certificate, List<X509Certificate> caChain) {
        public Leaf {
            caChain = List.copyOf(caChain);
        }

        public PrivateKey privateKey() {
            return keys.getPrivate();
        }

        /** The leaf then its issuing CA: what a TLS client or server presents (the root is the peer's anchor). */
        public List<X509Certificate> chain() {
            return List.of(certificate, caChain.get(0));
        }

        public String serialHex() {
            return certificate.getSerialNumber().toString(16);
        }

        /** A JDK key manager presenting this leaf and its issuing CA. */
        public KeyManagerFactory keyManagerFactory() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("leaf", privateKey(), new char[0], chain().toArray(X509Certificate[]::new));
                KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX");
                factory.init(store, new char[0]);
                return factory;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Writes {@code <base>.crt} (leaf then issuing CA) and {@code <base>.key} into {@code dir}. */
        public void writeTo(Path dir, String base) {
            write(dir.resolve(base + ".crt"), pem(chain()));
            write(dir.resolve(base + ".key"), pem(privateKey()));
        }
    }

    private final Path dir;
    private final KeyPair rootKeys;
    private final X509Certificate root;
    private final KeyPair issuingKeys;
    private final X509Certificate issuing;
    private final Map<String, Leaf> devices = new ConcurrentHashMap<>();

    private TestCa(String name, Path dir) {
        this.dir = dir;
        rootKeys = newKey();
        X500Principal rootName = new X500Principal("CN=" + name + " Test Root CA,O=Warden tests");
        root = sign(rootName, rootKeys.getPublic(), rootName, rootKeys, null, CA_VALIDITY, Profile.ROOT, List.of());
        issuingKeys = newKey();
        issuing = sign(
                new X500Principal("CN=" + name + " Test Issuing CA,O=Warden tests"),
                issuingKeys.getPublic(),
                rootName,
                rootKeys,
                root,
                CA_VALIDITY,
                Profile.ISSUING,
                List.of());
        if (dir != null) {
            write(caFile(), pem(List.of(root)));
        }
    }

    /** A CA in memory only. */
    public static TestCa create(String name) {
        return new TestCa(name, null);
    }

    /** A CA that writes {@code ca.pem} (its root) and every device it issues into {@code dir}. */
    public static TestCa create(String name, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TestCa(name, dir);
    }

    /** A fresh EC P-256 key pair. */
    public static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate root() {
        return root;
    }

    public X509Certificate issuing() {
        return issuing;
    }

    /** The issuing CA then the root, as a node hands it to a device ({@code chainPem}). */
    public List<X509Certificate> caChain() {
        return List.of(issuing, root);
    }

    /** The directory the CA writes to; fails for a CA in memory. */
    public Path dir() {
        if (dir == null) {
            throw new IllegalStateException("this TestCa writes no files");
        }
        return dir;
    }

    /** {@code ca.pem}: the root certificate. */
    public Path caFile() {
        return dir().resolve("ca.pem");
    }

    /** The certificate file of a device issued by {@link #device}, in {@link #dir()}. */
    public Path certFile(String thing) {
        return dir().resolve(thing + ".crt");
    }

    /** The private key file of a device issued by {@link #device}, in {@link #dir()}. */
    public Path keyFile(String thing) {
        return dir().resolve(thing + ".key");
    }

    /** The device {@code thing} (valid for a day), issued on first use and the same one after. */
    public Leaf device(String thing) {
        return devices.computeIfAbsent(thing, t -> newDevice(t, DEFAULT_LEAF_VALIDITY));
    }

    /** A fresh key and device certificate for {@code thing} on every call (files, if any, are overwritten). */
    public Leaf newDevice(String thing, Duration validity) {
        KeyPair keys = newKey();
        Leaf leaf = new Leaf(thing, keys, deviceCertificate(thing, keys.getPublic(), validity), caChain());
        if (dir != null) {
            leaf.writeTo(dir, thing);
        }
        return leaf;
    }

    /** A device certificate (CN = {@code thing}, clientAuth) for a key made elsewhere, e.g. taken from a CSR. */
    public X509Certificate deviceCertificate(String thing, PublicKey publicKey, Duration validity) {
        return sign(
                new X500Principal("CN=" + thing),
                publicKey,
                issuing.getSubjectX500Principal(),
                issuingKeys,
                issuing,
                validity,
                Profile.CLIENT,
                List.of());
    }

    /** A fresh server key and certificate for {@code localhost} and {@code 127.0.0.1}. */
    public Leaf server() {
        return server("localhost", List.of("127.0.0.1"));
    }

    /** A fresh server key and certificate (serverAuth) for the DNS name {@code dnsName} and the IPs {@code ips}. */
    public Leaf server(String dnsName, List<String> ips) {
        KeyPair keys = newKey();
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, dnsName));
        ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        X509Certificate certificate = sign(
                new X500Principal("CN=" + dnsName),
                keys.getPublic(),
                issuing.getSubjectX500Principal(),
                issuingKeys,
                issuing,
                DEFAULT_LEAF_VALIDITY,
                Profile.SERVER,
                names);
        return new Leaf(dnsName, keys, certificate, caChain());
    }

    /** Trusts this CA's root only (a peer sends the issuing CA in its chain). */
    public TrustManagerFactory trustManagerFactory() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("root", root);
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The X.509 trust manager of {@link #trustManagerFactory()}. */
    public X509TrustManager trustManager() {
        for (TrustManager manager : trustManagerFactory().getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X509TrustManager");
    }

    /** A JDK TLS client context presenting {@code leaf} and trusting this CA's root. */
    public SSLContext clientContext(Leaf leaf) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    leaf.keyManagerFactory().getKeyManagers(), new TrustManager[] {trustManager()}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PEM of {@code certificates}, in order. */
    public static String pem(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                out.append(pem("CERTIFICATE", certificate.getEncoded()));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return out.toString();
    }

    /** PEM of {@code key} as PKCS#8 ({@code PRIVATE KEY}). */
    public static String pem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + base64 + "\n-----END " + type + "-----\n";
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private enum Profile {
        ROOT,
        ISSUING,
        CLIENT,
        SERVER
    }

    private static X509Certificate sign(
            X500Principal subject,
            PublicKey publicKey,
            X500Principal issuerName,
            KeyPair issuerKeys,
            X509Certificate issuerCertificate,
            Duration validity,
            Profile profile,
            List<GeneralName> subjectAltNames) {
        Instant now = Instant.now();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuerName,
                    new BigInteger(127, RANDOM).setBit(126),
                    Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(validity)),
                    subject,
                    publicKey);
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(publicKey));
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    issuerCertificate == null
                            ? extensions.createAuthorityKeyIdentifier(publicKey)
                            : extensions.createAuthorityKeyIdentifier(issuerCertificate));
            addProfile(builder, profile, subjectAltNames);
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(
                            new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot sign a test certificate", e);
        }
    }

    private static void addProfile(X509v3CertificateBuilder builder, Profile profile, List<GeneralName> altNames)
            throws CertIOException {
        switch (profile) {
            case ROOT, ISSUING -> {
                builder.addExtension(
                        Extension.basicConstraints,
                        true,
                        profile == Profile.ROOT ? new BasicConstraints(true) : new BasicConstraints(0));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            case CLIENT, SERVER -> {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(
                        Extension.extendedKeyUsage,
                        false,
                        new ExtendedKeyUsage(
                                profile == Profile.CLIENT
                                        ? KeyPurposeId.id_kp_clientAuth
                                        : KeyPurposeId.id_kp_serverAuth));
                if (!altNames.isEmpty()) {
                    builder.addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(altNames.toArray(GeneralName[]::new)));
                }
            }
        }
    }
}
