package dev.warden.device;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.pki.CsrBuilder;
import dev.warden.pki.KeyType;
import dev.warden.pki.Pem;
import dev.warden.pki.PkiException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;

/**
 * The device side of Warden provisioning over the node's HTTPS API. Every call generates a fresh key pair here and
 * sends only a CSR; the private key never leaves the device. The node is trusted through the pinned Warden root
 * alone, and an answer is accepted only if its certificate carries the key just generated and chains to that root.
 *
 * <pre>{@code
 * Provisioner provisioner = Provisioner.create(URI.create("https://warden.example:8443"), wardenRoot);
 * DeviceCredentials creds = provisioner.provision("sensors", "sensor-1", ProvisioningClaim.token(token), Map.of());
 * CredentialStore.open(dir, "sensor-1").save(creds);
 * }</pre>
 */
public final class Provisioner {
    static final String TOKEN_HEADER = "X-Warden-Enrollment-Token";

    private final NodeHttp http;
    private final X509Certificate root;
    private final Duration timeout;
    private final DeviceKeys keys;
    private final Clock clock;

    private Provisioner(URI node, X509Certificate root, Duration timeout, DeviceKeys keys, Clock clock) {
        this.http = new NodeHttp(node, root, timeout);
        this.root = root;
        this.timeout = timeout;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * A provisioner for the node at {@code node} (its admin API base URL) that trusts only {@code wardenRoot}
     * ({@code DATA/pki/root.crt} or {@code /ca/root.pem}, obtained out of band). Keys are EC P-256, timeout 30 s.
     */
    public static Provisioner create(URI node, X509Certificate wardenRoot) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(wardenRoot, "wardenRoot");
        if (!"https".equalsIgnoreCase(node.getScheme())) {
            throw new IllegalArgumentException("the provisioning API is reached over https only: " + node);
        }
        return new Provisioner(
                node, wardenRoot, Duration.ofSeconds(30), DeviceKeys.software(KeyType.EC_P256), Clock.systemUTC());
    }

    public Provisioner withTimeout(Duration timeout) {
        return new Provisioner(http.base(), root, Objects.requireNonNull(timeout, "timeout"), keys, clock);
    }

    public Provisioner withKeyType(KeyType type) {
        return withKeys(DeviceKeys.software(type));
    }

    /** Generates keys with {@code deviceKeys}: a {@link TokenKeys} keeps them in a PKCS#11 token, which signs the CSR. */
    public Provisioner withKeys(DeviceKeys deviceKeys) {
        return new Provisioner(http.base(), root, timeout, Objects.requireNonNull(deviceKeys, "deviceKeys"), clock);
    }

    /** For tests of the rotation schedule. */
    public Provisioner withClock(Clock newClock) {
        return new Provisioner(http.base(), root, timeout, keys, Objects.requireNonNull(newClock, "clock"));
    }

    /**
     * Provisions {@code thingName} through {@code template}: {@code POST /provisioning/templates/{template}/provision}.
     *
     * @param parameters extra template parameters (e.g. {@code SerialNumber}); {@code ThingName} is set from
     *                   {@code thingName}
     * @throws ProvisioningRejectedException when the node refuses (4xx), with its error code
     * @throws DeviceException               {@link DeviceErrorReason#TLS_FAILED} when the node's certificate does not
     *                                       chain to the pinned root, or other transport reasons
     */
    public DeviceCredentials provision(
            String template, String thingName, ProvisioningClaim claim, Map<String, String> parameters) {
        Objects.requireNonNull(template, "template");
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(claim, "claim");
        KeyPair keyPair = keys.generate(thingName);
        Map<String, String> allParameters = new LinkedHashMap<>(parameters == null ? Map.of() : parameters);
        allParameters.put("ThingName", thingName);
        Map<String, Object> body =
                Map.of("csr", csrPem(keyPair, thingName, keys.provider()), "parameters", allParameters);
        String path = "/provisioning/templates/"
                + URLEncoder.encode(template, StandardCharsets.UTF_8).replace("+", "%20") + "/provision";
        JsonNode issued;
        if (claim instanceof ProvisioningClaim.ClaimCertificate certificate) {
            issued = http.post(path, body, Map.of(), DeviceTls.identity(certificate.key(), certificate.chain()));
        } else {
            issued = http.post(
                    path, body, Map.of(TOKEN_HEADER, ((ProvisioningClaim.EnrollmentToken) claim).token()), null);
        }
        return accept(issued, keyPair, thingName);
    }

