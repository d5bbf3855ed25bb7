package dev.warden.console.view;

import java.util.List;

/** A page of the device list with the filter that made it; {@code next} is the next page's query string or null. */
public record DevicesView(
        Frame frame,
        String prefix,
        String type,
        String group,
        boolean quarantined,
        List<DeviceRow> rows,
        String next) {}
