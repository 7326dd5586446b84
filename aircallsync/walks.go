package aircallsync

import (
	"context"
	"errors"
	"iter"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Walk modes, saved in sync_state while a walk is in progress.
const (
	walkList    = "list"       // a whole list by offset
	walkStarted = "started_at" // calls by started_at, ascending
	walkCreated = "created_at" // contacts by created_at, ascending
	walkUpdated = "updated_at" // contacts by updated_at, descending
)

// pageFunc turns a page into rows and updates st to cover it; it reports
// whether the walk is over after this page.
type pageFunc[T any] func(pg *aircall.Page[T], rows []Row, st *State) (done bool)

// pagesFunc starts a walk of pages under ctx.
type pagesFunc[T any] func(ctx context.Context) iter.Seq2[*aircall.Page[T], error]

// pagesAhead is how many pages the fetcher may hold, turned into rows,
// while the writer writes: enough to ride out a slow commit, few enough
// that memory stays flat.
const pagesAhead = 4

// writePages writes each page of pages with the state that covers it, in
// order, one transaction per page. A fetcher reads the next pages and turns
// them into rows while the writer writes, so that the database costs
// little wall time beside the API; the writer alone updates st, so the
// state committed with a page covers only the pages committed before it.
func writePages[T any](ctx context.Context, s *Syncer, r Resource, pages pagesFunc[T],
	id func(*T) aircall.ID, values func(*T) []any, st *State, next pageFunc[T]) (Counts, int, error) {
	type fetched struct {
		pg      *aircall.Page[T]
		rows    []Row
		err     error // of the fetch
		rowsErr error // of turning the page into rows
	}
	fctx, cancel := context.WithCancel(ctx)
	ch := make(chan fetched, pagesAhead)
	go func() {
		defer close(ch)
		for pg, err := range pages(fctx) {
			f := fetched{pg: pg, err: err}
			if err == nil {
				f.rows, f.rowsErr = pageRows(pg, id, values, observedAt(pg.Response, time.Now()))
			}
			select {
			case ch <- f:
			case <-fctx.Done():
				return
			}
			if f.err != nil || f.rowsErr != nil {
				return
			}
		}
	}()
	defer func() {
		cancel()
		for range ch { // let the fetcher end
		}
	}()
	var total Counts
	var items int64
	n := 0
	for f := range ch {
		if f.err != nil {
			return total, n, f.err
		}
		n++
		s.requests.Add(1)
		if f.rowsErr != nil {
			return total, n, f.rowsErr
		}
		pg, rows := f.pg, f.rows
		done := false
		if next != nil {
			done = next(pg, rows, st)
			rows = rows[:min(len(rows), keepRows(pg, rows, st))]
		}
		c, err := s.st.ApplyPage(ctx, r, rows, *st)
		total.add(c)
		if err != nil {
			return total, n, err
		}
		items += int64(len(rows))
		if s.o.Progress != nil {
			s.o.Progress.Page(r, items)
		}
		if done {
			break
		}
	}
	return total, n, ctx.Err()
}

// keepRows is how many of rows a walk by updated_at keeps: those at or
// after its threshold (held in st.WalkFrom); every row for other walks.
func keepRows[T any](_ *aircall.Page[T], rows []Row, st *State) int {
	if st.WalkMode != walkUpdated {
		return len(rows)
	}
	for i, r := range rows {
		if updated, ok := r.Values[4].(aircall.Timestamp); ok && updated.Time.Before(st.WalkFrom) {
			return i
		}
	}
	return len(rows)
}

// begin returns st ready for a new walk of mode from from, unless st holds
// one in progress of that mode, which is resumed.
func (s *Syncer) begin(r Resource, st State, mode string, from time.Time, full bool) State {
	if st.WalkMode == mode {
		s.notify("resuming the " + string(r) + " sync interrupted at " + st.WalkFrom.UTC().Format(time.RFC3339))
		return st
	}
	st.WalkMode, st.WalkFrom, st.WalkStartedAt, st.WalkFull, st.WalkPage = mode, from, time.Now(), full, 0
	return st
}

// resumeAt is the pageFunc of an ascending walk by stamp: the walk
// resumes at the stamp of the last item written.
func resumeAt[T any](stamp func(*T) aircall.Timestamp) pageFunc[T] {
	return func(pg *aircall.Page[T], _ []Row, st *State) bool {
		if n := len(pg.Items); n > 0 {
			st.WalkFrom = stamp(pg.Items[n-1]).Time
		}
		return false
	}
}

// resumeFrom is the from of a walk resumed at t: one second earlier, so
// that the items of t's second are read whether the API's from is
// inclusive or exclusive (rows already written are upserted, not
// repeated).
func resumeFrom(st State) time.Time {
	if st.WalkFrom.IsZero() {
		return st.WalkFrom
	}
	return st.WalkFrom.Add(-time.Second)
}

// syncList reads a whole list (users, teams, numbers, tags) and marks
// deleted the rows it no longer holds.
func syncList[T any](ctx context.Context, s *Syncer, r Resource, pages pagesFunc[T],
	id func(*T) aircall.ID, values func(*T) []any) (Counts, error) {
	st, err := s.st.State(ctx, r)
	if err != nil {
		return Counts{}, err
	}
	st = s.begin(r, st, walkList, time.Time{}, true)
	c, _, err := writePages(ctx, s, r, pages, id, values, &st, nil)
	if err != nil {
		return c, err
	}
	c.Deleted, err = s.st.FinishWalk(ctx, r, st, true)
	return c, err
}

// walkAscending writes the pages of a walk of r oldest first by stamp,
// from where st resumes; pages lists r within a time range.
func walkAscending[T any](ctx context.Context, s *Syncer, r Resource, st *State,
	pages func(context.Context, aircall.TimeRange) iter.Seq2[*aircall.Page[T], error],
	id func(*T) aircall.ID, values func(*T) []any, stamp func(*T) aircall.Timestamp) (Counts, error) {
	tr := aircall.TimeRange{From: resumeFrom(*st), Order: aircall.OrderAsc}
	c, _, err := writePages(ctx, s, r, func(ctx context.Context) iter.Seq2[*aircall.Page[T], error] {
		return pages(ctx, tr)
	}, id, values, st, resumeAt(stamp))
	return c, err
}

func (s *Syncer) callPages(ctx context.Context, tr aircall.TimeRange) iter.Seq2[*aircall.Page[aircall.Call], error] {
	return s.c.Calls.Pages(ctx, &aircall.CallListOptions{TimeRange: tr})
}

func (s *Syncer) contactPages(ctx context.Context, tr aircall.TimeRange) iter.Seq2[*aircall.Page[aircall.Contact], error] {
	return s.c.Contacts.Pages(ctx, &aircall.ContactListOptions{TimeRange: tr})
}

func callID(c *aircall.Call) aircall.ID                   { return c.ID }
func contactID(c *aircall.Contact) aircall.ID             { return c.ID }
func callStarted(c *aircall.Call) aircall.Timestamp       { return c.StartedAt }
func contactCreated(c *aircall.Contact) aircall.Timestamp { return c.CreatedAt }

// syncCalls reads calls by started_at from the cursor minus the lookback
// (the first time from Options.From), through the SDK's cursor walk,
// saving the started_at of each page's last call as the point to resume.
func (s *Syncer) syncCalls(ctx context.Context, full bool) (Counts, error) {
	st, err := s.st.State(ctx, Calls)
	if err != nil {
		return Counts{}, err
	}
	from := s.o.From
	if !full && !st.Cursor.IsZero() {
		from = st.Cursor.Add(-s.o.Lookback)
	}
	st = s.begin(Calls, st, walkStarted, from, full)
	c, err := walkAscending(ctx, s, Calls, &st, s.callPages, callID, callValues, callStarted)
	if err != nil {
		return c, err
	}
	if st.WalkFrom.After(st.Cursor) {
		st.Cursor = st.WalkFrom
	}
	c.Deleted, err = s.st.FinishWalk(ctx, Calls, st, st.WalkFull)
	return c, err
}

// syncContacts reads the contacts updated since the cursor minus the
// lookback, newest first. The first sync, --full, and a change too large
// for one walk under the 10,000 cap read them all by created_at instead.
func (s *Syncer) syncContacts(ctx context.Context, full bool) (Counts, error) {
	st, err := s.st.State(ctx, Contacts)
	if err != nil {
		return Counts{}, err
	}
	if full || st.Cursor.IsZero() || st.WalkMode == walkCreated {
		return s.contactsByCreation(ctx, st, full)
	}
	st = s.begin(Contacts, st, walkUpdated, st.Cursor.Add(-s.o.Lookback), false)
	newest := st.Cursor
	// A resumed walk reads its last page again: contacts deleted meanwhile
	// move the others up by as many places.
	first := max(st.WalkPage, 1)
	opts := &aircall.ContactListOptions{OrderBy: aircall.ContactOrderByUpdatedAt, TimeRange: aircall.TimeRange{Order: aircall.OrderDesc},
		ListOptions: aircall.ListOptions{Page: first}}
	st.WalkPage = first - 1
	c, pages, err := writePages(ctx, s, Contacts, func(ctx context.Context) iter.Seq2[*aircall.Page[aircall.Contact], error] {
		return s.c.Contacts.Pages(ctx, opts)
	}, contactID, contactValues, &st,
		func(pg *aircall.Page[aircall.Contact], _ []Row, st *State) bool {
			st.WalkPage++
			for _, it := range pg.Items {
				if it.UpdatedAt.Time.After(newest) {
					newest = it.UpdatedAt.Time
				}
				if it.UpdatedAt.Time.Before(st.WalkFrom) {
					return true
				}
			}
			return false
		})
	if err != nil && pages > 1 && errors.Is(err, aircall.ErrValidation) {
		// More changed than one walk can read under the cap.
		s.notify("more contacts changed than the API lists by updated_at (10,000): reading them all by created_at")
		more, err := s.contactsByCreation(ctx, State{Cursor: st.Cursor}, false)
		c.add(more)
		return c, err
	}
	if err != nil {
		return c, err
	}
	st.Cursor = newest
	c.Deleted, err = s.st.FinishWalk(ctx, Contacts, st, false)
	return c, err
}

// contactsByCreation reads every contact by created_at, resumable like
// calls. Its cursor is its start: what changed later is read again next
// time (minus the lookback).
func (s *Syncer) contactsByCreation(ctx context.Context, st State, full bool) (Counts, error) {
	st = s.begin(Contacts, st, walkCreated, time.Time{}, full)
	c, err := walkAscending(ctx, s, Contacts, &st, s.contactPages, contactID, contactValues, contactCreated)
	if err != nil {
		return c, err
	}
	st.Cursor = st.WalkStartedAt
	c.Deleted, err = s.st.FinishWalk(ctx, Contacts, st, st.WalkFull)
	return c, err
}
