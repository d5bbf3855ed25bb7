package dev.warden.gateway;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Topics whose payloads must be sealed end to end: an operator opts a topic subtree in (MQTT topic filters such as
 * {@code devices/+/sealed/#}), and the gateway then refuses a PUBLISH there whose payload is not an envelope. The
 * gateway cannot open an envelope and does not try: it checks the format only ({@code isSealed}, the envelope's
 * header), so a plaintext never reaches subscribers or the telemetry store on a topic that promises ciphertext.
 * Fail-closed: a recognizer that throws refuses the payload.
 */
public final class SealedTopics {
    /** No topic requires sealing. */
    public static final SealedTopics NONE = new SealedTopics(List.of(), payload -> true);

    private final List<String> filters;
    private final Predicate<byte[]> isSealed;

    private SealedTopics(List<String> filters, Predicate<byte[]> isSealed) {
        this.filters = filters;
        this.isSealed = isSealed;
    }

    /**
     * @param filters  MQTT topic filters ({@code +} and {@code #} wildcards) under which payloads must be sealed
     * @param isSealed whether a payload is a sealed envelope, by its format
     * @throws IllegalArgumentException when a filter is not a valid MQTT topic filter
     */
    public static SealedTopics of(List<String> filters, Predicate<byte[]> isSealed) {
        Objects.requireNonNull(isSealed, "isSealed");
        for (String filter : filters) {
            if (!TopicFilters.isValidFilter(filter)) {
                throw new IllegalArgumentException("not an MQTT topic filter: '" + filter + "'");
            }
        }
        return new SealedTopics(List.copyOf(filters), isSealed);
    }

    public List<String> filters() {
        return filters;
    }

    /** True when a payload published to {@code topic} must be sealed. */
    public boolean requiresSealing(String topic) {
        for (String filter : filters) {
            if (TopicFilters.matches(filter, topic)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code topic} requires sealing and {@code payload} is not an envelope. */
    boolean refuses(String topic, byte[] payload) {
        if (!requiresSealing(topic)) {
            return false;
        }
        try {
            return !isSealed.test(payload);
        } catch (RuntimeException e) {
            return true;
        }
    }
}
