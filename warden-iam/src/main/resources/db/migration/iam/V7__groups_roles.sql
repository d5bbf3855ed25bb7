-- Groups of users (their policies apply to every member) and roles (assumable for short-lived sessions, with a
-- trust policy naming who may assume them). Policies attach through principal_policies (types group and role).
CREATE TABLE user_groups (
    name        TEXT    NOT NULL PRIMARY KEY,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE group_members (
    group_name  TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    PRIMARY KEY (group_name, user_name)
);

CREATE TABLE roles (
    name                 TEXT    NOT NULL PRIMARY KEY,
    trust_policy         TEXT    NOT NULL,
    max_session_seconds  BIGINT  NOT NULL,
    created_at           BIGINT  NOT NULL
);
