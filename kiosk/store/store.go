// Package store keeps the kiosk's records in one SQLite file: settings and
// the session log (later issues add the upload queue and the audit trail).
// The schema is a sequence of embedded, numbered migrations; the database
// runs in WAL mode with foreign keys on.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	_ "github.com/mattn/go-sqlite3" // the database/sql driver "sqlite3"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is the kiosk's database. It implements kiosk.Store.
type DB struct {
	sql  *sql.DB
	path string
	// Now is the clock for timestamps; tests replace it.
	Now func() time.Time
}

var _ kiosk.Store = (*DB)(nil)

// Open opens (creating if needed) the database at path and brings its schema
// up to date. path ":memory:" gives a private in-memory database for tests.
func Open(path string) (*DB, error) {
	dsn := "file:" + path + "?_journal_mode=WAL&_foreign_keys=on&_busy_timeout=5000&_synchronous=FULL&_secure_delete=on"
	if path == ":memory:" {
		dsn = "file::memory:?_foreign_keys=on&_secure_delete=on"
	} else if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, kiosk.NewError(kiosk.ErrStorage, fmt.Errorf("create data directory: %w", err))
	}
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, kiosk.NewError(kiosk.ErrStorage, err)
	}
	if path == ":memory:" {
		db.SetMaxOpenConns(1) // every connection would get its own empty database
	}
	s := &DB{sql: db, path: path, Now: time.Now}
	if err := s.migrate(context.Background()); err != nil {
		db.Close()
		return nil, kiosk.NewError(kiosk.ErrStorage, fmt.Errorf("migrate %s: %w", path, err))
	}
	return s, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// SQL exposes the handle to sibling adapters that keep their own tables in
// the same file (the upload queue, the audit trail).
func (db *DB) SQL() *sql.DB { return db.sql }

// migrate applies, in order and each in its own transaction, the embedded
// migrations newer than the database's user_version.
func (db *DB) migrate(ctx context.Context) error {
	var version int
	if err := db.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return err
	}
	names, err := migrations.ReadDir("migrations")
	if err != nil {
		return err
	}
	sort.Slice(names, func(i, j int) bool { return names[i].Name() < names[j].Name() })
	for _, e := range names {
		n, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with its number", e.Name())
		}
		if n <= version {
			continue
		}
		body, err := migrations.ReadFile("migrations/" + e.Name())
		if err != nil {
			return err
		}
		tx, err := db.sql.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", n)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
		version = n
	}
	return nil
}

// Version is the schema version the database is at.
func (db *DB) Version(ctx context.Context) (int, error) {
	var v int
	err := db.sql.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// DefaultDataDir is where the kiosk keeps its files: $XDG_DATA_HOME/certkiosk,
// else ~/.local/share/certkiosk.
func DefaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "certkiosk")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(os.TempDir(), "certkiosk")
	}
	return filepath.Join(home, ".local", "share", "certkiosk")
}

// PathIn is the database file inside a data directory.
func PathIn(dataDir string) string { return filepath.Join(dataDir, "kiosk.db") }

func storageError(what string, err error) error {
	if err == nil {
		return nil
	}
	return kiosk.NewError(kiosk.ErrStorage, fmt.Errorf("%s: %w", what, err))
}
