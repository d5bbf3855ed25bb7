package dev.warden.audit.witness.store;

import dev.warden.audit.AuditDigest;
import dev.warden.audit.witness.Cosignature;
import dev.warden.audit.witness.WitnessedCheckpoint;

/** What the witness keeps for one witnessed region: the last accepted checkpoint and its cosignature. */
public record WitnessRecord(WitnessedCheckpoint state, AuditDigest checkpoint, Cosignature cosignature) {}
