package dev.warden.audit.witness;

import dev.warden.audit.AuditDigest;

/** What the witness keeps for one witnessed region: the last accepted checkpoint and its cosignature. */
public record WitnessRecord(WitnessedCheckpoint state, AuditDigest checkpoint, Cosignature cosignature) {}
