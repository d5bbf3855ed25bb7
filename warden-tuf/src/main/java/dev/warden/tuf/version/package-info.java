/**
 * Firmware versions: how Warden's update repository orders a thing type's releases and how a device decides that an
 * update is not a rollback. Pure, like the rest of this module.
 */
package dev.warden.tuf.version;
