package dev.warden.compliance.core;

import java.util.List;

/**
 * One control of a framework ({@code 5.1-1} of ETSI EN 303 645, {@code IA-5} of NIST SP 800-53), with the checks
 * that give evidence for it. A control no check covers is the operator's responsibility: reports say so instead of
 * calling it met.
 */
public record Control(String id, String title, List<CheckId> checks) {
    public Control {
        checks = List.copyOf(checks);
    }
}
