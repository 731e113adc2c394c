-- Staff accounts (issue 6): the people who may run assisted certifications,
-- and the one technician account whose PIN unlocks maintenance and quitting.
-- Only a slow hash of each PIN is kept; failures lock an account for a while.
CREATE TABLE staff (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL CHECK (role IN ('staff', 'technician')),
    pin_hash     TEXT NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
