package dev.warden.bench.load;

import java.util.concurrent.CompletionException;

/**
 * Mosquitto checks the CRL only during the TLS handshake, so revocation cannot cut a live session; this check shows
 * what a reload (SIGHUP) and a restart do, instead of putting a made-up latency beside Warden's.
 */
final class MosquittoRevocationCheck {
    private static final long SETTLE_MILLIS = 3_000;

    private MosquittoRevocationCheck() {}

    static MosquittoRevocationFinding run(
            MosquittoBroker mosquitto,
            WardenNodeProcess warden,
            WardenAdminClient admin,
            BenchDevice device,
            BenchDevice control,
            LoadClient client,
            LoopbackSources sources)
            throws Exception {
        LoadConnection live = client.open(device, mosquitto.mqttPort(), sources.next());
        live.connect().join();
        admin.revoke(device.serial());
        MosquittoBroker.writeCrl(mosquitto.configDir(), warden.fetchPublic("/crl/" + WardenRegion.NAME + ".crl"));
        mosquitto.reload();
        Thread.sleep(SETTLE_MILLIS);
        boolean cut = !live.isConnected();
        boolean refusedAfterReload = refused(device, client, mosquitto, sources);
        boolean controlAccepted = !refused(control, client, mosquitto, sources);
        live.disconnect().join();
        mosquitto.restart();
        boolean refusedAfterRestart = refused(device, client, mosquitto, sources);
        return new MosquittoRevocationFinding(cut, refusedAfterReload, refusedAfterRestart, controlAccepted);
    }

    private static boolean refused(
            BenchDevice device, LoadClient client, MosquittoBroker mosquitto, LoopbackSources sources) {
        LoadConnection attempt = client.open(device, mosquitto.mqttPort(), sources.next());
        try {
            attempt.connect().join();
            attempt.disconnect().join();
            return false;
        } catch (CompletionException refused) {
            return true;
        }
    }
}
