package dev.warden.compliance.reports;

import dev.warden.compliance.core.Responsibility;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One line of the shared-responsibility report: a control (of the seed's three layers or of a framework), who answers
 * for it (the first named leads), whether it holds now, the evidence (a setting of this node or a check's result) and
 * what to do where it does not hold.
 */
public record ResponsibilityRow(
        String section,
        String control,
        String description,
        List<Responsibility> responsible,
        Holds holds,
        String evidence,
        String action) {

    public ResponsibilityRow {
        responsible = List.copyOf(responsible);
        if (responsible.isEmpty()) {
            throw new IllegalArgumentException("control " + control + " needs someone responsible");
        }
    }

    /** "Warden, the operator of this node": for a person. */
    public String responsibleLabel() {
        String joined = responsible.stream().map(Responsibility::label).collect(Collectors.joining(", "));
        return joined.length() > 1 ? joined.charAt(0) + joined.substring(1).replace("The ", "the ") : joined;
    }
}
