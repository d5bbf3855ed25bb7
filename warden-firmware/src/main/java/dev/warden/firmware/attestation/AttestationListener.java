package dev.warden.firmware.attestation;

/** Told of every judged report, after its row is committed: the node audits it and feeds failures to monitoring. */
@FunctionalInterface
public interface AttestationListener {
    AttestationListener NONE = (thing, result) -> {};

    void attested(String thing, AttestationResult result);
}
