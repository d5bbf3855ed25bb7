package dev.warden.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.warden.testkit.TestCa;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("openssl")
class OcspResponderTest {
    static CaHierarchy hierarchy;
    static X509Certificate good;
    static X509Certificate revoked;
    static X509Certificate unknown;
    static final Map<BigInteger, CertStatus> statuses = new ConcurrentHashMap<>();
    static final Map<BigInteger, AtomicInteger> lookups = new ConcurrentHashMap<>();
    static OcspResponder responder;
    static HttpServer server;
    static String url;

    @BeforeAll
    static void start() throws IOException {
        hierarchy = TestPki.hierarchy();
        CertificateIssuer issuer = TestPki.issuer(hierarchy);
        good = TestPki.device(issuer, "good");
        revoked = TestPki.device(issuer, "revoked");
        unknown = TestPki.device(issuer, "unknown");
        statuses.put(good.getSerialNumber(), new CertStatus.Good());
        statuses.put(
                revoked.getSerialNumber(),
                new CertStatus.Revoked(Instant.now().minusSeconds(600), RevocationReason.KEY_COMPROMISE));
        responder = new OcspResponder(
                hierarchy.issuing(),
                hierarchy.ocsp(),
                serial -> {
                    lookups.computeIfAbsent(serial, s -> new AtomicInteger()).incrementAndGet();
                    return statuses.getOrDefault(serial, new CertStatus.Unknown());
                },
                Clock.systemUTC(),
                Duration.ofHours(1));

        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ocsp", OcspResponderTest::handle);
        server.start();
        url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ocsp";
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    /** What a real server does: POST body, or RFC 6960 appendix A GET {url}/{urlencoded base64 DER}. */
    private static void handle(HttpExchange exchange) throws IOException {
        byte[] request;
        if ("POST".equals(exchange.getRequestMethod())) {
            request = exchange.getRequestBody().readAllBytes();
        } else {
            String path = exchange.getRequestURI().getRawPath();
            String encoded =
                    path.substring(path.indexOf("/ocsp") + "/ocsp".length()).replaceFirst("^/", "");
            try {
                request = Base64.getDecoder().decode(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                request = new byte[0];
            }
        }
        OcspResult result = responder.respond(request);
        exchange.getResponseHeaders().set("Content-Type", OcspResult.CONTENT_TYPE);
        exchange.sendResponseHeaders(result.httpStatus(), result.response().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(result.response());
        }
    }

    private static String ocsp(Path dir, String... extra) {
        TestPki.writeChain(dir, hierarchy);
        TestPki.write(dir.resolve("good.pem"), Pem.encode(good));
        TestPki.write(dir.resolve("revoked.pem"), Pem.encode(revoked));
        TestPki.write(dir.resolve("unknown.pem"), Pem.encode(unknown));
        String[] base = {"ocsp", "-issuer", "issuing.pem", "-CAfile", "chain.pem", "-url", url};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return TestPki.opensslOk(dir, args);
    }

    @Test
    void goodWithNonce(@TempDir Path dir) {
        String out = ocsp(dir, "-cert", "good.pem", "-resp_text");
        assertThat(out)
                .contains("Response verify OK")
                .contains("good.pem: good")
                .contains("OCSP Nonce")
                .doesNotContain("WARNING");
    }

    @Test
    void revokedWithReason(@TempDir Path dir) {
        String out = ocsp(dir, "-cert", "revoked.pem");
        assertThat(out)
                .contains("Response verify OK")
                .contains("revoked.pem: revoked")
                .contains("Reason: keyCompromise");
    }

    @Test
    void unknownSerial(@TempDir Path dir) {
        String out = ocsp(dir, "-cert", "unknown.pem");
        assertThat(out).contains("Response verify OK").contains("unknown.pem: unknown");
    }

    @Test
    void severalSha256CertIdsInOneRequest(@TempDir Path dir) {
        String out = ocsp(dir, "-sha256", "-cert", "good.pem", "-cert", "revoked.pem", "-cert", "unknown.pem");
        assertThat(out)
                .contains("Response verify OK")
                .contains("good.pem: good")
                .contains("revoked.pem: revoked")
                .contains("unknown.pem: unknown");
    }

    @Test
    void requestsWithoutNonceAreServedFromCacheUntilInvalidated(@TempDir Path dir) {
        BigInteger serial = good.getSerialNumber();
        responder.invalidateAll();
        int before = lookups.computeIfAbsent(serial, s -> new AtomicInteger()).get();
        String first = ocsp(dir, "-no_nonce", "-cert", "good.pem");
        String second = ocsp(dir, "-no_nonce", "-cert", "good.pem");
        assertThat(first).contains("good.pem: good").contains("Response verify OK");
        assertThat(second).contains("good.pem: good").contains("Response verify OK");
        assertThat(lookups.get(serial).get() - before)
                .as("second request answered from cache")
                .isEqualTo(1);

        responder.invalidate(serial);
        ocsp(dir, "-no_nonce", "-cert", "good.pem");
        assertThat(lookups.get(serial).get() - before).isEqualTo(2);

        // With a nonce the response is always fresh.
        ocsp(dir, "-cert", "good.pem");
        assertThat(lookups.get(serial).get() - before).isEqualTo(3);
    }

    @Test
    void revocationIsVisibleAfterInvalidate(@TempDir Path dir) throws Exception {
        X509Certificate device = TestPki.device(TestPki.issuer(hierarchy), "later-revoked");
        statuses.put(device.getSerialNumber(), new CertStatus.Good());
        byte[] request = request(device, CertificateID.HASH_SHA1, false);
        assertThat(singleStatus(responder.respond(request))).isNull();
        statuses.put(device.getSerialNumber(), new CertStatus.Revoked(Instant.now(), RevocationReason.SUPERSEDED));
        assertThat(singleStatus(responder.respond(request)))
                .as("cached good until invalidated")
                .isNull();
        responder.invalidate(device.getSerialNumber());
        assertThat(singleStatus(responder.respond(request))).isInstanceOf(RevokedStatus.class);
    }

    @Test
    void getRequestsAreDecodedLikeARealServer() throws Exception {
        byte[] request = request(revoked, CertificateID.HASH_SHA1, true);
        String encoded = URLEncoder.encode(Base64.getEncoder().encodeToString(request), StandardCharsets.UTF_8);
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url + "/" + encoded))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        OCSPResp ocspResp = new OCSPResp(response.body());
        assertThat(ocspResp.getStatus()).isEqualTo(OCSPRespBuilder.SUCCESSFUL);
        BasicOCSPResp basic = (BasicOCSPResp) ocspResp.getResponseObject();
        assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .build(new X509CertificateHolder(
                                hierarchy.ocsp().certificate().getEncoded()))))
                .isTrue();
        assertThat(basic.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);
        assertThat(((RevokedStatus) basic.getResponses()[0].getCertStatus()).getRevocationReason())
                .isEqualTo(1);
        assertThat(basic.getCerts()).hasSize(1);
        assertThat(basic.getResponses()[0].getNextUpdate()).isAfter(basic.getResponses()[0].getThisUpdate());
    }

    @Test
    void garbageIsMalformedRequestWithHttp400() throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .POST(HttpRequest.BodyPublishers.ofString("garbage"))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new OCSPResp(response.body()).getStatus()).isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);

        for (byte[] bad :
                new byte[][] {null, new byte[0], {0x30, 0x00}, {0x30, (byte) 0x84, 1, 2}, new byte[100_000]}) {
            OcspResult result = responder.respond(bad);
            assertThat(result.httpStatus()).isEqualTo(400);
            assertThat(result.reason()).isEqualTo(PkiReason.OCSP_MALFORMED_REQUEST);
            assertThat(new OCSPResp(result.response()).getStatus()).isEqualTo(OCSPRespBuilder.MALFORMED_REQUEST);
        }
        byte[] valid = request(good, CertificateID.HASH_SHA1, false);
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
        assertThat(responder.respond(trailing).httpStatus()).isEqualTo(400);
    }

    @Test
    void lookupFailureIsInternalErrorNotAnException() throws Exception {
        OcspResponder failing = new OcspResponder(
                hierarchy.issuing(),
                hierarchy.ocsp(),
                serial -> {
                    throw new IllegalStateException("database down");
                },
                Clock.systemUTC(),
                Duration.ofHours(1));
        OcspResult result = failing.respond(request(good, CertificateID.HASH_SHA1, false));
        assertThat(result.httpStatus()).isEqualTo(500);
        assertThat(result.reason()).isEqualTo(PkiReason.INTERNAL);
        assertThat(new OCSPResp(result.response()).getStatus()).isEqualTo(OCSPRespBuilder.INTERNAL_ERROR);
    }

    @Test
    void certIdOfAnotherIssuerIsUnknownWithoutLookup() throws Exception {
        // GIVEN a certificate from a CA that warden-pki did not build
        TestCa other = TestCa.create("foreign");
        X509Certificate foreign = other.device("foreign").certificate();
        statuses.put(foreign.getSerialNumber(), new CertStatus.Good());
        CertificateID id = new CertificateID(
                new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder()
                        .build()
                        .get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(other.issuing().getEncoded()),
                foreign.getSerialNumber());
        OcspResult result =
                responder.respond(new OCSPReqBuilder().addRequest(id).build().getEncoded());
        assertThat(singleStatus(result)).isInstanceOf(org.bouncycastle.cert.ocsp.UnknownStatus.class);
        assertThat(lookups).doesNotContainKey(foreign.getSerialNumber());
    }

    static byte[] request(X509Certificate cert, org.bouncycastle.asn1.x509.AlgorithmIdentifier hash, boolean nonce)
            throws Exception {
        CertificateID id = new CertificateID(
                new org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder()
                        .build()
                        .get(hash),
                new X509CertificateHolder(hierarchy.issuing().certificate().getEncoded()),
                cert.getSerialNumber());
        OCSPReqBuilder builder = new OCSPReqBuilder().addRequest(id);
        if (nonce) {
            builder.setRequestExtensions(
                    new org.bouncycastle.asn1.x509.Extensions(new org.bouncycastle.asn1.x509.Extension(
                            org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
                            false,
                            new org.bouncycastle.asn1.DEROctetString(new byte[16]).getEncoded())));
        }
        return builder.build().getEncoded();
    }

    static org.bouncycastle.cert.ocsp.CertificateStatus singleStatus(OcspResult result) throws Exception {
        assertThat(result.httpStatus()).isEqualTo(200);
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(result.response()).getResponseObject();
        return basic.getResponses()[0].getCertStatus();
    }
}
