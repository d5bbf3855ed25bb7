-- Service accounts may also authenticate with a client certificate issued by the region's CA. The certificate
-- itself lives in certificates (kind SERVICE: status, revocation, CRL and OCSP as for any other); this table says
-- which account it names. One certificate names exactly one account.
CREATE TABLE service_account_certificates (
    serial      TEXT    NOT NULL PRIMARY KEY,
    account     TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX service_account_certificates_account ON service_account_certificates (account);
