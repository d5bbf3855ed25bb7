-- Bucket replication (issue 24). A bucket's replication rule (one per bucket: where its objects go, which keys);
-- the buckets that are replicas of another region's bucket (written only by replication, read-only for writers);
-- and the outbox: one row per object key still to be brought up to date in a destination, written in the same
-- transaction as the object, so a put or delete is never acknowledged without it. A row holds no content: the sender
-- reads the object as it is when it sends (deleted: it sends the deletion).
CREATE TABLE bucket_replication (
    region       TEXT    NOT NULL,
    bucket_id    TEXT    NOT NULL,
    destination  TEXT    NOT NULL,
    prefix       TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (region, bucket_id)
);

CREATE TABLE bucket_replicas (
    region         TEXT    NOT NULL,
    bucket_id      TEXT    NOT NULL,
    source_region  TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    PRIMARY KEY (region, bucket_id)
);

CREATE TABLE bucket_replication_outbox (
    region           TEXT     NOT NULL,
    bucket_id        TEXT     NOT NULL,
    bucket           TEXT     NOT NULL,
    object_key       TEXT     NOT NULL,
    destination      TEXT     NOT NULL,
    version          TEXT     NOT NULL,
    attempts         INTEGER  NOT NULL,
    next_attempt_at  BIGINT   NOT NULL,
    last_error       TEXT,
    queued_at        BIGINT   NOT NULL,
    PRIMARY KEY (region, bucket_id, object_key, destination)
);
CREATE INDEX bucket_replication_outbox_due ON bucket_replication_outbox (region, next_attempt_at);
