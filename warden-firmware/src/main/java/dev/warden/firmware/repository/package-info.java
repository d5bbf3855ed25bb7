/**
 * Each thing type's update metadata as a TUF repository (The Update Framework 1.0, consistent snapshots): root,
 * targets, snapshot and timestamp, each signed by its own key, which the node keeps in its KMS. The targets are the
 * type's releases that are not revoked; every change of them, and every metadata file about to expire, gives new
 * versions, written in one transaction so that a device never sees a snapshot without its targets. The files are
 * public by design (TUF is built for untrusted transports); the images are not.
 */
package dev.warden.firmware.repository;
