/**
 * A region's trail as a self-contained JSON-lines file: every checkpoint, then every event in chain order with its
 * stored hash.
 *
 * <p>The format is what archives and {@code warden audit export} hand to people who do not trust the node: it carries
 * everything verification needs except the public key, so a file verifies on its own, offline, with the same rules as
 * the node. It streams from an {@code AuditStore} to a {@code Writer} and verifies from a
 * {@code Reader}: opening files, and choosing which keys to trust, is left to the callers (the CLI, the archiver).
 */
package dev.warden.audit.export;
