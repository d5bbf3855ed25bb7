package dev.warden.region.service;

import java.time.Duration;
import java.time.Instant;

/**
 * How current a member region's IAM replica is: the change it applied last, the control region's last change as last
 * seen, when the control region last answered, whether the link is up now, how stale the replica may be (zero while
 * the link is up and nothing is waiting), and the last refusal of a change, if any.
 */
public record ReplicationStatus(
        long appliedSeq,
        long controlSeq,
        Instant lastContact,
        boolean connected,
        Duration staleness,
        String lastError) {}
