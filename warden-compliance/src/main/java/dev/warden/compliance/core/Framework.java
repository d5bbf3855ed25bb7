package dev.warden.compliance.core;

import java.util.List;

/** A compliance framework as reviewed data: its id (as in the CLI), its title and version, and its controls. */
public record Framework(String id, String title, String version, String url, List<Control> controls) {
    public Framework {
        controls = List.copyOf(controls);
    }
}
