/**
 * The witness's judgement of another node's checkpoints, kept apart from storage and transport.
 *
 * <p>A trail and its anchor file can both be rewritten by whoever controls the node. A second node that remembers
 * the last checkpoint it accepted, and countersigns a new one only when an RFC 9162 consistency proof shows that
 * the new tree extends the old one, makes such a rewrite visible: the rewritten trail can no longer get a
 * cosignature, and old cosignatures contradict it. The rules live here, pure and deterministic, so that they are
 * tested exhaustively on their own and so that an offline verifier can apply exactly the rules the witness applied;
 * the witness node adds only its database and its HTTP route.
 */
package dev.warden.audit.witness;
