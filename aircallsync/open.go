package aircallsync

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // the "sqlite" database/sql driver, pure Go
)

// sqliteStore is the Store on a SQLite file (modernc.org/sqlite, no cgo),
// in WAL mode with synchronous=NORMAL: readers do not wait for a sync, and a
// killed sync loses nothing committed (only an OS crash can lose the last
// commits, cursor included).
type sqliteStore struct{ *sqlStore }

// postgresStore is the Store on Postgres (jackc/pgx): several syncs, such
// as --follow replicas, may write to one database; migrations hold an
// advisory lock.
type postgresStore struct{ *sqlStore }

// OpenStore opens the database of dsn (see Schema for the forms) and
// migrates its schema forward to SchemaVersion. Errors never show the
// DSN's password.
func OpenStore(ctx context.Context, dsn string) (Store, error) {
	d, conn, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	var s Store
	switch d {
	case sqliteDialect:
		s, err = openSQLite(ctx, conn)
	default:
		s, err = openPostgres(ctx, conn)
	}
	if err != nil {
		return nil, fmt.Errorf("aircallsync: opening %s: %w", Redact(dsn), redactedError(err, dsnPassword(dsn)))
	}
	return s, nil
}

func openSQLite(ctx context.Context, path string) (Store, error) {
	if path == "" {
		return nil, errors.New("no path after sqlite: in the DSN")
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(NORMAL)", "foreign_keys(OFF)"} {
		q.Add("_pragma", p)
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	db, err := sql.Open("sqlite", "file:"+path+sep+q.Encode()+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one writer: no SQLITE_BUSY between our own connections
	s := &sqliteStore{&sqlStore{db: db, d: sqliteDialect}}
	if err := s.migrate(ctx, ""); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func openPostgres(ctx context.Context, conn string) (Store, error) {
	db, err := sql.Open("pgx", conn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	db.SetConnMaxIdleTime(time.Minute)
	s := &postgresStore{&sqlStore{db: db, d: postgresDialect}}
	// Replicas starting together migrate one at a time.
	if err := s.migrate(ctx, "SELECT pg_advisory_xact_lock(7297283451)"); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// migrate applies the migrations the database lacks, in one transaction
// that starts with lock (if any).
func (s *sqlStore) migrate(ctx context.Context, lock string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if lock != "" {
			if _, err := tx.ExecContext(ctx, lock); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("CREATE TABLE IF NOT EXISTS schema_migrations (version %s PRIMARY KEY, applied_at %s NOT NULL)",
			s.d.types[kindInt], s.d.types[kindTS])); err != nil {
			return err
		}
		var v sql.NullInt64
		if err := tx.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v); err != nil {
			return err
		}
		if v.Int64 > SchemaVersion {
			return fmt.Errorf("the database has schema version %d, newer than this release's %d: upgrade aircall", v.Int64, SchemaVersion)
		}
		for i, m := range migrations(s.d)[v.Int64:] {
			version := int(v.Int64) + i + 1
			for _, stmt := range m {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("migrating to schema version %d: %w", version, err)
				}
			}
			if _, err := tx.ExecContext(ctx, s.d.rebind("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"),
				version, s.ts(time.Now())); err != nil {
				return err
			}
		}
		return nil
	})
}
