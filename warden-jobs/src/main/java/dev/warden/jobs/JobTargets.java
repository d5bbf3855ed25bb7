package dev.warden.jobs;

import java.util.List;
import java.util.Map;

/** The registry as jobs see it: which things a target list names, with each thing's type. */
public interface JobTargets {
    /**
     * The things named and the members of the groups named, each with its thing type (null when it has none).
     *
     * @throws JobException UNKNOWN_THING or UNKNOWN_THING_GROUP for a name that does not exist
     */
    Map<String, String> resolve(List<String> things, List<String> groups);
}
