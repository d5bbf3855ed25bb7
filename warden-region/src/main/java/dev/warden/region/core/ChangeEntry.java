package dev.warden.region.core;

import java.time.Instant;

/**
 * One entry of the control region's IAM change log: its sequence number (from 1, no gaps), the hash of the entry
 * before it ({@link ChangeChain#GENESIS} for the first), its own hash over both and its body (the changed rows, as
 * JSON), and the control region's signature over that hash (base64, ECDSA P-256 with SHA-256, DER).
 */
public record ChangeEntry(long seq, String prevHash, String hash, String body, String signature, Instant createdAt) {}
