package dev.warden.bench.load;

/**
 * What Mosquitto does when a connected device's certificate is revoked and the new CRL is put in place.
 *
 * @param sessionCutAfterReload       whether the live session was closed after the CRL file changed and SIGHUP
 * @param newConnectionRefusedAfterReload whether a new handshake with the revoked certificate failed after SIGHUP
 * @param newConnectionRefusedAfterRestart whether it failed after a restart
 * @param controlAcceptedAfterReload  whether a device that was not revoked still connected after SIGHUP: without it a
 *                                    refusal could have any cause
 */
record MosquittoRevocationFinding(
        boolean sessionCutAfterReload,
        boolean newConnectionRefusedAfterReload,
        boolean newConnectionRefusedAfterRestart,
        boolean controlAcceptedAfterReload) {}
