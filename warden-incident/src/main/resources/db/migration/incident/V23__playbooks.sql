-- Playbook runs (warden-incident, dev.warden.incident.playbook.store): one row per run of a playbook for an
-- incident, one row per step of it. Times are epoch milliseconds; the same SQL runs on SQLite and PostgreSQL.
-- definition is the playbook's text as the run started with it (a resumed run follows the same steps even if the
-- playbook changed since); context the run's targets as JSON. A run whose status is running or awaiting-approval is
-- resumed at node start.
CREATE TABLE playbook_runs (
    id            BIGINT  NOT NULL PRIMARY KEY,
    incident_id   BIGINT  NOT NULL,
    playbook      TEXT    NOT NULL,
    definition    TEXT    NOT NULL,
    context       TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    started_by    TEXT    NOT NULL,
    started_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    contained_at  BIGINT
);
CREATE INDEX playbook_runs_by_incident ON playbook_runs (incident_id);
CREATE INDEX playbook_runs_by_status ON playbook_runs (status);

-- state: pending, awaiting-approval, running, done, skipped, denied, failed, rejected. attempts counts the starts
-- (a step left running by a stop is retried at start, up to a limit). decided_by: who approved or rejected it.
-- results: what the step did to each target, as JSON (never a secret value or a payload).
CREATE TABLE playbook_steps (
    run_id       BIGINT   NOT NULL,
    step_index   INTEGER  NOT NULL,
    step_id      TEXT     NOT NULL,
    state        TEXT     NOT NULL,
    attempts     INTEGER  NOT NULL,
    decided_by   TEXT,
    decided_at   BIGINT,
    started_at   BIGINT,
    finished_at  BIGINT,
    detail       TEXT     NOT NULL,
    results      TEXT     NOT NULL,
    PRIMARY KEY (run_id, step_index)
);
