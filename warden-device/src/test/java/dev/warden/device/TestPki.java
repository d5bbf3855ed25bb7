package dev.warden.device;

import dev.warden.gateway.ServerCredentials;
import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaHierarchyBuilder;
import dev.warden.pki.CaNames;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.CertificateProfile;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.CsrParser;
import dev.warden.pki.IssueRequest;
import dev.warden.pki.KeyType;
import dev.warden.pki.ValidatedCsr;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A throwaway Warden PKI made by warden-pki: a trusted hierarchy (root, issuing CA) issuing device, claim and
 * server certificates, and an unrelated "rogue" hierarchy the device must never trust.
 */
final class TestPki {
    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "default";

    final CaHierarchy trusted;
    final CaHierarchy rogue;
    private final CertificateIssuer issuer;
    private final CertificateIssuer rogueIssuer;
    private final Map<String, DeviceCredentials> devices = new ConcurrentHashMap<>();

    TestPki() {
        trusted = CaHierarchyBuilder.create(
                new CaNames(REGION, ACCOUNT), new dev.warden.pki.SoftwareKeySource(), Clock.systemUTC());
        rogue = CaHierarchyBuilder.create(
                new CaNames(REGION, "rogue"), new dev.warden.pki.SoftwareKeySource(), Clock.systemUTC());
        issuer = new CertificateIssuer(trusted.issuing(), new SecureRandom(), Clock.systemUTC());
        rogueIssuer = new CertificateIssuer(rogue.issuing(), new SecureRandom(), Clock.systemUTC());
    }

    X509Certificate root() {
        return trusted.root().certificate();
    }

    /** Issuing CA then root, as the node's {@code chainPem}. */
    List<X509Certificate> caChain() {
        return List.of(trusted.issuing().certificate(), trusted.root().certificate());
    }

    /** Device credentials from the trusted issuing CA (created once per name). */
    DeviceCredentials device(String name) {
        return devices.computeIfAbsent(name, n -> issueDevice(n, Duration.ofDays(1)));
    }

    DeviceCredentials issueDevice(String name, Duration validity) {
        KeyPair keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        return new DeviceCredentials(name, keys.getPrivate(), issue(name, keys.getPublic(), validity), caChain());
    }

    /** A device certificate for {@code publicKey}, as the node issues it from a CSR. */
    X509Certificate issue(String name, PublicKey publicKey, Duration validity) {
        return issuer.issue(new IssueRequest(
                name, "urn:warden:device:" + name, publicKey, validity, null, null, CertificateProfile.DEVICE));
    }

    X509Certificate issueFromCsr(byte[] csrPem, String name) {
        ValidatedCsr csr = CsrParser.parse(csrPem);
        return issue(name, csr.publicKey(), Duration.ofDays(1));
    }

    /** Credentials from the rogue hierarchy (chain ends in the rogue root). */
    DeviceCredentials rogueDevice(String name) {
        KeyPair keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        X509Certificate cert = rogueIssuer.issue(new IssueRequest(
                name, null, keys.getPublic(), Duration.ofDays(1), null, null, CertificateProfile.DEVICE));
        return new DeviceCredentials(
                name,
                keys.getPrivate(),
                cert,
                List.of(rogue.issuing().certificate(), rogue.root().certificate()));
    }

    /** A TLS server certificate for localhost / 127.0.0.1 from the trusted (or rogue) issuing CA. */
    ServerCredentials server(boolean fromRogue) {
        return server(fromRogue, "localhost", List.of("127.0.0.1"));
    }

    /** A trusted TLS server certificate for another host name only (no IP address). */
    ServerCredentials serverFor(String dnsName) {
        return server(false, dnsName, List.of());
    }

    private ServerCredentials server(boolean fromRogue, String dnsName, List<String> ips) {
        KeyPair keys = CsrBuilder.generateDeviceKey(KeyType.EC_P256);
        CertificateIssuer by = fromRogue ? rogueIssuer : issuer;
        CaHierarchy hierarchy = fromRogue ? rogue : trusted;
        X509Certificate cert = by.issueServer(dnsName, List.of(dnsName), ips, keys.getPublic(), Duration.ofDays(1));
        return new ServerCredentials(
                keys.getPrivate(), List.of(cert, hierarchy.issuing().certificate()));
    }

    /** Trusts the trusted root only. */
    X509TrustManager trustManager() {
        TrustManagerFactory factory = DeviceTls.trustOnly(root());
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("no X509TrustManager");
    }
}
