package dev.warden.device;

/** The topic layout of Warden's default device policy: each device owns {@code devices/<thing>/...}. */
public final class DeviceTopics {
    private DeviceTopics() {}

    public static String own(String thingName, String suffix) {
        if (suffix == null || suffix.isEmpty() || suffix.startsWith("/")) {
            throw new IllegalArgumentException("suffix must be a non-empty relative topic");
        }
        return "devices/" + thingName + "/" + suffix;
    }

    public static String telemetry(String thingName) {
        return own(thingName, "telemetry");
    }
}
