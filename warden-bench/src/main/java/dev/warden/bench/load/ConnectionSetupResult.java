package dev.warden.bench.load;

/**
 * How fast a fleet connected: {@code connected} of {@code attempted} devices completed TCP, mutual TLS and
 * CONNECT/CONNACK in {@code seconds}, at most {@code parallelism} at a time; {@code brokerCpuMillis} is the CPU the
 * broker process used meanwhile, {@code generatorCpuMillis} that of the load generator (this JVM, all its threads).
 */
record ConnectionSetupResult(
        String broker,
        int attempted,
        int connected,
        int parallelism,
        double seconds,
        double p50Millis,
        double p99Millis,
        double brokerCpuMillis,
        double generatorCpuMillis) {
    double perSecond() {
        return connected / seconds;
    }

    /** Broker CPU per connection set up: what the machine's load barely changes, unlike {@link #perSecond()}. */
    double brokerCpuMillisPerConnection() {
        return brokerCpuMillis / connected;
    }

    double generatorCpuMillisPerConnection() {
        return generatorCpuMillis / connected;
    }
}
