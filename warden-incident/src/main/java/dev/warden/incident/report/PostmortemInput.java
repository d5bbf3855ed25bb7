package dev.warden.incident.report;

import dev.warden.audit.ChainedEvent;
import dev.warden.incident.core.Incident;
import dev.warden.incident.core.Task;
import dev.warden.incident.service.IncidentTimeline;
import dev.warden.incident.store.StatusUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Everything a post-mortem draft is written from: the incident as stored, its tasks, its timeline read back from the
 * audit chain ({@link IncidentTimeline#events(long)}) and the proof over it ({@link IncidentTimeline#proof(List)}),
 * its status updates, the impact the caller counted, the region whose chain holds the timeline, and the time of
 * writing (open clocks are judged against it).
 */
public record PostmortemInput(
        Incident incident,
        List<Task> tasks,
        List<ChainedEvent> timeline,
        IncidentTimeline.Proof proof,
        List<StatusUpdate> updates,
        Impact impact,
        String region,
        Instant generatedAt) {
    public PostmortemInput {
        Objects.requireNonNull(incident, "incident");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(impact, "impact");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(generatedAt, "generatedAt");
        tasks = List.copyOf(tasks);
        timeline = List.copyOf(timeline);
        updates = List.copyOf(updates);
    }
}
