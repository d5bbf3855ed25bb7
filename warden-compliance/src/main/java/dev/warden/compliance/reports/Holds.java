package dev.warden.compliance.reports;

import java.util.Locale;

/** Whether a control of the shared-responsibility report holds on this node now, as far as Warden can tell. */
public enum Holds {
    HOLDS("holds"),
    DOES_NOT_HOLD("does not hold"),
    /** A finding stands but a suppression set it aside: the risk is accepted, by whom and until when is in the evidence. */
    ACCEPTED("accepted risk"),
    /** Warden's checks for it have not run yet on this node. */
    NOT_ASSESSED("not yet checked"),
    /** Nothing Warden sees can tell: the responsible party must show it. */
    NOT_VISIBLE("not visible to Warden");

    private final String label;

    Holds(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** {@code holds}, {@code does-not-hold}, ...: for CSS classes and machine readers. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
