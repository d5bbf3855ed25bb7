package dev.warden.bench.load;

/**
 * A broker running as its own operating-system process, so that its memory can be read from {@code /proc} and its
 * CPU is not shared with the load generator's JVM.
 */
interface BrokerProcess extends AutoCloseable {
    /** Short label used in the report, e.g. {@code warden} or {@code mosquitto}. */
    String name();

    /** The MQTT-over-TLS port on 127.0.0.1. */
    int mqttPort();

    /** The current process; a new one after {@link #restart()}. */
    long pid();

    /** Stops the broker (SIGTERM, waiting for the exit) and starts it again on the same port and data. */
    void restart() throws java.io.IOException, InterruptedException;

    /** Stops the process; never throws. */
    @Override
    void close();
}
