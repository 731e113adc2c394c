package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Setting returns a setting's value; ok is false when it was never set.
func (db *DB) Setting(ctx context.Context, key string) (value string, ok bool, err error) {
	err = db.sql.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, storageError("read setting "+key, err)
	}
	return value, true, nil
}

// SetSetting stores a setting, replacing its old value.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	_, err := db.sql.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
		key, value, db.Now().UTC().Format(time.RFC3339))
	return storageError("write setting "+key, err)
}
