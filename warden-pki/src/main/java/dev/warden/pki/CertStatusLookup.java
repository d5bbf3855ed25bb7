package dev.warden.pki;

import java.math.BigInteger;

/**
 * Answers the revocation status of a serial issued by the issuing CA. Called by {@link OcspResponder} on
 * every uncached request, so it should be an indexed lookup. Must not return null; exceptions are turned
 * into an OCSP internalError response.
 */
@FunctionalInterface
public interface CertStatusLookup {
    CertStatus statusOf(BigInteger serial);
}
