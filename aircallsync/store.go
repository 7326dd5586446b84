package aircallsync

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Store is the database a Syncer writes to. OpenStore returns the SQLite
// or the Postgres one; both share the SQL of this file.
type Store interface {
	// Dialect is "sqlite" or "postgres".
	Dialect() string
	// State returns the sync state of r (the zero State before its first
	// sync).
	State(ctx context.Context, r Resource) (State, error)
	// ApplyPage upserts rows of r and saves st, in one transaction: a page
	// and the cursor that covers it are written together or not at all.
	ApplyPage(ctx context.Context, r Resource, rows []Row, st State) (Counts, error)
	// FinishWalk marks deleted (deleted_at = now) the rows of r not seen
	// since st.WalkStartedAt when markDeleted is set, clears st's walk and
	// saves it, in one transaction. It returns the rows marked.
	FinishWalk(ctx context.Context, r Resource, st State, markDeleted bool) (int, error)
	// ApplyEvent upserts one row of r from a webhook event, unless the
	// stored row was observed later. It reports whether the row changed.
	ApplyEvent(ctx context.Context, r Resource, row Row) (bool, error)
	// MarkDeleted sets deleted_at on row id of r, unless it was observed
	// after at.
	MarkDeleted(ctx context.Context, r Resource, id aircall.ID, at time.Time) error
	// PendingAI returns up to limit ended calls after id after, in id
	// order, without a result of kind k, that are due for a try at now.
	PendingAI(ctx context.Context, k AIKind, after aircall.ID, now time.Time, limit int) ([]aircall.ID, error)
	// SaveAI stores the result of kind k of call id.
	SaveAI(ctx context.Context, k AIKind, id aircall.ID, raw []byte, now time.Time) error
	// MissAI records a try that found no result of kind k for call id.
	MissAI(ctx context.Context, k AIKind, id aircall.ID, now time.Time) error
	// DB is the database, for queries of the caller's own.
	DB() *sql.DB
	// Close closes the database.
	Close() error
}

// Row is one item of a resource as written: its id, the values of its
// table's typed columns (in schema order: time.Time, aircall.Timestamp,
// aircall.ID, int, bool, string; zero IDs, zero times and "" are NULL), the
// JSON the API sent, and when that state was observed.
type Row struct {
	ID         aircall.ID
	Values     []any
	Raw        []byte
	ObservedAt time.Time
}

// State is the sync state of a resource, a row of sync_state.
type State struct {
	// Cursor is the newest time covered by a finished walk: started_at of
	// calls, updated_at of contacts.
	Cursor time.Time
	// WalkMode is the walk in progress ("" when none): a killed sync
	// resumes it.
	WalkMode string
	// WalkFrom is where the walk in progress resumes.
	WalkFrom time.Time
	// WalkStartedAt is when the walk in progress started: rows not seen
	// since are gone, at the end of a full walk.
	WalkStartedAt time.Time
	// WalkFull is set when the walk in progress reads everything.
	WalkFull bool
	// WalkPage is the last page written by a walk by offset (contacts by
	// updated_at).
	WalkPage int
}

// Counts are the rows a sync wrote, per outcome.
type Counts struct {
	Inserted, Updated, Unchanged, Deleted int
}

func (c *Counts) add(o Counts) {
	c.Inserted += o.Inserted
	c.Updated += o.Updated
	c.Unchanged += o.Unchanged
	c.Deleted += o.Deleted
}

// tsLayout is how SQLite stores timestamps: ISO-8601 UTC, fixed width so
// that text order is time order.
const tsLayout = "2006-01-02T15:04:05.000Z"

// sqlStore is the SQL both stores share.
type sqlStore struct {
	db *sql.DB
	d  *dialect

	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt // prepared page statements, by SQL
	sqls   sync.Map             // pageSQL: the SQL of a page, by table, kind and rows
}

// pageSQL is a page statement: kind "old" (oldSQL) or "upsert"
// (upsertSQL) of n rows of t.
type pageSQL struct {
	t    *table
	kind string
	n    int
}

// cachedSQL returns the SQL of k, built once.
func (s *sqlStore) cachedSQL(k pageSQL) string {
	if q, ok := s.sqls.Load(k); ok {
		return q.(string)
	}
	var q string
	if k.kind == "old" {
		q = s.oldSQL(k.t, k.n)
	} else {
		q = s.upsertSQL(k.t, k.n)
	}
	s.sqls.Store(k, q)
	return q
}

