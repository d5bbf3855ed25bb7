package dev.warden.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPRequest;
import org.bouncycastle.asn1.ocsp.ResponderID;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;

/**
 * RFC 6960 OCSP responder for one issuing CA, signing with a delegated OCSP signer whose certificate is
 * included in every response.
 *
 * <p>Requests without a nonce and with a single CertID are answered from a cache of pre-signed responses
 * (per serial and CertID encoding) until {@link #invalidate}/{@link #invalidateAll} or until half of the
 * validity has elapsed, so repeated lookups cost no signature. Requests with a nonce are always signed fresh
 * because the nonce must be echoed. Unknown serials are never cached, so random serials cannot fill memory.
 *
 * <p>Thread-safe. {@link #respond} never throws.
 */
public final class OcspResponder {
    /** Requests above this size are refused; a 64-CertID request is about 6 KiB. */
    static final int MAX_REQUEST_BYTES = 16 * 1024;
    /** Bound on CertIDs per request: each costs a lookup and response bytes. */
    static final int MAX_CERT_IDS = 64;
    /** RFC 8954 limits nonces to 32 bytes; some clients send more, so allow a little slack. */
    static final int MAX_NONCE_EXTENSION_BYTES = 130;

    static final int DEFAULT_MAX_CACHED_SERIALS = 200_000;

    private static final byte[] MALFORMED = errorResponse(OCSPRespBuilder.MALFORMED_REQUEST);
    private static final byte[] INTERNAL_ERROR = errorResponse(OCSPRespBuilder.INTERNAL_ERROR);

    private final CaSigner ocspSigner;
    private final CertStatusLookup lookup;
    private final Clock clock;
    private final Duration validity;
    private final Duration cacheLifetime;
    private final int maxCachedSerials;
    private final String signatureAlgorithm;
    private final RespID responderId;
    private final X509CertificateHolder[] signerChain;
    /** Issuer name hash and key hash per CertID hash algorithm, to recognise our issuing CA. */
    private final Map<ASN1ObjectIdentifier, byte[][]> issuerHashes;

    private final ConcurrentHashMap<BigInteger, ConcurrentHashMap<ByteBuffer, CachedResponse>> cache =
            new ConcurrentHashMap<>();
    /** Bumped by every invalidation; a response computed across an invalidation is not cached. */
    private final AtomicLong invalidations = new AtomicLong();

    private record CachedResponse(byte[] der, Instant producedAt) {}

    /**
     * @param issuingCa  the CA whose certificates this responder answers for (its key is not needed)
     * @param ocspSigner delegated signer issued by {@code issuingCa} with EKU id-kp-OCSPSigning
     * @param validity   nextUpdate - thisUpdate of each response; cached responses live half as long
     * @throws PkiException {@link PkiReason#CA_NOT_AVAILABLE} if the OCSP signer key is offline
     */
    public OcspResponder(
            CaSigner issuingCa, CaSigner ocspSigner, CertStatusLookup lookup, Clock clock, Duration validity) {
        this(issuingCa, ocspSigner, lookup, clock, validity, DEFAULT_MAX_CACHED_SERIALS);
    }

