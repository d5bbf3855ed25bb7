package dev.warden.bench.load;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Revokes connected devices one after the other through the admin API and times each until its client observes the
 * disconnect. One at a time, so each figure is the latency of one revocation and not of a queue of them.
 */
final class RevocationProbe {
    private static final long WAIT_SECONDS = 10;

    private final WardenAdminClient admin;

    RevocationProbe(WardenAdminClient admin) {
        this.admin = admin;
    }

    RevocationResult run(List<LoadConnection> connections) throws InterruptedException {
        LatencySamples api = new LatencySamples();
        LatencySamples toDisconnect = new LatencySamples();
        for (LoadConnection connection : connections) {
            long start = System.nanoTime();
            admin.revoke(connection.device().serial());
            api.add(System.nanoTime() - start);
            try {
                long gone = connection.disconnected().get(WAIT_SECONDS, TimeUnit.SECONDS);
                toDisconnect.add(gone - start);
            } catch (TimeoutException e) {
                System.err.printf(
                        "  %s still connected %d s after revocation%n",
                        connection.device().name(), WAIT_SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e);
            }
        }
        return new RevocationResult(
                connections.size(),
                toDisconnect.count(),
                api.percentileMillis(0.50),
                toDisconnect.percentileMillis(0.50),
                toDisconnect.percentileMillis(0.99),
                toDisconnect.percentileMillis(1.0));
    }
}
