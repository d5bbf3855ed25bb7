package dev.warden.monitor.mitigation;

/**
 * Runs mitigations. Fails closed: a mitigation that cannot be carried out throws
 * {@link dev.warden.monitor.MonitorException} with {@code MITIGATION_FAILED} and is recorded as failed, never as
 * done.
 */
public interface Mitigator {
    Mitigator NONE = request -> {
        throw new dev.warden.monitor.MonitorException(
                dev.warden.monitor.MonitorReason.MITIGATION_FAILED, "no mitigations are wired on this node");
    };

    /** Runs {@code request}; returns the id of its recorded mitigation. */
    long run(MitigationRequest request);
}
