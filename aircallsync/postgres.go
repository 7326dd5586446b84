package aircallsync

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// ApplyPage writes a page on Postgres in one round trip: the query of the
// stored versions, the upsert and the state go in one pgx batch, which the
// server runs as one implicit transaction (all or nothing, in order).
func (s *postgresStore) ApplyPage(ctx context.Context, r Resource, rows []Row, st State) (Counts, error) {
	w, err := s.preparePage(r, rows, time.Now())
	if err != nil {
		return Counts{}, err
	}
	return s.writePage(ctx, r, w, st)
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

// sendPage reads the results of the batch of w into c.
func sendPage(br pgx.BatchResults, w *pageWrite, c *Counts) error {
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
