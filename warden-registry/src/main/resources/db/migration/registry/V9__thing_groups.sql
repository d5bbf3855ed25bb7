-- Thing groups: a group's policies apply to every thing in it (fleet-wide permissions without per-device policies).
CREATE TABLE thing_groups (
    name        TEXT    NOT NULL PRIMARY KEY,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE thing_group_members (
    group_name  TEXT NOT NULL,
    thing_name  TEXT NOT NULL,
    PRIMARY KEY (group_name, thing_name)
);
