package dev.warden.device;

/** The MQTT version a {@link DeviceClient} speaks. MQTT 5 tells the device why it was refused (reason codes). */
public enum MqttProtocol {
    MQTT_5,
    MQTT_3_1_1
}
