package dev.warden.bench.load;

import java.time.Instant;

/**
 * One publish measurement. Messages count when they were sent inside the measured window.
 *
 * @param accepted     publishes the broker accepted: PUBACKed (QoS 1) or written to the socket (QoS 0)
 * @param failed       publishes that failed (refused, or the connection was lost)
 * @param received     of those, how many reached the application subscribed to {@code devices/+/telemetry}
 * @param appConnected whether the application was still connected at the end (a broker may cut a slow consumer)
 * @param brokerCpuMillis    CPU the broker process used during the measured window (user + system)
 * @param generatorCpuMillis CPU the load generator (this JVM) used meanwhile
 * @param windowStart  wall-clock start of the measured window, to match it with the broker's logs
 * @param windowEnd    wall-clock end of the measured window
 */
record PublishLoadResult(
        String broker,
        int qos,
        int devices,
        double offeredPerSecond,
        double seconds,
        long accepted,
        long failed,
        double ackP50Millis,
        double ackP99Millis,
        long received,
        double endToEndP50Millis,
        double endToEndP99Millis,
        boolean appConnected,
        double brokerCpuMillis,
        double generatorCpuMillis,
        Instant windowStart,
        Instant windowEnd) {

    double acceptedPerSecond() {
        return accepted / seconds;
    }

    double receivedPerSecond() {
        return received / seconds;
    }

    /**
     * Broker CPU per message accepted and delivered to the application (microseconds): the figure a shared machine
     * disturbs least, unlike the rates.
     */
    double brokerCpuMicrosPerMessage() {
        return brokerCpuMillis * 1000 / accepted;
    }
}