    /**
     * Replaces {@code current} with a certificate for a new key: {@code POST /provisioning/rotate} over mTLS with the
     * current certificate. The node keeps the old certificate valid for an overlap period, so a device may keep
     * using it until the new one is proven to work.
     */
    public DeviceCredentials rotate(DeviceCredentials current) {
        Objects.requireNonNull(current, "current");
        KeyPair keyPair = keys.generate(current.thingName());
        KeyManagerFactory identity = DeviceTls.identity(current.privateKey(), current.presentedChain());
        JsonNode issued = http.post(
                "/provisioning/rotate",
                Map.of("csr", csrPem(keyPair, current.thingName(), keys.provider())),
                Map.of(),
                identity);
        return accept(issued, keyPair, current.thingName());
    }

    /**
     * Rotates the credentials in {@code store} when {@code policy} says they are due. The new credentials are staged
     * beside the current ones, checked with {@code check} (e.g. a test connection to the gateway), and committed
     * only when the check passes; if it fails they stay staged, the current ones stay in use, and the next call tries
     * the staged ones again before asking the node for yet another certificate.
     *
     * @return whether credentials were replaced, and the credentials now current
     */
    public RotationResult rotateIfDue(CredentialStore store, RotationPolicy policy, CredentialCheck check) {
        DeviceCredentials current = store.load();
        DeviceCredentials staged = store.staged();
        if (staged != null) {
            if (works(check, staged)) {
                store.commit();
                return new RotationResult(true, staged);
            }
            store.discardStaged();
        }
        if (!policy.isDue(current, clock.instant())) {
            return new RotationResult(false, current);
        }
        DeviceCredentials next = rotate(current);
        store.stage(next);
        check.check(next);
        store.commit();
        return new RotationResult(true, next);
    }

    private static boolean works(CredentialCheck check, DeviceCredentials credentials) {
        try {
            check.check(credentials);
            return true;
        } catch (DeviceException e) {
            return false;
        }
    }

    /** Accepts the node's answer only if it certifies {@code keys} under the pinned root. */
    private DeviceCredentials accept(JsonNode issued, KeyPair keys, String requestedThing) {
        String certificatePem = issued.path("certificatePem").asText("");
        String chainPem = issued.path("chainPem").asText("");
        X509Certificate certificate;
        List<X509Certificate> chain;
        try {
            certificate = Pem.parseCertificate(certificatePem);
            chain = Pem.parseCertificates(chainPem);
        } catch (PkiException e) {
            throw new DeviceException(
                    DeviceErrorReason.PROVISIONING_FAILED,
                    "the node's answer holds no usable certificate: " + e.getMessage());
        }
        if (!Arrays.equals(
                certificate.getPublicKey().getEncoded(), keys.getPublic().getEncoded())) {
            throw new DeviceException(
                    DeviceErrorReason.PROVISIONING_FAILED,
                    "the issued certificate does not carry the key this device generated");
        }
        requireChainsToRoot(certificate, chain);
        String thing = issued.path("thingName").asText(requestedThing);
        return new DeviceCredentials(thing.isEmpty() ? requestedThing : thing, keys.getPrivate(), certificate, chain);
    }

    private void requireChainsToRoot(X509Certificate certificate, List<X509Certificate> chain) {
        List<X509Certificate> path = new ArrayList<>();
        path.add(certificate);
        for (X509Certificate ca : chain) {
            if (!DeviceCredentials.isSelfSigned(ca)) {
                path.add(ca);
            }
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
            // Revocation of a certificate issued a moment ago is not in question; the CRL may not even be reachable.
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (GeneralSecurityException e) {
            throw new DeviceException(
                    DeviceErrorReason.PROVISIONING_FAILED,
                    "the issued certificate does not chain to the pinned Warden root: " + e.getMessage());
        }
    }

    static String csrPem(KeyPair keys, String commonName) {
        return csrPem(keys, commonName, null);
    }

    /** The CSR signed through {@code provider} (a token's, when the key is held there), or in software. */
    static String csrPem(KeyPair keys, String commonName, java.security.Provider provider) {
        byte[] der = CsrBuilder.buildCsrDer(keys, commonName, provider);
        return "-----BEGIN CERTIFICATE REQUEST-----\n"
                + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    /** Proves that freshly issued credentials work before they replace the current ones. */
    @FunctionalInterface
    public interface CredentialCheck {
        /** Accepts no check: the credentials are committed as soon as they are issued. */
        CredentialCheck NONE = credentials -> {};

        /** Passes when the credentials can connect to the gateway (a CONNACK success), then disconnects. */
        static CredentialCheck connectsTo(DeviceClientConfig gateway) {
            Objects.requireNonNull(gateway, "gateway");
            return credentials -> DeviceClient.connect(credentials, gateway).close();
        }

        /** @throws DeviceException when {@code credentials} do not work */
        void check(DeviceCredentials credentials);
    }

    /**
     * @param rotated     true when new credentials became current in this call
     * @param credentials the credentials now current
     */
    public record RotationResult(boolean rotated, DeviceCredentials credentials) {}
}
