-- On-call and incident notifications (warden-incident: dev.warden.incident.oncall, dev.warden.incident.notify).
-- Times are epoch milliseconds; the same SQL runs on SQLite and PostgreSQL; ids are MAX(id) + 1 inside the writing
-- transaction. No row holds a secret: documents name principals and contacts, the outbox names a webhook's signing
-- secret by its name only (resolved at each attempt) and SMTP credentials are never stored.

-- On-call schedules and escalation policies: the validated document as written (JSON or YAML), a version that grows
-- by one on each put, and who put it when.
CREATE TABLE oncall_schedules (
    id          BIGINT  NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    document    TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    updated_at  BIGINT  NOT NULL,
    updated_by  TEXT    NOT NULL
);

CREATE TABLE oncall_escalation_policies (
    id          BIGINT  NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    document    TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    updated_at  BIGINT  NOT NULL,
    updated_by  TEXT    NOT NULL
);

-- The durable outbox: one row per notification to one recipient over one channel (email, webhook), stored before its
-- first attempt. dedup_key (incident, kind, clock, due time, channel, address) is unique, so a notice raised again
-- after a restart adds nothing. delivery_id is sent as X-Warden-Delivery (webhooks) and Message-ID (e-mail) on every
-- attempt. status: pending (next_attempt_at says when), delivered, failed. last_error names a failure's class or
-- code, never a server's message (it may echo a credential) nor a URL's path (it may carry a token).
CREATE TABLE incident_notify_outbox (
    id               BIGINT  NOT NULL PRIMARY KEY,
    delivery_id      TEXT    NOT NULL UNIQUE,
    dedup_key        TEXT    NOT NULL UNIQUE,
    incident_id      BIGINT  NOT NULL,
    kind             TEXT    NOT NULL,
    clock            TEXT    NOT NULL,
    channel          TEXT    NOT NULL,
    recipient        TEXT    NOT NULL,
    address          TEXT    NOT NULL,
    secret_name      TEXT,
    subject          TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  BIGINT,
    last_error       TEXT,
    created_at       BIGINT  NOT NULL,
    finished_at      BIGINT
);
CREATE INDEX incident_notify_outbox_by_incident ON incident_notify_outbox (incident_id, id);
CREATE INDEX incident_notify_outbox_by_status ON incident_notify_outbox (status, next_attempt_at);

-- Escalations under way: one row per incident opened while a policy was set. next_due_at is when the next level falls
-- due (NULL once acknowledged, settled or every level told); a restarted node resumes the rows that have one.
CREATE TABLE incident_notify_escalations (
    incident_id  BIGINT  NOT NULL PRIMARY KEY,
    policy       TEXT    NOT NULL,
    title        TEXT    NOT NULL,
    severity     TEXT    NOT NULL,
    opened_at    BIGINT  NOT NULL,
    next_due_at  BIGINT,
    levels_told  INTEGER NOT NULL
);
CREATE INDEX incident_notify_escalations_by_due ON incident_notify_escalations (next_due_at);
