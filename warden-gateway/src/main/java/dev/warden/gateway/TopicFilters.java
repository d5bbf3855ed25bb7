package dev.warden.gateway;

/** MQTT topic filters as the gateway reads them, for capabilities that match topics the way it does. */
public final class TopicFilters {
    private TopicFilters() {}

    /** Whether {@code topic} matches {@code filter} ({@code $} topics never match a leading wildcard). */
    public static boolean matches(String filter, String topic) {
        return Topics.matches(filter, topic);
    }

    /** Whether {@code filter} is a well-formed MQTT topic filter ({@code #} last, wildcards alone in their level). */
    public static boolean isValidFilter(String filter) {
        return Topics.isValidFilter(filter, GatewayLimits.defaults());
    }
}
