package dev.warden.console;

import dev.warden.incident.core.Incident;
import dev.warden.incident.playbook.PlaybookRunner;
import dev.warden.incident.report.Impact;
import dev.warden.incident.service.IncidentService;
import dev.warden.incident.service.IncidentTimeline;
import dev.warden.incident.service.StatusPageService;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What the incidents' pages work with, as the node built it for the API's {@code IncidentApi} and
 * {@code PlaybookApi}: the same services, so that a phase moved or a step approved in the console is the very call
 * {@code warden incident advance|approve} makes. {@code playbooks} is null until the gateway has started;
 * {@code impact} counts what an incident touched, for the post-mortem draft.
 */
public record IncidentServices(
        IncidentService incidents,
        IncidentTimeline timeline,
        StatusPageService statusPage,
        Function<Incident, Impact> impact,
        Supplier<PlaybookRunner> playbooks) {
    public IncidentServices {
        Objects.requireNonNull(incidents, "incidents");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(statusPage, "statusPage");
        Objects.requireNonNull(impact, "impact");
        Objects.requireNonNull(playbooks, "playbooks");
    }
}
