package dev.warden.bench.load;

/**
 * Revocation to disconnect on Warden: from sending {@code POST /certificates/{serial}/revoke} until the device's
 * client sees its connection closed.
 *
 * @param apiP50Millis the admin call alone (request to response), for comparison
 */
record RevocationResult(
        int revoked, int disconnected, double apiP50Millis, double p50Millis, double p99Millis, double maxMillis) {}
