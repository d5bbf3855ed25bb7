package dev.warden.bench;

import dev.warden.pki.CaHierarchy;
import dev.warden.pki.CaHierarchyBuilder;
import dev.warden.pki.CaNames;
import dev.warden.pki.CertStatus;
import dev.warden.pki.CertificateIssuer;
import dev.warden.pki.CrlBuilder;
import dev.warden.pki.OcspResponder;
import dev.warden.pki.RevocationReason;
import dev.warden.pki.RevokedEntry;
import dev.warden.pki.SoftwareKeySource;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** OCSP responses per second (cached, and signed per request with a nonce) and the time to build a 100k-entry CRL. */
@State(Scope.Benchmark)
public class PkiCoreBenchmark {
    private CaHierarchy hierarchy;
    private OcspResponder responder;
    private byte[] requestWithoutNonce;
    private byte[] requestWithNonce;
    private List<RevokedEntry> revoked;

    @Setup
    public void setUp() throws Exception {
        hierarchy = CaHierarchyBuilder.create(
                new CaNames("eu-west-1", "bench"), new SoftwareKeySource(), Clock.systemUTC());
        BigInteger serial = CertificateIssuer.randomSerial(new SecureRandom());
        responder = new OcspResponder(
                hierarchy.issuing(),
                hierarchy.ocsp(),
                s -> new CertStatus.Good(),
                Clock.systemUTC(),
                Duration.ofHours(1));
        CertificateID id = new CertificateID(
                new JcaDigestCalculatorProviderBuilder().build().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(hierarchy.issuing().certificate()),
                serial);
        requestWithoutNonce = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        requestWithNonce = new OCSPReqBuilder()
                .addRequest(id)
                .setRequestExtensions(new Extensions(
                        new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonce))))
                .build()
                .getEncoded();
        SecureRandom random = new SecureRandom();
        revoked = new ArrayList<>(100_000);
        Instant now = Instant.now();
        for (int i = 0; i < 100_000; i++) {
            revoked.add(new RevokedEntry(CertificateIssuer.randomSerial(random), now, RevocationReason.KEY_COMPROMISE));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object ocspCached() {
        return responder.respond(requestWithoutNonce);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object ocspSignedWithNonce() {
        return responder.respond(requestWithNonce);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object crlOf100kEntries() {
        return CrlBuilder.build(
                hierarchy.issuing(),
                revoked,
                BigInteger.ONE,
                Instant.now(),
                Instant.now().plusSeconds(7200));
    }
}
