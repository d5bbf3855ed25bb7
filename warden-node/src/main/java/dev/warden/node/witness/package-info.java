/**
 * The node's side of audit witnessing: delivering its checkpoints to a witness node and keeping the cosignatures.
 *
 * <p>Everything a node keeps, including its anchor file, is under the control of whoever controls that node. A
 * second node that countersigns each checkpoint only when it provably extends the last one it accepted moves part of
 * the proof out of that control: a rewritten trail can no longer be cosigned, and the cosignatures already handed out
 * contradict it. The rules are in {@code dev.warden.audit.witness}, the witness's own tables in
 * {@code dev.warden.audit.witness.store}; this package adds the HTTP delivery with its retry, and the queue that keeps
 * the trail's writer thread from ever waiting on another node.
 */
package dev.warden.node.witness;
