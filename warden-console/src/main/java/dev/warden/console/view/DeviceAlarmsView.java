package dev.warden.console.view;

import java.util.List;

/** A device's recent alarms, newest first, each with the form that quarantines the device on its account. */
public record DeviceAlarmsView(String thing, String csrf, List<Row> rows) {
    /** One alarm of the device. */
    public record Row(long id, String behaviour, String severity, String state, String firstSeen) {}
}
