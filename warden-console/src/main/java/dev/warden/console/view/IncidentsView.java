package dev.warden.console.view;

import java.util.List;

/** The overview's incident panel: open incidents and how long until each one's next deadline. */
public record IncidentsView(List<Row> rows) {
    /** One open incident; {@code clock} and {@code due} empty when no clock is running. */
    public record Row(long id, String title, String severity, String phase, String clock, String due) {}
}
