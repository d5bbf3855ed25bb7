package dev.warden.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.operator.ContentSigner;

/**
 * Builds X.509 v2 CRLs (RFC 5280 section 5) signed by the issuing CA.
 *
 * <p>Header, extensions and signature use BouncyCastle; the revoked-certificate list is DER-encoded directly
 * into one buffer with pre-encoded reasonCode extensions, because building 100,000 BouncyCastle objects (and
 * formatting their times with {@code SimpleDateFormat}) dominated the run time.
 */
public final class CrlBuilder {
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int UTC_TIME = 0x17;
    private static final int GENERALIZED_TIME = 0x18;
    private static final int CONTEXT_0_CONSTRUCTED = 0xa0;
    private static final byte[] VERSION_V2 = {INTEGER, 1, 1};

    /** DER of the crlEntryExtensions (a SEQUENCE OF Extension holding only reasonCode) per reason. */
    private static final Map<RevocationReason, byte[]> REASON_EXTENSIONS = reasonExtensions();

    private CrlBuilder() {}

    /**
     * A DER-encoded CRL with CRL number, AKI, thisUpdate/nextUpdate and per-entry reasonCode extensions
     * (omitted for {@link RevocationReason#UNSPECIFIED}, as RFC 5280 5.3.1 recommends).
     *
     * @throws PkiException {@link PkiReason#CA_NOT_AVAILABLE} if the issuer's key is offline
     * @throws IllegalArgumentException if nextUpdate is not after thisUpdate, crlNumber is negative or a
     *         serial is not positive
     */
    public static byte[] build(
            CaSigner issuer,
            Collection<RevokedEntry> revoked,
            BigInteger crlNumber,
            Instant thisUpdate,
            Instant nextUpdate) {
        Objects.requireNonNull(revoked, "revoked");
        if (crlNumber.signum() < 0) {
            throw new IllegalArgumentException("crlNumber must not be negative");
        }
        if (!nextUpdate.isAfter(thisUpdate)) {
            throw new IllegalArgumentException("nextUpdate must be after thisUpdate");
        }
        ContentSigner signer = BouncyCastle.signer(
                BouncyCastle.signatureAlgorithmFor(issuer.certificate().getPublicKey()),
                issuer.requirePrivateKey(),
                issuer.provider());
        try {
            byte[] algorithm = signer.getAlgorithmIdentifier().getEncoded(ASN1Encoding.DER);

            DerBuffer body = new DerBuffer(64 + revoked.size() * 48);
            body.write(VERSION_V2);
            body.write(algorithm);
            body.write(issuer.certificate().getSubjectX500Principal().getEncoded());
            body.writeTime(thisUpdate);
            body.writeTime(nextUpdate);
            writeRevokedCertificates(body, revoked);
            writeExtensions(body, issuer, crlNumber);
            return signedCrl(body, algorithm, signer);
        } catch (IOException e) {
            throw new PkiException(PkiReason.INTERNAL, "cannot sign CRL", e);
        }
    }

    /** The revokedCertificates list: serial, revocation date and (unless unspecified) the reason of each. */
    private static void writeRevokedCertificates(DerBuffer body, Collection<RevokedEntry> revoked) {
        if (!revoked.isEmpty()) {
            // RFC 5280: revokedCertificates is absent, not empty, when nothing is revoked.
            DerBuffer entries = new DerBuffer(revoked.size() * 48);
            DerBuffer entry = new DerBuffer(64);
            for (RevokedEntry revokedEntry : revoked) {
                if (revokedEntry.serial().signum() <= 0) {
                    throw new IllegalArgumentException("serial numbers must be positive");
                }
                entry.reset();
                entry.writeTlv(INTEGER, revokedEntry.serial().toByteArray());
                entry.writeTime(revokedEntry.revokedAt());
                byte[] reason = REASON_EXTENSIONS.get(revokedEntry.reason());
                if (reason != null) {
                    entry.write(reason);
                }
                entries.writeTlv(SEQUENCE, entry);
            }
            body.writeTlv(SEQUENCE, entries);
        }
    }

