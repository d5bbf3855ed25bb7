/**
 * Anchors: copies of what the trail has committed to (signed checkpoints, the sealed head after an admin action, each
 * new epoch, each signing key) kept outside the database, so that whoever can rewrite the database still cannot cut,
 * empty or replace the trail unseen.
 *
 * <p>The writer thread calls the {@link dev.warden.audit.anchor.AnchorSink} only after the database commit, so an
 * anchor is never ahead of the trail. The anchor file is required and fails closed (its failure makes the writer refuse
 * admin actions); other anchors such as a witness are best effort and can never stop the trail
 * ({@link dev.warden.audit.anchor.AnchorSinks}). {@link dev.warden.audit.anchor.AnchorCheck} is the pure comparison
 * of a stored trail with an anchor, used at start and by offline verification.
 */
package dev.warden.audit.anchor;
