package aircallsync

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// ApplyPage writes a page on Postgres in one round trip: the query of the
// stored versions, the upsert and the state go in one pgx batch, which the
// server runs as one implicit transaction (all or nothing, in order). The
// transaction commits without waiting for its WAL to reach the disk
// (synchronous_commit off, for it alone): see asyncCommit.
func (s *postgresStore) ApplyPage(ctx context.Context, r Resource, rows []Row, st State) (Counts, error) {
	return applyPage(ctx, s, r, rows, st)
}

// writePage sends w and the state st of r in one batch.
func (s *postgresStore) writePage(ctx context.Context, r Resource, w *pageWrite, st State) (Counts, error) {
	stateQ, stateArgs := s.stateSQL(r, st)
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return Counts{}, err
	}
	defer conn.Close()
	var c Counts
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("aircallsync: a Postgres connection is a %T, not pgx's", dc)
		}
		var b pgx.Batch
		b.Queue(asyncCommit)
		if len(w.rows) > 0 {
			b.Queue(w.oldQ, w.ids...)
			b.Queue(w.upQ, w.args...)
		}
		b.Queue(stateQ, stateArgs...)
		br := sc.Conn().SendBatch(ctx, &b)
		err := sendPage(br, w, &c)
		if cerr := br.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("aircallsync: writing %s: %w", w.t.name, err)
		}
		return nil
	})
	return c, err
}

// asyncCommit makes the transaction it runs in commit without waiting for
// the disk (synchronous_commit off, for that transaction only). A page and
// the cursor that covers it commit together, so a Postgres crash can only
// lose the last pages committed and their cursor at once, never a page
// without its cursor; Postgres flushes its WAL in order, so what it loses
// is always the newest commits, which the next sync reads again. A page
// then commits in the time of its CPU alone, instead of waiting for a
// flush of the WAL each (about 2 ms on a common disk: a second per 25,000
// calls).
const asyncCommit = "SELECT set_config('synchronous_commit', 'off', true)"

// sendPage reads the results of the batch of w into c.
func sendPage(br pgx.BatchResults, w *pageWrite, c *Counts) error {
	if _, err := br.Exec(); err != nil { // asyncCommit
		return err
	}
	if len(w.rows) > 0 {
		rs, err := br.Query()
		if err != nil {
			return err
		}
		olds, err := scanOlds(rs.Next, rs.Scan)
		rs.Close()
		if err == nil {
			err = rs.Err()
		}
		if err != nil {
			return err
		}
		if _, err := br.Exec(); err != nil {
			return err
		}
		*c = w.counts(olds)
	}
	_, err := br.Exec()
	return err
}