func (s *sqlStore) Dialect() string { return s.d.name }
func (s *sqlStore) DB() *sql.DB     { return s.db }
func (s *sqlStore) Close() error {
	s.stmtMu.Lock()
	for _, st := range s.stmts {
		_ = st.Close()
	}
	s.stmts = nil
	s.stmtMu.Unlock()
	return s.db.Close()
}

// ts is the database value of t: NULL when zero.
func (s *sqlStore) ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = t.UTC().Truncate(time.Millisecond)
	if s.d.dollar {
		return t
	}
	return t.Format(tsLayout)
}

// arg converts a Row value for the database.
func (s *sqlStore) arg(v any) any {
	switch v := v.(type) {
	case time.Time:
		return s.ts(v)
	case aircall.Timestamp:
		return s.ts(v.Time)
	case aircall.ID:
		if v == 0 {
			return nil
		}
		return int64(v)
	case string:
		if v == "" {
			return nil
		}
		return v
	case int:
		return int64(v)
	case costValue:
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return nil
		}
		return f
	}
	return v
}

// costValue is a call's cost, a decimal string on the wire.
type costValue string

// scanTime reads a timestamp column of either dialect.
type scanTime struct{ t time.Time }

func (st *scanTime) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		st.t = time.Time{}
	case time.Time:
		st.t = v.UTC()
	case string:
		t, err := time.Parse(tsLayout, v)
		if err != nil {
			return err
		}
		st.t = t
	case []byte:
		return st.Scan(string(v))
	default:
		return fmt.Errorf("aircallsync: a timestamp column holds a %T", v)
	}
	return nil
}

func hashRaw(raw []byte) string {
	h := sha256.Sum256(raw)
	return hex.EncodeToString(h[:12])
}

// newer is the condition for a version of a row to overwrite the stored
// one: observed later, or in the same second with a rank at least as high.
func (t *table) newer() string {
	rank := func(tbl string) string {
		if t.rank == "" {
			return "0"
		}
		return fmt.Sprintf(t.rank, tbl)
	}
	return fmt.Sprintf("(excluded.observed_at > %[1]s.observed_at OR (excluded.observed_at = %[1]s.observed_at AND %[2]s >= %[3]s))",
		t.name, rank("excluded"), rank(t.name))
}

// upsertSQL writes n rows of t.
func (s *sqlStore) upsertSQL(t *table, n int) string {
	cols := t.allCols()
	names := make([]string, len(cols))
	sets := make([]string, 0, len(cols))
	for i, c := range cols {
		names[i] = c.name
		if c.name != "id" {
			sets = append(sets, c.name+" = excluded."+c.name)
		}
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	tuples := strings.TrimSuffix(strings.Repeat(one+", ", n), ", ")
	return s.d.rebind(fmt.Sprintf("INSERT INTO %s (%s) VALUES %s ON CONFLICT (id) DO UPDATE SET %s WHERE %s",
		t.name, strings.Join(names, ", "), tuples, strings.Join(sets, ", "), t.newer()))
}

// rowArgs are the values of row for upsertSQL, synced at now.
func (s *sqlStore) rowArgs(t *table, row Row, now time.Time) ([]any, error) {
	if len(row.Values) != len(t.cols) {
		return nil, fmt.Errorf("aircallsync: a row of %s has %d values, want %d", t.name, len(row.Values), len(t.cols))
	}
	args := make([]any, 0, len(t.cols)+6)
	args = append(args, int64(row.ID))
	for _, v := range row.Values {
		args = append(args, s.arg(v))
	}
	return append(args, string(row.Raw), hashRaw(row.Raw), s.ts(row.ObservedAt), s.ts(now), nil), nil
}

// inTx runs fn in a transaction.
func (s *sqlStore) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ApplyPage writes a page on SQLite in one transaction.
func (s *sqliteStore) ApplyPage(ctx context.Context, r Resource, rows []Row, st State) (Counts, error) {
	return applyPage(ctx, s, r, rows, st)
}

// writePage writes w and the state st of r in one transaction.
func (s *sqliteStore) writePage(ctx context.Context, r Resource, w *pageWrite, st State) (Counts, error) {
	// Prepared before the transaction: SQLite has one connection, which
	// the transaction holds.
	var oldStmt, upStmt *sql.Stmt
	var err error
	if len(w.rows) > 0 {
		if oldStmt, err = s.stmt(ctx, w.oldQ); err != nil {
			return Counts{}, err
		}
		if upStmt, err = s.stmt(ctx, w.upQ); err != nil {
			return Counts{}, err
		}
	}
	var c Counts
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if c, err = s.upsert(ctx, tx, w, oldStmt, upStmt); err != nil {
			return fmt.Errorf("aircallsync: writing %s: %w", w.t.name, err)
		}
		return s.saveState(ctx, tx, r, st)
	})
	return c, err
}

