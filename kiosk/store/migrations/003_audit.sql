-- Audit trail (kiosk/audit): append-only, each record's mac is
-- HMAC-SHA256 over its fields and the previous record's mac, under a key
-- kept outside the database. audit_meta holds the MAC'd head (the last
-- record, so deleting the tail shows) and anchor (the last pruned record,
-- so retention can drop old records and the rest still verifies).
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,        -- Unix nanoseconds
    kind      TEXT    NOT NULL,        -- session | staff | queue | prune
    actor     TEXT    NOT NULL DEFAULT '',  -- staff id, empty for the kiosk itself
    masked_id TEXT    NOT NULL DEFAULT '',
    result    TEXT    NOT NULL DEFAULT '',
    detail    TEXT    NOT NULL DEFAULT '',
    prev      BLOB    NOT NULL,
    mac       BLOB    NOT NULL
);

CREATE TABLE audit_meta (
    name TEXT PRIMARY KEY,             -- head | anchor
    seq  INTEGER NOT NULL,
    mac  BLOB    NOT NULL,             -- the record's mac at seq (zero bytes before the first)
    seal BLOB    NOT NULL              -- HMAC over name, seq and mac
);
