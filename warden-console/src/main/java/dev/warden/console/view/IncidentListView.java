package dev.warden.console.view;

import java.util.List;

/** The incidents' page: open incidents (or all of them), newest first, each with its next deadline. */
public record IncidentListView(Frame frame, boolean all, List<IncidentsView.Row> rows) {}
