-- Asymmetric signing keys in the KMS (issue 25): each key has a spec and a usage, as in AWS KMS. Every key that
-- exists is an AES-256-GCM key-encryption key, so the defaults describe it. An ECC_NIST_P256 / SIGN_VERIFY key keeps
-- its private key (a Tink ECDSA keyset) in encrypted_keyset, encrypted by the master key exactly as a symmetric
-- keyset is; no new column holds key material, and the public key is derived from it when asked for.
-- Plain ADD COLUMN with a constant default: the same statement on SQLite and PostgreSQL.
ALTER TABLE kms_keys ADD COLUMN key_spec TEXT NOT NULL DEFAULT 'SYMMETRIC_DEFAULT';
ALTER TABLE kms_keys ADD COLUMN key_usage TEXT NOT NULL DEFAULT 'ENCRYPT_DECRYPT';
