package dev.warden.iam.store;

import java.time.Instant;

/**
 * A stored policy document. Only documents that passed validation are ever stored. {@code scope} says whether the
 * control region replicates it to every region of a deployment ({@link Scope#GLOBAL}) or it stays in its region.
 */
public record PolicyRecord(
        String name, String document, boolean builtIn, Instant createdAt, Instant updatedAt, Scope scope) {
    public PolicyRecord {
        scope = scope == null ? Scope.GLOBAL : scope;
    }

    /** A global policy (the only kind before regions could keep their own). */
    public PolicyRecord(String name, String document, boolean builtIn, Instant createdAt, Instant updatedAt) {
        this(name, document, builtIn, createdAt, updatedAt, Scope.GLOBAL);
    }
}
