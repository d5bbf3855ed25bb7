package dev.warden.jobs;

import java.util.List;

/** What an operator asks for: install {@code version} of {@code thingType} on these things and groups' members. */
public record CreateJob(
        String id, String thingType, String version, List<String> things, List<String> groups, JobSettings settings) {
    public CreateJob {
        things = things == null ? List.of() : List.copyOf(things);
        groups = groups == null ? List.of() : List.copyOf(groups);
        settings = settings == null ? JobSettings.defaults() : settings;
    }
}
