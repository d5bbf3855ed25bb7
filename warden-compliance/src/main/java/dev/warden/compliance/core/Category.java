package dev.warden.compliance.core;

/** The part of the platform a check looks at, and of the seed's three layers it belongs to. */
public enum Category {
    DEVICE_IDENTITY("device"),
    POLICIES("cloud"),
    DATA("cloud"),
    NODE("cloud");

    private final String layer;

    Category(String layer) {
        this.layer = layer;
    }

    /** {@code device}, {@code network} or {@code cloud}: the seed's three-layer defense. */
    public String layer() {
        return layer;
    }
}
