-- The deployment's residency table (issue 24): the jurisdiction each region lies in. Written only by the control
-- region; a member keeps the copy it was last sent with the membership. A region without a row is in none, and data
-- may leave or reach it from nowhere.
CREATE TABLE region_jurisdictions (
    region        TEXT    NOT NULL PRIMARY KEY,
    jurisdiction  TEXT    NOT NULL,
    updated_at    BIGINT  NOT NULL
);
