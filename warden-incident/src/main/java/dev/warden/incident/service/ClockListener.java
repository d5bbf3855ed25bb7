package dev.warden.incident.service;

import dev.warden.incident.core.ClockEvent;
import dev.warden.incident.core.Incident;
import java.time.Instant;

/** Told when a clock of an incident warned or breached (after it is recorded): the notifier's entry point. */
@FunctionalInterface
public interface ClockListener {
    void fired(Incident incident, ClockEvent event, Instant at);
}
