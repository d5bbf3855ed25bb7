package dev.warden.incident.service;

import dev.warden.incident.core.Member;
import dev.warden.incident.core.Severity;
import dev.warden.incident.core.Source;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What opens an incident. {@code startedAt}: the first sign (an alarm's first violating observation), if known;
 * {@code playbook}: the playbook to run for it, if any; {@code cra}: add the CRA's milestones to the clocks.
 */
public record OpenRequest(
        String title,
        Severity severity,
        Source source,
        Optional<Instant> startedAt,
        List<Member> members,
        Optional<String> playbook,
        Optional<String> commander,
        boolean cra) {
    public static final int MAX_TITLE = 200;

    public OpenRequest {
        members = List.copyOf(members);
    }
}
