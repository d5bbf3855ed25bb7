/**
 * The witness as a node runs it: the last checkpoint it accepted for each witnessed region, its trusted keys and its
 * countersignatures, kept in the witness's own database. The decision itself is {@code CheckpointWitness}'s (pure);
 * this package only reads the state it decides on and writes the outcome in the same serializable transaction, so
 * two concurrent submissions cannot both extend the same checkpoint.
 */
package dev.warden.audit.witness.store;
