-- Incident response (warden-incident, dev.warden.incident.store): incidents, their clocks, members, tasks and the
-- public status page's updates. Times are epoch milliseconds; the same SQL runs on SQLite and PostgreSQL. The
-- incident's timeline is not here: it is the region's audit trail (every change below is an audit event under the
-- incident's ARN, committed with it), so it verifies offline and cannot be rewritten in these tables.

-- phase: detected ... reviewed. source_kind: alarm, finding, manual, drill; source_ref: the alarm or finding id, the
-- drill's scenario. cra: 1 when the CRA's milestones were asked for. started_at: the first sign (the alarm's first
-- violating observation); detected_at: when it was detected, from which every clock counts.
CREATE TABLE incidents (
    id               BIGINT  NOT NULL PRIMARY KEY,
    title            TEXT    NOT NULL,
    severity         TEXT    NOT NULL,
    phase            TEXT    NOT NULL,
    source_kind      TEXT    NOT NULL,
    source_ref       TEXT    NOT NULL,
    playbook         TEXT,
    commander        TEXT,
    cra              INTEGER NOT NULL,
    started_at       BIGINT  NOT NULL,
    detected_at      BIGINT  NOT NULL,
    acknowledged_at  BIGINT,
    contained_at     BIGINT,
    opened_by        TEXT    NOT NULL,
    updated_at       BIGINT  NOT NULL
);
CREATE INDEX incidents_by_phase ON incidents (phase, id);
CREATE INDEX incidents_by_source ON incidents (source_kind, source_ref);

-- One row per clock of an incident: a phase's deadline or a CRA milestone. warned_at: when its warning went out;
-- breached_at: when its breach was recorded (at the due time, or when the node came back from a stop).
CREATE TABLE incident_deadlines (
    incident_id  BIGINT  NOT NULL,
    clock        TEXT    NOT NULL,
    phase        TEXT,
    due_at       BIGINT  NOT NULL,
    warn_at      BIGINT  NOT NULL,
    reached_at   BIGINT,
    warned_at    BIGINT,
    breached_at  BIGINT,
    PRIMARY KEY (incident_id, clock)
);
CREATE INDEX incident_deadlines_pending ON incident_deadlines (reached_at, breached_at, warn_at);

-- kind: thing, certificate, principal, region, address, alarm, finding, participant.
CREATE TABLE incident_members (
    incident_id  BIGINT  NOT NULL,
    kind         TEXT    NOT NULL,
    value        TEXT    NOT NULL,
    PRIMARY KEY (incident_id, kind, value)
);
CREATE INDEX incident_members_by_value ON incident_members (kind, value);

CREATE TABLE incident_tasks (
    incident_id  BIGINT  NOT NULL,
    id           BIGINT  NOT NULL,
    title        TEXT    NOT NULL,
    owner        TEXT    NOT NULL,
    due_at       BIGINT,
    done         INTEGER NOT NULL,
    created_at   BIGINT  NOT NULL,
    done_at      BIGINT,
    PRIMARY KEY (incident_id, id)
);

-- The public status page: what the communication phase wrote, in public words only. services and regions are
-- comma-separated; status: investigating, identified, monitoring, resolved.
CREATE TABLE incident_status_updates (
    id           BIGINT  NOT NULL PRIMARY KEY,
    incident_id  BIGINT  NOT NULL,
    public_title TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    message      TEXT    NOT NULL,
    services     TEXT    NOT NULL,
    regions      TEXT    NOT NULL,
    posted_by    TEXT    NOT NULL,
    posted_at    BIGINT  NOT NULL
);
CREATE INDEX incident_status_updates_by_incident ON incident_status_updates (incident_id, id);
