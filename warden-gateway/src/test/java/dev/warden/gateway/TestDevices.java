package dev.warden.gateway;

import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaHierarchyBuilder;
import dev.warden.pki.CaNames;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.CertificateProfile;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.CsrParser;
import dev.warden.pki.Fingerprints;
import dev.warden.pki.IssueRequest;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.pki.SoftwareKeySource;
import dev.warden.pki.ValidatedCsr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A throwaway PKI made by warden-pki in a temp dir: a trusted hierarchy with the gateway's server certificate and
 * device certificates (thing name = CN = client ID), and an untrusted "rogue" hierarchy. Files per device:
 * {@code <name>.crt} (leaf + issuing CA) and {@code <name>.key}; {@code ca.pem} is the trusted root.
 */
final class TestDevices {
    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "default";

    record Device(String name, X509Certificate certificate, KeyPair keys, Path certFile, Path keyFile) {
        String serialHex() {
            return certificate.getSerialNumber().toString(16);
        }
    }

    private final Path dir;
    private final CaHierarchy trusted;
    private final CertificateIssuer issuer;
    private final CertificateIssuer rogueIssuer;
    private final CaHierarchy rogue;
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private volatile ServerCredentials server;

    TestDevices(Path dir) {
        this.dir = dir;
        this.trusted =
                CaHierarchyBuilder.create(new CaNames(REGION, ACCOUNT), new SoftwareKeySource(), Clock.systemUTC());
        this.rogue =
                CaHierarchyBuilder.create(new CaNames(REGION, "rogue"), new SoftwareKeySource(), Clock.systemUTC());
        this.issuer = new CertificateIssuer(trusted.issuing(), new SecureRandom(), Clock.systemUTC());
        this.rogueIssuer = new CertificateIssuer(rogue.issuing(), new SecureRandom(), Clock.systemUTC());
        KeyPair serverKeys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        X509Certificate serverCert = issuer.issueServer(
                "localhost", List.of("localhost"), List.of("127.0.0.1"), serverKeys.getPublic(), Duration.ofDays(1));
        this.server = new ServerCredentials(
                serverKeys.getPrivate(), List.of(serverCert, trusted.issuing().certificate()));
        write(caFile(), Pem.encode(trusted.root().certificate()));
    }

    Path dir() {
        return dir;
    }

    /** Makes {@link #serverCredentials()} return {@code credentials} from now on. */
    void useServerCredentials(ServerCredentials credentials) {
        server = credentials;
    }

    Path caFile() {
        return dir.resolve("ca.pem");
    }

    ServerCredentials serverCredentials() {
        return server;
    }

    /** A fresh server certificate and key from the trusted issuing CA, as a renewal would produce. */
    ServerCredentials renewedServerCredentials() {
        KeyPair keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        X509Certificate cert = issuer.issueServer(
                "localhost", List.of("localhost"), List.of("127.0.0.1"), keys.getPublic(), Duration.ofDays(1));
        return new ServerCredentials(
                keys.getPrivate(), List.of(cert, trusted.issuing().certificate()));
    }

    /** A device certificate from the trusted issuing CA (created on first use). */
    Device device(String name) {
        return devices.computeIfAbsent(name, n -> issue(n, issuer, trusted));
    }

    /** A device certificate from a CA the gateway does not trust. */
    Device rogueDevice(String name) {
        return issue(name, rogueIssuer, rogue);
    }

    /** Trusts the root only; the device sends its issuing CA in its chain. */
    X509TrustManager trustManager() {
        for (TrustManager tm : trustManagerFactory().getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X509TrustManager");
    }

    /** A JDK TLS client context presenting {@code device}'s certificate and trusting the gateway's root. */
    SSLContext clientContext(Device device) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keyManagerFactory(device).getKeyManagers(),
                    new TrustManager[] {trustManager()},
                    new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    KeyManagerFactory keyManagerFactory(Device device) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("device", device.keys().getPrivate(), new char[0], new X509Certificate[] {
                device.certificate(), trusted.issuing().certificate()
            });
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
            kmf.init(keys, new char[0]);
            return kmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    TrustManagerFactory trustManagerFactory() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("root", trusted.root().certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static DeviceIdentity identityOf(X509Certificate certificate) {
        String subject = certificate.getSubjectX500Principal().getName();
        String cn = subject.replaceAll("^.*CN=([^,]+).*$", "$1");
        return new DeviceIdentity(
                cn, certificate.getSerialNumber().toString(16), Fingerprints.sha256Hex(certificate), Map.of());
    }

    private Device issue(String name, CertificateIssuer by, CaHierarchy hierarchy) {
        KeyPair keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        ValidatedCsr csr = CsrParser.parse(CsrBuilder.buildCsrDer(keys, name));
        X509Certificate cert = by.issue(new IssueRequest(
                name,
                "urn:warden:device:" + name,
                csr.publicKey(),
                Duration.ofDays(1),
                null,
                null,
                CertificateProfile.DEVICE));
        String prefix = hierarchy == rogue ? "rogue-" : "";
        Path certFile = dir.resolve(prefix + name + ".crt");
        Path keyFile = dir.resolve(prefix + name + ".key");
        write(certFile, Pem.encode(List.of(cert, hierarchy.issuing().certificate())));
        write(keyFile, Pem.encodePrivateKey(keys.getPrivate()));
        return new Device(name, cert, keys, certFile, keyFile);
    }

    private static void write(Path file, String content) {
        try {
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
