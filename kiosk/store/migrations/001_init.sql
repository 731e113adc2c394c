-- Settings: the kiosk's configuration, one row per key.
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Sessions: one row per person served. No name, no full ID number, no image.
CREATE TABLE sessions (
    id            INTEGER PRIMARY KEY,
    started_at    TEXT NOT NULL,
    ended_at      TEXT NOT NULL,
    mode          TEXT NOT NULL,
    masked_id     TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    reason_code   TEXT NOT NULL DEFAULT '',
    assisted_by   TEXT NOT NULL DEFAULT '',
    next_due_date TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_started_at ON sessions (started_at);
