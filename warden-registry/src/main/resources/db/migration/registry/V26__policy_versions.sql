-- Every document a customer policy has had, newest last, so that a change can be put back: incident response reverts
-- a policy made public or overly permissive to its previous version. A policy last changed before this table existed
-- starts its history at its next change, with the document it had until then. A revert is a new version that names
-- the version it restores.
CREATE TABLE policy_versions (
    policy_name  TEXT    NOT NULL,
    version      INTEGER NOT NULL,
    document     TEXT    NOT NULL,
    restores     INTEGER,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (policy_name, version)
);
