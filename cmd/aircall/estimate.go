package main

import (
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// exportEstimate guesses how many items an export writes in all, for its
// progress: the first page's Meta.Total while the list holds more than is
// done, past it (a total capped at 10,000) the share of the time window
// covered so far.
type exportEstimate struct {
	q         listQuery
	now       func() time.Time
	firstTS   int64 // timestamp of the first item seen, when q has no bound
	startAt   int64 // items done when the run started
	listTotal int64 // startAt + Meta.Total of the first page
}

// page records that done items are written, the last one at ts (0 for
// lists without time order), and the size of the list the page announced
// (Meta.Total). It returns the items expected in all, 0 when unknown.
func (e *exportEstimate) page(done, ts int64, total int) int64 {
	if e.listTotal == 0 && total > 0 {
		e.listTotal = e.startAt + int64(total) // the first page's list is all that is left
	}
	est := e.fromWindow(done, ts) // always: it notes the first item's time
	if e.listTotal > done {
		return e.listTotal
	}
	return est
}

// fromWindow guesses the items in all from the share of the time window
// covered so far, for lists in time order: the window runs from --from
// (else the first item's time, in ascending order) to --to (else now, or
// the first item's time in descending order). It is 0 when unknown.
func (e *exportEstimate) fromWindow(done, ts int64) int64 {
	if ts == 0 || done <= e.startAt {
		return 0
	}
	if e.firstTS == 0 {
		e.firstTS = ts
	}
	var span, covered int64
	if e.q.order == aircall.OrderDesc {
		if e.q.from.IsZero() {
			return 0
		}
		top := e.firstTS
		if !e.q.to.IsZero() {
			top = e.q.to.Unix()
		}
		span, covered = top-e.q.from.Unix(), top-ts
	} else {
		bottom, top := e.firstTS, e.now().Unix()
		if !e.q.from.IsZero() {
			bottom = e.q.from.Unix()
		}
		if !e.q.to.IsZero() {
			top = e.q.to.Unix()
		}
		span, covered = top-bottom, ts-bottom
	}
	if span <= 0 || covered <= 0 {
		return 0
	}
	frac := min(float64(covered)/float64(span), 1)
	return max(e.startAt+int64(float64(done-e.startAt)/frac), done)
}
