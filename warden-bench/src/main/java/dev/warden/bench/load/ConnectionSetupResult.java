package dev.warden.bench.load;

/**
 * How fast a fleet connected: {@code connected} of {@code attempted} devices completed TCP, mutual TLS and
 * CONNECT/CONNACK in {@code seconds}, at most {@code parallelism} at a time.
 */
record ConnectionSetupResult(String broker, int attempted, int connected, int parallelism, double seconds,
        double p50Millis, double p99Millis) {
    double perSecond() {
        return connected / seconds;
    }
}
