-- Mitigations of alarms and the webhook deliveries of their notifications (warden-monitor's dev.warden.monitor.store).
-- Times are epoch milliseconds. No secret is ever stored here: a notification names its signing secret by the name
-- it has in the secrets manager, and the node reads the secret at each attempt.

-- One row per mitigation run, automatic or by a principal's hand. A row is written 'pending' before the action runs
-- and ends 'done' or 'failed'; a row left 'pending' by a crash is never reported as done.
CREATE TABLE monitor_mitigations (
    id           BIGINT   NOT NULL PRIMARY KEY,
    alarm_id     BIGINT   NOT NULL,
    action       TEXT     NOT NULL,
    target       TEXT     NOT NULL,
    automatic    INTEGER  NOT NULL,
    principal    TEXT     NOT NULL,
    status       TEXT     NOT NULL,
    detail       TEXT,
    created_at   BIGINT   NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX monitor_mitigations_by_alarm ON monitor_mitigations (alarm_id, id);

-- One row per webhook delivery: its state, attempts and the next one's time, so that pending deliveries resume
-- after a restart. body is the exact JSON that is signed and sent (alarm facts, never a secret).
CREATE TABLE monitor_notifications (
    delivery_id       TEXT     NOT NULL PRIMARY KEY,
    mitigation_id     BIGINT   NOT NULL,
    alarm_id          BIGINT   NOT NULL,
    url               TEXT     NOT NULL,
    secret_name       TEXT     NOT NULL,
    body              TEXT     NOT NULL,
    status            TEXT     NOT NULL,
    attempts          INTEGER  NOT NULL,
    next_attempt_at   BIGINT,
    last_status_code  INTEGER,
    last_error        TEXT,
    created_at        BIGINT   NOT NULL,
    delivered_at      BIGINT
);
CREATE INDEX monitor_notifications_by_alarm ON monitor_notifications (alarm_id, created_at);
CREATE INDEX monitor_notifications_by_status ON monitor_notifications (status, next_attempt_at);
