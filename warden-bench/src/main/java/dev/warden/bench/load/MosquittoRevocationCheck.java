package dev.warden.bench.load;

import java.security.cert.X509Certificate;
import java.util.concurrent.CompletionException;

/**
 * Mosquitto checks the CRL only during the TLS handshake, so revocation cannot cut a live session; this check shows
 * what a reload (SIGHUP) and a restart do, instead of putting a made-up latency beside Warden's.
 */
final class MosquittoRevocationCheck {
    private static final long SETTLE_MILLIS = 3_000;

    private MosquittoRevocationCheck() {}

    static MosquittoRevocationFinding run(MosquittoBroker mosquitto, WardenNodeProcess warden, WardenAdminClient admin,
            BenchDevice device, BenchDevice control, X509Certificate root, LoopbackSources sources) throws Exception {
        LoadConnection live = new LoadConnection(device, root, mosquitto.mqttPort(), sources.next());
        live.connect().join();
        admin.revoke(device.serial());
        MosquittoBroker.writeCrl(mosquitto.configDir(), warden.fetchPublic("/crl/" + WardenRegion.NAME + ".crl"));
        mosquitto.reload();
        Thread.sleep(SETTLE_MILLIS);
        boolean cut = !live.isConnected();
        boolean refusedAfterReload = refused(device, root, mosquitto, sources);
        boolean controlAccepted = !refused(control, root, mosquitto, sources);
        live.disconnect().join();
        mosquitto.restart();
        boolean refusedAfterRestart = refused(device, root, mosquitto, sources);
        return new MosquittoRevocationFinding(cut, refusedAfterReload, refusedAfterRestart, controlAccepted);
    }

    private static boolean refused(BenchDevice device, X509Certificate root, MosquittoBroker mosquitto,
            LoopbackSources sources) {
        LoadConnection attempt = new LoadConnection(device, root, mosquitto.mqttPort(), sources.next());
        try {
            attempt.connect().join();
            attempt.disconnect().join();
            return false;
        } catch (CompletionException refused) {
            return true;
        }
    }
}
