/** The release table: plain JDBI, one handle per call, inside the caller's transaction. */
package dev.warden.firmware.store;