    /** As above, with an explicit bound on how many serials keep cached responses. */
    public OcspResponder(
            CaSigner issuingCa,
            CaSigner ocspSigner,
            CertStatusLookup lookup,
            Clock clock,
            Duration validity,
            int maxCachedSerials) {
        Objects.requireNonNull(issuingCa, "issuingCa");
        this.ocspSigner = Objects.requireNonNull(ocspSigner, "ocspSigner");
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.validity = Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive");
        }
        this.cacheLifetime = validity.dividedBy(2);
        this.maxCachedSerials = maxCachedSerials;
        ocspSigner.requirePrivateKey();
        X509Certificate signerCert = ocspSigner.certificate();
        this.signatureAlgorithm = BouncyCastle.signatureAlgorithmFor(signerCert.getPublicKey());
        try {
            this.signerChain = new X509CertificateHolder[] {new X509CertificateHolder(signerCert.getEncoded())};
            this.responderId =
                    new RespID(new ResponderID(new DEROctetString(digest("SHA-1", publicKeyBits(signerCert)))));
            this.issuerHashes = issuerHashes(issuingCa.certificate());
        } catch (IOException | CertificateEncodingException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot prepare OCSP responder", e);
        }
    }

    /**
     * Answers a DER {@code OCSPRequest} (as POSTed, or base64-decoded from a GET URL).
     *
     * @return a successful response (HTTP 200), malformedRequest (HTTP 400, {@link PkiReason#OCSP_MALFORMED_REQUEST})
     *         or internalError (HTTP 500, {@link PkiReason#INTERNAL}); never null
     */
    public OcspResult respond(byte[] requestDer) {
        try {
            return respondUnchecked(requestDer);
        } catch (MalformedRequest e) {
            return new OcspResult(MALFORMED.clone(), 400, PkiReason.OCSP_MALFORMED_REQUEST);
        } catch (RuntimeException | OCSPException | IOException e) {
            return new OcspResult(INTERNAL_ERROR.clone(), 500, PkiReason.INTERNAL);
        }
    }

    /** Drops cached responses for {@code serial}; call after revoking it. */
    public void invalidate(BigInteger serial) {
        invalidations.incrementAndGet();
        cache.remove(serial);
    }

    /** Drops all cached responses, e.g. after bulk revocation or an OCSP signer change. */
    public void invalidateAll() {
        invalidations.incrementAndGet();
        cache.clear();
    }

    /** Number of serials that currently have cached responses (for metrics and tests). */
    public int cachedSerialCount() {
        return cache.size();
    }

    private OcspResult respondUnchecked(byte[] requestDer) throws OCSPException, IOException {
        OCSPReq request = parse(requestDer);
        Req[] entries = request.getRequestList();
        if (entries.length == 0 || entries.length > MAX_CERT_IDS) {
            throw new MalformedRequest();
        }
        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null && nonce.getExtnValue().getOctets().length > MAX_NONCE_EXTENSION_BYTES) {
            throw new MalformedRequest();
        }
        Instant now = clock.instant();
        boolean cacheable = nonce == null && entries.length == 1;
        CertificateID singleId = entries[0].getCertID();
        ByteBuffer cacheKey = null;
        if (cacheable) {
            cacheKey = ByteBuffer.wrap(singleId.toASN1Primitive().getEncoded());
            CachedResponse cached = cachedFor(singleId.getSerialNumber(), cacheKey, now);
            if (cached != null) {
                return new OcspResult(cached.der().clone(), 200, null);
            }
        }
        long epoch = invalidations.get();

        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(responderId);
        boolean anyKnown = false;
        java.util.Date thisUpdate = X509Support.date(now);
        java.util.Date nextUpdate = X509Support.date(now.plus(validity));
        for (Req entry : entries) {
            CertificateID id = entry.getCertID();
            CertStatus status = issuedByUs(id) ? lookup.statusOf(id.getSerialNumber()) : new CertStatus.Unknown();
            if (status == null) {
                throw new IllegalStateException("status lookup returned null");
            }
            anyKnown |= !(status instanceof CertStatus.Unknown);
            builder.addResponse(id, toBc(status), thisUpdate, nextUpdate, null);
        }
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(nonce));
        }
        BasicOCSPResp basic = builder.build(
                BouncyCastle.signer(signatureAlgorithm, ocspSigner.privateKey(), ocspSigner.provider()),
                signerChain,
                thisUpdate);
        byte[] der =
                new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();

        if (cacheable && anyKnown) {
            store(singleId.getSerialNumber(), cacheKey, new CachedResponse(der, now), epoch, now);
        }
        return new OcspResult(der.clone(), 200, null);
    }

    private static OCSPReq parse(byte[] requestDer) {
        if (requestDer == null || requestDer.length == 0 || requestDer.length > MAX_REQUEST_BYTES) {
            throw new MalformedRequest();
        }
        try {
            // Strict decoding: fromByteArray refuses trailing bytes and truncated lengths.
            return new OCSPReq(OCSPRequest.getInstance(ASN1Primitive.fromByteArray(requestDer)));
        } catch (Exception | StackOverflowError e) {
            throw new MalformedRequest();
        }
    }

    private boolean issuedByUs(CertificateID id) {
        byte[][] hashes = issuerHashes.get(id.getHashAlgOID());
        return hashes != null
                && MessageDigest.isEqual(hashes[0], id.getIssuerNameHash())
                && MessageDigest.isEqual(hashes[1], id.getIssuerKeyHash());
    }

    private static CertificateStatus toBc(CertStatus status) {
        if (status instanceof CertStatus.Good) {
            return CertificateStatus.GOOD;
        }
        if (status instanceof CertStatus.Revoked revoked) {
            java.util.Date when = X509Support.date(revoked.revokedAt());
            // Like the CRL, an unspecified reason is expressed by leaving the reason out.
            return revoked.reason() == RevocationReason.UNSPECIFIED
                    ? new RevokedStatus(when)
                    : new RevokedStatus(when, revoked.reason().code());
        }
        return new UnknownStatus();
    }

    private CachedResponse cachedFor(BigInteger serial, ByteBuffer key, Instant now) {
        Map<ByteBuffer, CachedResponse> perSerial = cache.get(serial);
        if (perSerial == null) {
            return null;
        }
        CachedResponse cached = perSerial.get(key);
        if (cached == null
                || !now.isBefore(cached.producedAt().plus(cacheLifetime))
                || now.isBefore(cached.producedAt())) {
            return null;
        }
        return cached;
    }

    private void store(BigInteger serial, ByteBuffer key, CachedResponse response, long epoch, Instant now) {
        if (!cache.containsKey(serial) && cache.size() >= maxCachedSerials) {
            evictExpired(now);
            if (cache.size() >= maxCachedSerials) {
                return;
            }
        }
        ConcurrentHashMap<ByteBuffer, CachedResponse> perSerial =
                cache.computeIfAbsent(serial, s -> new ConcurrentHashMap<>(2));
        perSerial.put(key, response);
        if (invalidations.get() != epoch) {
            // An invalidation raced with this response; it may carry the old status, so drop it.
            perSerial.remove(key, response);
        }
    }

    private void evictExpired(Instant now) {
        cache.values()
                .forEach(perSerial -> perSerial
                        .values()
                        .removeIf(cached -> !now.isBefore(cached.producedAt().plus(cacheLifetime))));
        cache.values().removeIf(Map::isEmpty);
    }

    private static Map<ASN1ObjectIdentifier, byte[][]> issuerHashes(X509Certificate issuer) {
        byte[] name = issuer.getSubjectX500Principal().getEncoded();
        byte[] key = publicKeyBits(issuer);
        Map<ASN1ObjectIdentifier, byte[][]> map = new HashMap<>();
        for (Map.Entry<ASN1ObjectIdentifier, String> algorithm : List.of(
                Map.entry(OIWObjectIdentifiers.idSHA1, "SHA-1"),
                Map.entry(NISTObjectIdentifiers.id_sha256, "SHA-256"),
                Map.entry(NISTObjectIdentifiers.id_sha384, "SHA-384"),
                Map.entry(NISTObjectIdentifiers.id_sha512, "SHA-512"))) {
            map.put(
                    algorithm.getKey(),
                    new byte[][] {digest(algorithm.getValue(), name), digest(algorithm.getValue(), key)});
        }
        return Map.copyOf(map);
    }

    /** The subjectPublicKey BIT STRING contents, which RFC 6960 CertID key hashes cover. */
    private static byte[] publicKeyBits(X509Certificate certificate) {
        return SubjectPublicKeyInfo.getInstance(certificate.getPublicKey().getEncoded())
                .getPublicKeyData()
                .getBytes();
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }

    private static byte[] errorResponse(int status) {
        try {
            return new OCSPRespBuilder().build(status, null).getEncoded();
        } catch (OCSPException | IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Internal control flow for "answer with malformedRequest"; never escapes. */
    private static final class MalformedRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MalformedRequest() {
            super(null, null, false, false);
        }
    }
}
