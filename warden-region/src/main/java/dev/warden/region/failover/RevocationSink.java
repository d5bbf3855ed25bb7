package dev.warden.region.failover;

/**
 * Where a home region revokes the device certificates its standby revoked while serving them during a failover (the
 * node: its certificate service, which rebuilds the CRL and cuts the certificate's sessions).
 */
@FunctionalInterface
public interface RevocationSink {
    /** What became of one handed-over revocation at home. */
    enum Outcome {
        REVOKED,
        ALREADY_REVOKED,
        /** No certificate of this region has that serial. */
        UNKNOWN
    }

    /** Revokes this region's certificate {@code serialHex} for {@code reason} (an RFC 5280 reason name). */
    Outcome revoke(String serialHex, String reason);
}
