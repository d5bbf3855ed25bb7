package dev.warden.incident.oncall;

import java.util.Optional;

/**
 * Where a principal's contact comes from when no schedule turn names it (an incident's commander, a level's named
 * principals). {@link OnCallService} answers from the schedules a principal appears in; the node may put a directory
 * of its own in front.
 */
@FunctionalInterface
public interface Contacts {
    Optional<Contact> of(String principal);
}
