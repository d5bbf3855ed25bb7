-- Over-the-air jobs: a job asks a set of things (named, or members of thing groups when it was created) to install
-- a firmware release; each thing has one execution of it. Rows are never deleted: a job's history is the evidence
-- of what each device was told and what it answered.
CREATE TABLE jobs (
    region         TEXT    NOT NULL,
    job_id         TEXT    NOT NULL,
    thing_type     TEXT    NOT NULL,
    version        TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    -- The rollout's rate, abort criteria, timeout and schedule, as JSON (JobSettings).
    settings       TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    created_by     TEXT    NOT NULL,
    ended_at       BIGINT,
    reason         TEXT,
    PRIMARY KEY (region, job_id)
);

CREATE TABLE job_executions (
    region         TEXT    NOT NULL,
    job_id         TEXT    NOT NULL,
    thing          TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    -- Increases with every change: a device's update names the version it saw, so a stale one is refused.
    version        INTEGER NOT NULL,
    queued_at      BIGINT  NOT NULL,
    notified_at    BIGINT,
    started_at     BIGINT,
    updated_at     BIGINT  NOT NULL,
    details        TEXT    NOT NULL,
    PRIMARY KEY (region, job_id, thing)
);

CREATE INDEX job_executions_thing ON job_executions (region, thing, status);
CREATE INDEX job_executions_pending ON job_executions (region, job_id, status, notified_at);
