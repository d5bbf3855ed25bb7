/**
 * The KMS's I/O towards the database: the DAOs and row records of {@code kms_keys}, {@code kms_data_keys},
 * {@code kms_shredded_owners} and the {@code kms_secret*} tables, plus the SQLite pragmas that scrub destroyed key
 * material. Every SQL statement of the KMS lives here and nowhere else.
 *
 * <p>Trust boundary: this package only moves opaque text. Keysets arrive here already encrypted by the master key,
 * data keys already wrapped by a key-encryption key and secret values already encrypted; nothing here sees a
 * plaintext key, a master key or a Tink primitive, and nothing here decides whether an operation is allowed.
 */
package dev.warden.kms.store;
