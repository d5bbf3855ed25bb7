package dev.warden.console.view;

import dev.warden.console.core.IncidentClocks;
import java.util.List;

/** An incident's clocks panel: each phase's (and CRA milestone's) deadline, met, breached or running. */
public record ClocksView(String phase, List<IncidentClocks.Row> clocks) {}
