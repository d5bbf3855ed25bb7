package dev.warden.console.view;

/** One line of the device list. */
public record DeviceRow(String name, String thingType, String createdAt, int attributes) {}
