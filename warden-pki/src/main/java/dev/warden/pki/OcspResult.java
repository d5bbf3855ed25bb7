package dev.warden.pki;

/**
 * What to send back to an OCSP client.
 *
 * @param response   DER {@code OCSPResponse}; always present, also for errors (then without a body)
 * @param httpStatus 200 for successful responses, 400 for malformed requests, 500 for internal errors
 * @param reason     null when the request was answered; otherwise why it was not
 */
public record OcspResult(byte[] response, int httpStatus, PkiReason reason) {
    /** HTTP Content-Type for {@link #response()} (RFC 6960 appendix A). */
    public static final String CONTENT_TYPE = "application/ocsp-response";
}
