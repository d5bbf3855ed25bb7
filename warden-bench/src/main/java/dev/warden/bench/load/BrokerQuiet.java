package dev.warden.bench.load;

/**
 * Waits, before a publish measurement, until the broker is idle again. A broker that fell behind in the measurement
 * before (at 80,000 QoS 0 messages a second either broker may queue seconds of messages for the application) would
 * otherwise spend the next measurement's CPU on the last one's backlog: Mosquitto's QoS 1 round measured 3,610
 * messages/s that way, against about 20,000 after a wait.
 */
final class BrokerQuiet {
    /** Idle: under this share of one core over one {@link #SAMPLE_MILLIS} sample. */
    static final double IDLE_SHARE = 0.10;

    static final long SAMPLE_MILLIS = 500;
    static final long MAX_WAIT_MILLIS = 30_000;

    private BrokerQuiet() {}

    /** Returns the milliseconds waited; gives up (and says so) after {@link #MAX_WAIT_MILLIS}. */
    static long await(BrokerProcess broker) throws InterruptedException {
        long start = System.nanoTime();
        double before = ProcessCpu.millis(broker.pid());
        while (true) {
            Thread.sleep(SAMPLE_MILLIS);
            double now = ProcessCpu.millis(broker.pid());
            long waited = (System.nanoTime() - start) / 1_000_000;
            if (now - before < IDLE_SHARE * SAMPLE_MILLIS) {
                if (waited > 2 * SAMPLE_MILLIS) {
                    System.out.printf("  %s busy for %d ms after the last measurement%n", broker.name(), waited);
                }
                return waited;
            }
            if (waited >= MAX_WAIT_MILLIS) {
                System.out.printf("  %s still busy after %d ms; measuring anyway%n", broker.name(), waited);
                return waited;
            }
            before = now;
        }
    }
}
