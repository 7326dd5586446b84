package aircallsync

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// The write of a page: its SQL, built once per table and row count, and
// the statements prepared once per store.

// stmt returns q prepared on the database, prepared once: a page's
// statements differ only by their number of rows.
func (s *sqlStore) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if st, ok := s.stmts[q]; ok {
		return st, nil
	}
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if s.stmts == nil {
		s.stmts = map[string]*sql.Stmt{}
	}
	s.stmts[q] = st
	return st, nil
}

// pageWrite is the SQL of one page's rows: the query of their stored
// versions (run first, to count what changes) and their upsert. The stores
// run the two, then the state that covers the page (stateSQL), in one
// transaction.
type pageWrite struct {
	t    *table
	oldQ string
	ids  []any
	upQ  string
	args []any
	rows []Row    // without repeats, in the order written
	hash []string // raw_hash of each of rows
}

// pagePreparer is implemented by the stores of this package: ApplyPage is
// preparePage (the rows' SQL arguments, CPU only) then writePage (the
// database's work), which BenchmarkApplyPage measures apart. (Preparing in
// the sync's fetcher, beside the writer, measured slower on 2 cores: the
// fetcher, with the fake Aircall in the same process, is as busy as the
// writer.)
type pagePreparer interface {
	preparePage(r Resource, rows []Row, now time.Time) (*pageWrite, error)
	writePage(ctx context.Context, r Resource, w *pageWrite, st State) (Counts, error)
}

// applyPage is the ApplyPage of every store: rows prepared, then written
// with st.
func applyPage(ctx context.Context, s pagePreparer, r Resource, rows []Row, st State) (Counts, error) {
	w, err := s.preparePage(r, rows, time.Now())
	if err != nil {
		return Counts{}, err
	}
	return s.writePage(ctx, r, w, st)
}

// preparePage builds the SQL of rows of r, synced at now. A list may
// repeat an item while it changes: the first is kept.
func (s *sqlStore) preparePage(r Resource, rows []Row, now time.Time) (*pageWrite, error) {
	t := resourceTables[r]
	w := &pageWrite{t: t}
	if len(rows) == 0 {
		return w, nil
	}
	w.rows = make([]Row, 0, len(rows))
	w.hash = make([]string, 0, len(rows))
	w.ids = make([]any, 0, len(rows))
	w.args = make([]any, 0, len(rows)*(len(t.cols)+6))
	seen := make(map[aircall.ID]bool, len(rows))
	for _, r := range rows {
		if seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		a, err := s.rowArgs(t, r, now)
		if err != nil {
			return nil, err
		}
		w.rows = append(w.rows, r)
		w.hash = append(w.hash, a[len(t.cols)+2].(string)) // id, the typed columns, raw, raw_hash
		w.ids = append(w.ids, int64(r.ID))
		w.args = append(w.args, a...)
	}
	w.oldQ = s.cachedSQL(pageSQL{t, "old", len(w.ids)})
	w.upQ = s.cachedSQL(pageSQL{t, "upsert", len(w.rows)})
	return w, nil
}

// oldSQL reads id, raw_hash and whether deleted of n rows of t.
func (s *sqlStore) oldSQL(t *table, n int) string {
	return s.d.rebind(fmt.Sprintf("SELECT id, raw_hash, deleted_at IS NOT NULL FROM %s WHERE id IN (%s)",
		t.name, strings.TrimSuffix(strings.Repeat("?, ", n), ", ")))
}

// oldRow is the stored version of a row, as oldSQL reads it.
type oldRow struct {
	hash    string
	deleted bool
}

// scanOlds reads the rows of oldSQL through next and scan (of a sql.Rows
// or a pgx.Rows).
func scanOlds(next func() bool, scan func(...any) error) (map[int64]oldRow, error) {
	olds := map[int64]oldRow{}
	for next() {
		var id int64
		var o oldRow
		if err := scan(&id, &o.hash, &o.deleted); err != nil {
			return nil, err
		}
		olds[id] = o
	}
	return olds, nil
}

// counts compares the rows written with their stored versions.
func (w *pageWrite) counts(olds map[int64]oldRow) Counts {
	var c Counts
	for i, r := range w.rows {
		switch o, ok := olds[int64(r.ID)]; {
		case !ok:
			c.Inserted++
		case o.deleted || o.hash != w.hash[i]:
			c.Updated++
		default:
			c.Unchanged++
		}
	}
	return c
}

// upsert writes the rows of w in tx with the statements oldStmt (of
// w.oldQ) and upStmt (of w.upQ), and counts what changed.
func (s *sqlStore) upsert(ctx context.Context, tx *sql.Tx, w *pageWrite, oldStmt, upStmt *sql.Stmt) (Counts, error) {
	if len(w.rows) == 0 {
		return Counts{}, nil
	}
	rs, err := tx.StmtContext(ctx, oldStmt).QueryContext(ctx, w.ids...)
	if err != nil {
		return Counts{}, err
	}
	olds, err := scanOlds(rs.Next, rs.Scan)
	if err == nil {
		err = rs.Err()
	}
	if cerr := rs.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return Counts{}, err
	}
	if _, err := tx.StmtContext(ctx, upStmt).ExecContext(ctx, w.args...); err != nil {
		return Counts{}, err
	}
	return w.counts(olds), nil
}
