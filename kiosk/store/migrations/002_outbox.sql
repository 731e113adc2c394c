-- Outbox: certification requests committed before the screen answers and
-- kept until the service acknowledges them (kiosk/outbox). The request is
-- sealed with AES-256-GCM under a key kept outside the database; only what
-- the queue needs to schedule and report is in clear, and none of it is
-- personal: the Idempotency-Key is a random UUID and the ID number masked.
-- Times are Unix nanoseconds, so ordering and expiry compare integers.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    idempotency_key TEXT    NOT NULL UNIQUE,
    masked_id       TEXT    NOT NULL,
    captured_at     INTEGER NOT NULL,
    queued_at       INTEGER NOT NULL,
    key_id          TEXT    NOT NULL,   -- which key sealed it: tells a wrong key from tampering
    nonce           BLOB    NOT NULL,
    sealed          BLOB    NOT NULL,   -- AES-256-GCM of the JSON request, clear columns as associated data
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_try_at     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    hold_reason     TEXT    NOT NULL DEFAULT ''  -- set when the row cannot be opened: never uploaded
);
CREATE INDEX outbox_due ON outbox (hold_reason, next_try_at, id);

-- Requests that left the queue without a certification: final refusals,
-- expiry after the service's 72-hour window, unreadable rows. Staff see
-- them; no face, no card data, a masked ID only.
CREATE TABLE outbox_rejections (
    id              INTEGER PRIMARY KEY,
    idempotency_key TEXT    NOT NULL UNIQUE,
    masked_id       TEXT    NOT NULL,
    captured_at     INTEGER NOT NULL,
    queued_at       INTEGER NOT NULL,
    decided_at      INTEGER NOT NULL,
    code            TEXT    NOT NULL,   -- kiosk error code, or expired / tampered / wrong_key
    reason          TEXT    NOT NULL,   -- the service's code or our explanation, nothing personal
    attempts        INTEGER NOT NULL
);
CREATE INDEX outbox_rejections_decided ON outbox_rejections (decided_at);
