-- An operator's own playbooks (warden-incident, dev.warden.incident.playbook.store.CustomPlaybookDao): the document
-- as written (YAML or JSON), kept so that a restarted node runs the same steps. Built-in playbooks live in the code
-- and are never stored here. Times are epoch milliseconds; the same SQL runs on SQLite and PostgreSQL.
CREATE TABLE incident_playbooks (
    name        TEXT    NOT NULL PRIMARY KEY,
    source      TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    updated_at  BIGINT  NOT NULL,
    updated_by  TEXT    NOT NULL
);
