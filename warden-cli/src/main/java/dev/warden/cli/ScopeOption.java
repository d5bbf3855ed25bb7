package dev.warden.cli;

import picocli.CommandLine.Option;

/**
 * {@code --scope global|regional} of a policy or thing group being created: global ones are made in a deployment's
 * control region and replicated to every region, regional ones stay in the region that made them. Unset, the API's
 * default applies (a global policy, a regional thing group).
 */
final class ScopeOption {
    @Option(
            names = "--scope",
            paramLabel = "global|regional",
            description = "global (made in the control region, replicated) or regional (kept in this region).")
    String scope;

    /** A create's body: {@code name} and one more field, with the scope asked for, if one was. */
    java.util.Map<String, String> body(String name, String field, String value) {
        return addTo(java.util.Map.of("name", name, field, value));
    }

    /** {@code body} with the scope asked for, if one was. */
    java.util.Map<String, String> addTo(java.util.Map<String, String> body) {
        java.util.Map<String, String> with = new java.util.LinkedHashMap<>(body);
        if (scope != null) {
            with.put("scope", scope);
        }
        return with;
    }
}
