package dev.warden.gateway;

/**
 * One PUBLISH the gateway accepted: the device was authenticated and {@code iot:Publish} allowed it. Handed to a
 * {@link PublishListener} once per application message (a QoS 2 resend before PUBREL is not handed over again).
 *
 * @param identity         the publishing device, as its certificate was authenticated
 * @param clientId         its MQTT client ID
 * @param topic            the full topic name (MQTT 5 topic aliases already resolved)
 * @param payload          the payload, shared with the broker's routing: listeners must not modify it
 * @param qos              0, 1 or 2
 * @param receivedAtMillis when the broker accepted it, milliseconds since the epoch
 */
public record AcceptedPublish(
        DeviceIdentity identity,
        String clientId,
        String topic,
        byte[] payload,
        int qos,
        boolean retain,
        long receivedAtMillis) {

    @Override
    public String toString() {
        // Never the payload: it is device data and may be personal data.
        return "AcceptedPublish[thing=" + identity.thingName() + ", topic=" + topic + ", " + payload.length + " bytes]";
    }
}