func (s *sqlStore) ApplyEvent(ctx context.Context, r Resource, row Row) (bool, error) {
	t := resourceTables[r]
	args, err := s.rowArgs(t, row, time.Now())
	if err != nil {
		return false, err
	}
	res, err := s.db.ExecContext(ctx, s.upsertSQL(t, 1), args...)
	if err != nil {
		return false, fmt.Errorf("aircallsync: writing %s: %w", t.name, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (s *sqlStore) MarkDeleted(ctx context.Context, r Resource, id aircall.ID, at time.Time) error {
	t := resourceTables[r]
	_, err := s.db.ExecContext(ctx, s.d.rebind(fmt.Sprintf(
		"UPDATE %s SET deleted_at = ?, observed_at = ? WHERE id = ? AND observed_at <= ? AND deleted_at IS NULL", t.name)),
		s.ts(at), s.ts(at), int64(id), s.ts(at))
	return err
}

func (s *sqlStore) State(ctx context.Context, r Resource) (State, error) {
	var st State
	var cursor, from, started scanTime
	var mode sql.NullString
	var full sql.NullBool
	var page sql.NullInt64
	err := s.db.QueryRowContext(ctx, s.d.rebind(
		"SELECT cursor_at, walk_mode, walk_from, walk_started_at, walk_full, walk_page FROM sync_state WHERE resource = ?"), string(r)).
		Scan(&cursor, &mode, &from, &started, &full, &page)
	if errors.Is(err, sql.ErrNoRows) {
		return st, nil
	}
	if err != nil {
		return st, fmt.Errorf("aircallsync: reading sync_state: %w", err)
	}
	return State{Cursor: cursor.t, WalkMode: mode.String, WalkFrom: from.t, WalkStartedAt: started.t, WalkFull: full.Bool, WalkPage: int(page.Int64)}, nil
}

// stateSQL saves st as the state of r.
func (s *sqlStore) stateSQL(r Resource, st State) (string, []any) {
	var mode any
	if st.WalkMode != "" {
		mode = st.WalkMode
	}
	return s.d.rebind(`INSERT INTO sync_state (resource, cursor_at, walk_mode, walk_from, walk_started_at, walk_full, walk_page, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (resource) DO UPDATE SET cursor_at = excluded.cursor_at, walk_mode = excluded.walk_mode,
walk_from = excluded.walk_from, walk_started_at = excluded.walk_started_at, walk_full = excluded.walk_full, walk_page = excluded.walk_page, updated_at = excluded.updated_at`),
		[]any{string(r), s.ts(st.Cursor), mode, s.ts(st.WalkFrom), s.ts(st.WalkStartedAt), st.WalkFull, st.WalkPage, s.ts(time.Now())}
}

func (s *sqlStore) saveState(ctx context.Context, tx *sql.Tx, r Resource, st State) error {
	q, args := s.stateSQL(r, st)
	if _, err := tx.ExecContext(ctx, q, args...); err != nil {
		return fmt.Errorf("aircallsync: writing sync_state: %w", err)
	}
	return nil
}

func (s *sqlStore) FinishWalk(ctx context.Context, r Resource, st State, markDeleted bool) (int, error) {
	t := resourceTables[r]
	n := 0
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if markDeleted && !st.WalkStartedAt.IsZero() {
			res, err := tx.ExecContext(ctx, s.d.rebind(fmt.Sprintf(
				"UPDATE %s SET deleted_at = ? WHERE deleted_at IS NULL AND synced_at < ?", t.name)),
				s.ts(time.Now()), s.ts(st.WalkStartedAt))
			if err != nil {
				return fmt.Errorf("aircallsync: marking deleted %s: %w", t.name, err)
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n = int(k)
		}
		st.WalkMode, st.WalkFrom, st.WalkStartedAt, st.WalkFull, st.WalkPage = "", time.Time{}, time.Time{}, false, 0
		return s.saveState(ctx, tx, r, st)
	})
	return n, err
}
