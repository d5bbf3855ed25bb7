-- Security monitoring (warden-monitor, dev.warden.monitor.store): security profiles and every version of them,
-- alarms with their verification, suppressions, and the baselines devices taught. Times are epoch milliseconds;
-- doubles (alarm values, baseline moments) are TEXT in Java's exact round-trip form, so SQLite and PostgreSQL keep
-- the same bits. V20 (mitigations and notifications) belongs to the mitigations of the same module.

-- The current document of each profile (ProfileJson form, so it parses back equal) and its version.
CREATE TABLE monitor_profiles (
    name        TEXT    NOT NULL PRIMARY KEY,
    document    TEXT    NOT NULL,
    version     BIGINT  NOT NULL,
    built_in    INTEGER NOT NULL,
    created_at  BIGINT  NOT NULL,
    created_by  TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL,
    updated_by  TEXT    NOT NULL
);

-- Every version ever stored, kept after a profile is deleted (the deletion is a version too), so that a profile's
-- history is complete and a re-created profile continues its numbering. change: create, update, attach, detach,
-- delete.
CREATE TABLE monitor_profile_versions (
    name        TEXT    NOT NULL,
    version     BIGINT  NOT NULL,
    document    TEXT    NOT NULL,
    change      TEXT    NOT NULL,
    changed_by  TEXT    NOT NULL,
    changed_at  BIGINT  NOT NULL,
    PRIMARY KEY (name, version)
);

-- One row per raise. state: active, cleared, invalid (its target or behaviour is gone). target is TargetKey's form
-- (thing/NAME, sourceip/IP, user/NAME, principal/ARN). verification: true-positive, false-positive,
-- benign-positive, unknown. A suppressed alarm is recorded all the same, and ran no automatic mitigation.
CREATE TABLE monitor_alarms (
    id                    BIGINT  NOT NULL PRIMARY KEY,
    profile               TEXT    NOT NULL,
    behaviour             TEXT    NOT NULL,
    target                TEXT    NOT NULL,
    metric                TEXT    NOT NULL,
    severity              TEXT    NOT NULL,
    state                 TEXT    NOT NULL,
    value                 TEXT    NOT NULL,
    detail                TEXT    NOT NULL,
    first_seen            BIGINT  NOT NULL,
    last_seen             BIGINT  NOT NULL,
    cleared_at            BIGINT,
    invalid_reason        TEXT,
    raise_count           INTEGER NOT NULL,
    verification          TEXT    NOT NULL,
    verification_note     TEXT,
    verified_by           TEXT,
    verified_at           BIGINT,
    suppressed            INTEGER NOT NULL,
    suppression_id        BIGINT,
    detection_latency_ms  BIGINT  NOT NULL
);
CREATE INDEX monitor_alarms_by_key ON monitor_alarms (profile, behaviour, target, state);
CREATE INDEX monitor_alarms_by_target ON monitor_alarms (target, id);
CREATE INDEX monitor_alarms_by_state ON monitor_alarms (state, id);

-- Suppressions: an alarm matching one (NULL matches any) before expires_at is recorded as suppressed.
CREATE TABLE monitor_suppressions (
    id          BIGINT  NOT NULL PRIMARY KEY,
    profile     TEXT,
    behaviour   TEXT,
    target      TEXT,
    reason      TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL,
    created_by  TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

-- Learned per-target baselines (Welford: samples, mean, m2), saved every minute and at shutdown.
CREATE TABLE monitor_baselines (
    profile     TEXT    NOT NULL,
    behaviour   TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    samples     BIGINT  NOT NULL,
    mean        TEXT    NOT NULL,
    m2          TEXT    NOT NULL,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (profile, behaviour, target)
);
