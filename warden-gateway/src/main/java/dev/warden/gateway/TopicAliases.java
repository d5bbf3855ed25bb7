package dev.warden.gateway;

/**
 * The MQTT 5 topic aliases one client defined for its PUBLISHes. Resolved before anything else, so authorization and
 * routing always see the full topic name. Its connection's event loop only.
 */
final class TopicAliases {
    /** Topic aliases a client may define (MQTT 5 Topic Alias Maximum in CONNACK). */
    static final int MAX = 16;

    private final String[] topics = new String[MAX + 1];
    private final GatewayLimits limits;

    TopicAliases(GatewayLimits limits) {
        this.limits = limits;
    }

    /**
     * The topic of a PUBLISH that carried {@code topic} and the alias {@code alias} (null if none): an empty topic
     * uses the alias, a topic with an alias (re)defines it.
     *
     * @throws ProtocolViolation for an invalid topic name, an alias out of range or one never defined
     */
    String resolve(String topic, Integer alias, boolean mqtt5) {
        if (alias == null) {
            if (!Topics.isValidName(topic, limits)) {
                throw new ProtocolViolation(ReasonCode.TOPIC_NAME_INVALID, "invalid topic name");
            }
            return topic;
        }
        if (!mqtt5 || alias < 1 || alias > MAX) {
            throw new ProtocolViolation(ReasonCode.TOPIC_ALIAS_INVALID, "topic alias out of range");
        }
        if (topic.isEmpty()) {
            String known = topics[alias];
            if (known == null) {
                throw new ProtocolViolation(ReasonCode.PROTOCOL_ERROR, "unknown topic alias");
            }
            return known;
        }
        if (!Topics.isValidName(topic, limits)) {
            throw new ProtocolViolation(ReasonCode.TOPIC_NAME_INVALID, "invalid topic name");
        }
        topics[alias] = topic;
        return topic;
    }
}
