-- Users may sign in to the console with a client certificate issued by the region's CA from their own CSR. The
-- certificate itself lives in certificates (kind USER: status, revocation, CRL and OCSP as for any other); this table
-- says which user it names. It is registry data of the region that issued it: IAM replication never sends it, so a
-- user's certificate is valid only in its own region. One certificate names exactly one user.
CREATE TABLE user_certificates (
    serial      TEXT    NOT NULL PRIMARY KEY,
    user_name   TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX user_certificates_user ON user_certificates (user_name);
