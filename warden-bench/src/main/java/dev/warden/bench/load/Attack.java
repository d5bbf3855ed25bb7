package dev.warden.bench.load;

/**
 * The attacks the monitoring bench times, each against one behaviour of the built-in profile {@code warden-baseline}
 * (thresholds as in {@code BuiltInProfiles}) and each crossing it by exactly one event, so that the crossing is a
 * moment the client can time.
 */
enum Attack {
    /** Six QoS 1 publishes into another thing's topic, each refused (0x87): the sixth is the sixth denial (> 5). */
    AUTHORIZATION_FAILURE_BURST("authorization-failure-burst", "auth"),
    /** 160 QoS 0 messages at once on the device's own topic: the 151st is the crossing (> 150 in 10 s). */
    MESSAGE_FLOOD("message-flood", "flood"),
    /**
     * The device connected from one address, then its certificate connects from another (and takes the session
     * over): the second connection is the second distinct address (> 1 in 30 s). Its automatic quarantine is timed
     * too, until the next publish on that connection is refused.
     */
    SHARED_CERTIFICATE("shared-certificate", "shared"),
    /** Six TLS handshakes without a client certificate from one new address: the sixth failure (> 5 in 10 s). */
    HANDSHAKE_FAILURE_BURST("handshake-failure-burst", null);

    /** The behaviour of {@code warden-baseline} the attack crosses. */
    final String behaviour;
    /** Name prefix of the devices enrolled for its trials; null when the attack needs no device. */
    final String devicePrefix;

    Attack(String behaviour, String devicePrefix) {
        this.behaviour = behaviour;
        this.devicePrefix = devicePrefix;
    }

    boolean needsDevice() {
        return devicePrefix != null;
    }
}
