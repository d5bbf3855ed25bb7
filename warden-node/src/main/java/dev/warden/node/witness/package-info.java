/**
 * Both ends of audit witnessing between Warden nodes: the witness (its database and its decisions) and the node
 * that delivers its checkpoints to one.
 *
 * <p>Everything a node keeps, including its anchor file, is under the control of whoever controls that node. A
 * second node that countersigns each checkpoint only when it provably extends the last one it accepted moves part of
 * the proof out of that control: a rewritten trail can no longer be cosigned, and the cosignatures already handed out
 * contradict it. The rules themselves are in {@code dev.warden.audit.witness}; this package adds only what needs
 * I/O: the witness's tables, the HTTP delivery with its retry, and the queue that keeps the trail's writer thread
 * from ever waiting on another node.
 */
package dev.warden.node.witness;
