package certsim

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/hainan-hrss/certkiosk/kiosk"
	"github.com/hainan-hrss/certkiosk/kiosk/fixture"
	_ "github.com/mattn/go-sqlite3" // the simulator's state is a real SQLite database
)

// schema is the simulator's whole state. Times are Unix nanoseconds, so the
// SQL compares them as integers and nothing depends on the zone of a string.
const schema = `
CREATE TABLE IF NOT EXISTS people (
	id_number TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	phone TEXT NOT NULL,
	scenario TEXT NOT NULL DEFAULT '',
	pensioner INTEGER NOT NULL,
	last_certified_at INTEGER,
	last_channel TEXT
);
CREATE TABLE IF NOT EXISTS certifications (
	seq INTEGER PRIMARY KEY,
	id TEXT NOT NULL UNIQUE,
	id_number TEXT NOT NULL,
	kiosk_id TEXT,
	channel TEXT NOT NULL,
	result TEXT NOT NULL,
	reason_code TEXT,
	certified_at INTEGER NOT NULL,
	recorded_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sms_log (
	id INTEGER PRIMARY KEY,
	id_number TEXT NOT NULL,
	phone TEXT NOT NULL,
	text TEXT NOT NULL,
	sent_at INTEGER NOT NULL,
	certification_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS enrollment_codes (
	code TEXT PRIMARY KEY,
	issued_at INTEGER NOT NULL,
	used_at INTEGER,
	kiosk_id TEXT
);
CREATE TABLE IF NOT EXISTS kiosks (
	kiosk_id TEXT PRIMARY KEY,
	secret BLOB NOT NULL,
	station_code TEXT NOT NULL,
	station_name TEXT NOT NULL,
	hardware_id TEXT NOT NULL,
	enrolled_at INTEGER NOT NULL,
	revoked INTEGER NOT NULL DEFAULT 0,
	last_heartbeat INTEGER,
	version TEXT,
	queue_depth INTEGER,
	camera TEXT,
	card_reader TEXT
);
CREATE TABLE IF NOT EXISTS nonces (
	nonce TEXT PRIMARY KEY,
	seen_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS nonces_seen ON nonces(seen_at);
CREATE TABLE IF NOT EXISTS idempotency (
	kiosk_id TEXT NOT NULL,
	key TEXT NOT NULL,
	body_sha TEXT NOT NULL,
	answer BLOB NOT NULL,
	created_at INTEGER NOT NULL,
	PRIMARY KEY (kiosk_id, key)
);
`

// openDB opens the state file, or a private in-memory database for path "".
// One connection only: SQLite has one writer anyway, and a single
// connection keeps an in-memory database alive and shared.
func openDB(path string) (*sql.DB, error) {
	dsn := "file:" + path + "?_journal_mode=WAL&_foreign_keys=on&_busy_timeout=5000&_synchronous=NORMAL"
	if path == "" {
		var b [8]byte
		_, _ = rand.Read(b[:])
		dsn = "file:certsim-" + hex.EncodeToString(b[:]) + "?mode=memory&cache=shared&_foreign_keys=on"
	}
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	db.SetMaxIdleConns(1)
	db.SetConnMaxLifetime(0)
	if _, err := db.Exec(schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("certsim: schema: %w", err)
	}
	return db, nil
}

// seed fills an empty people table with the fixture, placing each person's
// last certification relative to now, so the demo shows every situation
// whatever the date.
func seed(db *sql.DB, now time.Time) error {
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM people`).Scan(&n); err != nil || n > 0 {
		return err
	}
	for i, p := range fixture.People() {
		var last any
		var channel any
		if at := p.LastCertifiedAt(now); !at.IsZero() {
			last, channel = at.UnixNano(), string(p.LastChannel)
		}
		pensioner := p.Scenario != fixture.NotPensioner
		// Fictional numbers in the 1380000xxxx block, which no carrier assigns.
		phone := fmt.Sprintf("1380000%04d", i+1)
		if _, err := db.Exec(`INSERT INTO people VALUES (?,?,?,?,?,?,?)`, p.Card.IDNumber, p.Card.Name,
			phone, string(p.Scenario), pensioner, last, channel); err != nil {
			return fmt.Errorf("certsim: seed: %w", err)
		}
	}
	return nil
}

// person is one row of people.
type person struct {
	IDNumber  string
	Name      string
	Phone     string
	Scenario  fixture.Scenario
	Pensioner bool
	LastAt    time.Time // zero if never certified
	Channel   kiosk.Channel
}

// personQuery is the SELECT that loadPerson scans.
const personQuery = `SELECT id_number, name, phone, scenario, pensioner, last_certified_at, last_channel
	FROM people WHERE id_number = ?`

// stmts are the hot path's statements, prepared once: preparing them per
// request was a fifth of the status query's time.
type stmts struct {
	person, kiosk, nonce *sql.Stmt
}

func prepare(db *sql.DB) (*stmts, error) {
	var st stmts
	var err error
	if st.person, err = db.Prepare(personQuery); err != nil {
		return nil, err
	}
	if st.kiosk, err = db.Prepare(`SELECT secret, revoked FROM kiosks WHERE kiosk_id = ?`); err != nil {
		return nil, err
	}
	st.nonce, err = db.Prepare(`INSERT INTO nonces (nonce, seen_at) VALUES (?, ?)
		ON CONFLICT (nonce) DO UPDATE SET seen_at = excluded.seen_at WHERE seen_at < ?`)
	return &st, err
}

// loadPerson scans the row of personQuery; ok is false if the number is
// unknown.
func loadPerson(row *sql.Row) (p person, ok bool, err error) {
	var last sql.NullInt64
	var channel sql.NullString
	var scenario string
	err = row.Scan(&p.IDNumber, &p.Name, &p.Phone, &scenario, &p.Pensioner, &last, &channel)
	if err == sql.ErrNoRows {
		return person{}, false, nil
	}
	if err != nil {
		return person{}, false, err
	}
	p.Scenario, p.Channel = fixture.Scenario(scenario), kiosk.Channel(channel.String)
	if last.Valid {
		p.LastAt = time.Unix(0, last.Int64).In(kiosk.ChinaTime)
	}
	return p, true, nil
}