    /** The CRL extensions: the issuer's authority key identifier and the CRL number. */
    private static void writeExtensions(DerBuffer body, CaSigner issuer, BigInteger crlNumber) throws IOException {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(
                Extension.authorityKeyIdentifier, false, X509Support.authorityKeyIdentifier(issuer.certificate()));
        extensions.addExtension(Extension.cRLNumber, false, new CRLNumber(crlNumber));
        body.writeTlv(CONTEXT_0_CONSTRUCTED, extensions.generate().getEncoded(ASN1Encoding.DER));
    }

    /** Signs the TBSCertList made of {@code body} and wraps it, the algorithm and the signature into the CRL. */
    private static byte[] signedCrl(DerBuffer body, byte[] algorithm, ContentSigner signer) throws IOException {
        DerBuffer tbs = new DerBuffer(body.size() + 8);
        tbs.writeTlv(SEQUENCE, body);
        try (OutputStream out = signer.getOutputStream()) {
            tbs.writeTo(out);
        }
        byte[] signature = new DERBitString(signer.getSignature()).getEncoded(ASN1Encoding.DER);

        DerBuffer certificateList = new DerBuffer(tbs.size() + algorithm.length + signature.length);
        certificateList.write(tbs);
        certificateList.write(algorithm);
        certificateList.write(signature);
        DerBuffer crl = new DerBuffer(certificateList.size() + 8);
        crl.writeTlv(SEQUENCE, certificateList);
        return crl.toByteArray();
    }

    private static Map<RevocationReason, byte[]> reasonExtensions() {
        Map<RevocationReason, byte[]> map = new EnumMap<>(RevocationReason.class);
        for (RevocationReason reason : RevocationReason.values()) {
            if (reason == RevocationReason.UNSPECIFIED) {
                continue;
            }
            try {
                ExtensionsGenerator generator = new ExtensionsGenerator();
                generator.addExtension(Extension.reasonCode, false, CRLReason.lookup(reason.code()));
                map.put(reason, generator.generate().getEncoded(ASN1Encoding.DER));
            } catch (IOException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        return map;
    }

    /** Growable byte buffer with DER tag-length-value helpers. */
    private static final class DerBuffer extends ByteArrayOutputStream {
        DerBuffer(int capacity) {
            super(capacity);
        }

        void write(DerBuffer other) {
            write(other.buf, 0, other.count);
        }

        @Override
        public void write(byte[] bytes) {
            write(bytes, 0, bytes.length);
        }

        void writeTlv(int tag, byte[] content) {
            write(tag);
            writeLength(content.length);
            write(content);
        }

        void writeTlv(int tag, DerBuffer content) {
            write(tag);
            writeLength(content.count);
            write(content);
        }

        private void writeLength(int length) {
            if (length < 0x80) {
                write(length);
                return;
            }
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            write(0x80 | bytes);
            for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                write(length >>> shift);
            }
        }

        /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; always seconds and 'Z'. */
        void writeTime(Instant instant) {
            LocalDateTime time = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
            int year = time.getYear();
            boolean utc = year >= 1950 && year < 2050;
            if (year < 0 || year > 9999) {
                throw new IllegalArgumentException("time out of range: " + instant);
            }
            write(utc ? UTC_TIME : GENERALIZED_TIME);
            write(utc ? 13 : 15);
            if (utc) {
                twoDigits(year % 100);
            } else {
                twoDigits(year / 100);
                twoDigits(year % 100);
            }
            twoDigits(time.getMonthValue());
            twoDigits(time.getDayOfMonth());
            twoDigits(time.getHour());
            twoDigits(time.getMinute());
            twoDigits(time.getSecond());
            write('Z');
        }

        private void twoDigits(int value) {
            write('0' + value / 10);
            write('0' + value % 10);
        }
    }
}
