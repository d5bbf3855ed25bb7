package dev.warden.compliance.core;

import java.util.List;
import java.util.Objects;

/**
 * One control of a framework ({@code 5.1-1} of ETSI EN 303 645, {@code IA-5} of NIST SP 800-53), with the checks
 * that give evidence for it. A control no check covers is not Warden's to call met: its {@code owner} (the operator
 * or the device maker) answers for it, and reports say so instead of calling it met. A control with checks is
 * {@link Responsibility#WARDEN}'s to check, and the operator's to act on what the checks find.
 */
public record Control(String id, String title, List<CheckId> checks, Responsibility owner) {
    public Control {
        checks = List.copyOf(checks);
        Objects.requireNonNull(owner, "owner");
        if (!checks.isEmpty() && owner != Responsibility.WARDEN) {
            throw new IllegalArgumentException("control " + id + " has checks, so Warden checks it, not " + owner);
        }
        if (checks.isEmpty() && owner == Responsibility.WARDEN) {
            throw new IllegalArgumentException("control " + id + " has no check, so Warden cannot answer for it");
        }
    }

    /** A control whose owner follows from its checks: Warden if any, else the operator. */
    public Control(String id, String title, List<CheckId> checks) {
        this(id, title, checks, checks.isEmpty() ? Responsibility.OPERATOR : Responsibility.WARDEN);
    }

    /** True when at least one Warden check gives evidence for this control. */
    public boolean covered() {
        return !checks.isEmpty();
    }
}
