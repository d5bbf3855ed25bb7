-- Identity policies attached to principals other than things (admin credentials now; users, groups and roles later).
CREATE TABLE principal_policies (
    principal_type  TEXT NOT NULL,
    principal_id    TEXT NOT NULL,
    policy_name     TEXT NOT NULL,
    PRIMARY KEY (principal_type, principal_id, policy_name)
);
