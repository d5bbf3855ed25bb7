-- Signing keys inside the node's PKCS#11 HSM (origin HSM, like AWS KMS's custom key store): the private key is a
-- sensitive, non-extractable token object that signs inside the token, so no keyset is stored (encrypted_keyset stays
-- NULL); the row keeps the token object's label, to sign with and to destroy it, and the public key (base64 DER
-- SubjectPublicKeyInfo), to verify and hand out without asking the token. Every existing key was made by the KMS.
-- Plain ADD COLUMN (a constant default, or nullable): the same statements on SQLite and PostgreSQL.
ALTER TABLE kms_keys ADD COLUMN key_origin TEXT NOT NULL DEFAULT 'KMS';
ALTER TABLE kms_keys ADD COLUMN hsm_key_label TEXT;
ALTER TABLE kms_keys ADD COLUMN public_key TEXT;
