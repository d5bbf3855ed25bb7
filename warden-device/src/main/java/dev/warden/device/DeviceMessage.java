package dev.warden.device;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A message the device received on one of its subscriptions. */
public record DeviceMessage(String topic, byte[] payload, Qos qos, boolean retained) {
    public DeviceMessage {
        Objects.requireNonNull(topic, "topic");
        payload = payload == null ? new byte[0] : payload.clone();
        Objects.requireNonNull(qos, "qos");
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    public String payloadAsUtf8() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "DeviceMessage{topic=" + topic + ", bytes=" + payload.length + ", qos=" + qos + "}";
    }
}
