package dev.warden.console.view;

import java.util.List;

/** The policy list, with a notice after a deletion (null otherwise). */
public record PoliciesView(Frame frame, List<Row> rows, String notice) {
    /** One policy: its name, whether Warden ships it, and when it last changed. */
    public record Row(String name, boolean builtIn, String updatedAt) {}
}
