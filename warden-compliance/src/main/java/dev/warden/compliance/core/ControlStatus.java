package dev.warden.compliance.core;

import java.util.Locale;

/**
 * Where a control stands, from the stored findings and the checks that ran. In order of precedence: an open finding
 * makes it {@link #NOT_MET}; a check that has not run makes it {@link #NOT_ASSESSED} (never met by default); findings
 * set aside by a suppression and nothing open make it {@link #SUPPRESSED}; otherwise it is {@link #MET}. A control no
 * check covers is {@link #NOT_COVERED}: its owner's to show, not Warden's.
 */
public enum ControlStatus {
    MET("met"),
    NOT_MET("not met"),
    SUPPRESSED("suppressed"),
    NOT_ASSESSED("not assessed"),
    NOT_COVERED("not covered by Warden");

    private final String label;

    ControlStatus(String label) {
        this.label = label;
    }

    /** {@code met}, {@code not-met}, ...: how the machine-readable reports spell it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** How a person reads it. */
    public String label() {
        return label;
    }
}
