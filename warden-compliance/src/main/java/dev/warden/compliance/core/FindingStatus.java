package dev.warden.compliance.core;

/** A finding's lifecycle: open until a run no longer finds it (resolved), or set aside by a suppression. */
public enum FindingStatus {
    OPEN,
    RESOLVED,
    SUPPRESSED
}
