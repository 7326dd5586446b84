package aircall

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"time"
)

// ErrUnreadableItem is the error of a walk by time cursor (All and Pages of
// calls and contacts) that met a list item whose id or cursor field
// (calls: started_at; contacts: created_at) could not be read: missing,
// null, or a value that does not fit its type. The walk cannot place such
// an item, so it stops instead of walking on a zero. The error names the
// list, the page and the item's index in the page.
var ErrUnreadableItem = errors.New("aircall: a list item's id or cursor field could not be read")

// ErrCursorIgnored is the error of a walk by time cursor (All and Pages of
// calls and contacts) whose server does not honour from or to: it answers
// with an item whose cursor field (started_at, created_at) lies outside the
// from and to asked, or answers a query that moves the cursor with nothing
// new again and again. The walk stops rather than miss items silently or
// ask forever.
var ErrCursorIgnored = errors.New("aircall: the server ignores the list's time cursor")

// cursorWalk is the state of a walk by time cursor. Offset paging repeats
// items when new ones arrive before the offset and skips items when older
// ones are deleted; a cursor walk does neither. Every page after the first
// is page 1 of a new query whose from (order asc) or to (order desc) is
// the boundary: the last second yielded. The items of the boundary second
// already yielded are skipped by ID.
//
// A second that holds a page of items or more cannot be passed that way
// (the restart would read only items already yielded): the walk then reads
// that second alone, bounded on both sides, page after page, and starts it
// over from its first page if the second's total falls between two of its
// pages (an item of it deleted meanwhile moves the later ones back, maybe
// onto a page already read; a creation moves them on, and the items read
// again are skipped by ID). A deletion offset by a creation in that second
// between two of its pages is not seen, and after maxSecondRetries starts
// the walk goes on. Once that second is read whole, the cursor moves past
// it.
//
// Whether the server's from and to include their own second is not
// documented. Until an answer shows it (an item at exactly the second
// asked), the walk asks for one second more (before the boundary for from,
// after it for to), which is right under both readings; once an item comes
// back at exactly the second asked, it asks for the boundary itself.
type cursorWalk struct {
	desc  bool
	param string // the cursor param: "from" (asc) or "to" (desc)
	other string // the other bound: "to" (asc) or "from" (desc)
	// user holds the caller's own from and to, in Unix seconds.
	user map[string]int64
	// inclusive records, per param, that an answer held an item at exactly
	// the param's second.
	inclusive map[string]bool

	started  bool
	boundary int64           // the last second yielded (asc: latest; desc: earliest)
	seen     map[ID]struct{} // the IDs yielded in the boundary second
	passed   bool            // the current query has passed the boundary
	complete bool            // every item of the boundary second was read

	bounded bool // the current query is the boundary second alone
	total   int  // its meta.total on its last page; -1 before the first
	retries int  // times it started over because its total fell
	retried bool // the next request starts it over
}

// maxSecondRetries bounds how many times the walk starts a second over
// because its total keeps falling.
const maxSecondRetries = 8

// newCursorWalk starts a walk of the query q, ordering it asc when it has
// no order.
func newCursorWalk(q url.Values) *cursorWalk {
	w := &cursorWalk{param: "from", other: "to", seen: map[ID]struct{}{}, passed: true,
		user: map[string]int64{}, inclusive: map[string]bool{}}
	switch q.Get("order") {
	case string(OrderDesc):
		w.desc, w.param, w.other = true, "to", "from"
	case "":
		q.Set("order", string(OrderAsc)) // a cursor needs a time order
	}
	for _, k := range []string{"from", "to"} {
		if n, err := strconv.ParseInt(q.Get(k), 10, 64); err == nil {
			w.user[k] = n
		}
	}
	return w
}

// skip reports whether the item id at second ts was yielded already, and
// records it if not.
func (w *cursorWalk) skip(id ID, ts int64) bool {
	if !w.started {
		w.started, w.boundary = true, ts
	}
	if w.bounded {
		// The second is read alone, maybe more than once: its items by ID;
		// the seconds around it, asked for under an unknown reading, are
		// left to the cursor.
		if ts != w.boundary {
			return true
		}
		if _, dup := w.seen[id]; dup {
			return true
		}
		w.seen[id] = struct{}{}
		return false
	}
	if ts == w.boundary {
		if _, dup := w.seen[id]; dup {
			return true
		}
	} else if w.before(ts, w.boundary) {
		// Before the boundary in a restarted query: the second read again.
		// After passing it: the server's order is not strict; yield.
		return !w.passed
	}
	w.record(id, ts)
	return false
}

// record notes that the item id at second ts is yielded: the boundary
// moves to ts if ts is past it.
func (w *cursorWalk) record(id ID, ts int64) {
	if ts != w.boundary && !w.before(ts, w.boundary) {
		w.boundary, w.passed, w.complete = ts, true, false
		clear(w.seen)
	}
	if ts == w.boundary {
		w.seen[id] = struct{}{}
	}
}

// before reports whether second a comes before second b in the walk's
// order.
func (w *cursorWalk) before(a, b int64) bool {
	if w.desc {
		return a > b
	}
	return a < b
}

// bound returns the value of param k that takes in second s and, when
// past is set, the seconds beyond s too (the cursor param: from for asc);
// without past, the value that stops at s (the other bound). One second
// more is asked until the server is known to include k's second. The
// caller's own bound on k is never crossed.
func (w *cursorWalk) bound(k string, s int64, past bool) string {
	lower := k == "from" // from bounds below, to above
	step := int64(1)
	if !lower {
		step = -1
	}
	v := s
	if !w.inclusive[k] {
		v -= step // one second more: right under both readings
	}
	if past && w.complete {
		v += step // s was read whole: leave it out
	}
	if u, ok := w.user[k]; ok {
		if lower {
			v = max(v, u)
		} else {
			v = min(v, u)
		}
	}
	return strconv.FormatInt(v, 10)
}

// setOther sets the other bound of q to v, or back to the caller's.
func (w *cursorWalk) setOther(q url.Values, v string) {
	switch u, ok := w.user[w.other]; {
	case v != "":
		q.Set(w.other, v)
	case ok:
		q.Set(w.other, strconv.FormatInt(u, 10))
	default:
		q.Del(w.other)
	}
}

// advance points q and *page at the request that follows page *page of the
// current query, which held a next page if more, with capItems items at
// most a query and perPage a page. It reports false when the walk is over,
// and fails with ErrWindowOverflow when one second holds more items than a
// query serves.
func (w *cursorWalk) advance(q url.Values, page *int, more bool, total, perPage, capItems int) (bool, error) {
	w.retried = false
	if w.bounded {
		switch {
		case total < w.total && w.retries < maxSecondRetries:
			// An item of the second was deleted while it was read: the
			// later items moved back, maybe onto a page already read. Start
			// the second over (a creation moves them on: read again, skipped).
			w.retries++
			w.retried = true
			w.boundSecond(q, page) // with what the answers taught about from and to
		case more && *page*perPage >= capItems:
			return false, fmt.Errorf("%w (at %s)", ErrWindowOverflow, time.Unix(w.boundary, 0).UTC().Format(time.RFC3339))
		case more:
			*page++
		default: // the second is read whole: move past it
			w.bounded, w.complete = false, true
			w.setOther(q, "")
			q.Set(w.param, w.bound(w.param, w.boundary, true))
			w.passed, *page = false, 1
		}
		w.total = total
		return true, nil
	}
	if !more {
		return false, nil
	}
	cur, next := q.Get(w.param), w.bound(w.param, w.boundary, true)
	if (len(w.seen) < perPage || w.complete) && next != cur {
		q.Set(w.param, next)
		w.passed, *page = false, 1
		return true, nil
	}
	// A restart would read only items already yielded: read the boundary
	// second alone.
	w.bounded, w.total, w.retries = true, -1, 0
	w.boundSecond(q, page)
	return true, nil
}

// boundSecond points q at page 1 of the boundary second alone.
func (w *cursorWalk) boundSecond(q url.Values, page *int) {
	q.Set(w.param, w.bound(w.param, w.boundary, false))
	w.setOther(q, w.bound(w.other, w.boundary, false))
	*page = 1
}

// walkCursor yields the pages of a list walked by time cursor (see
// cursorWalk), from page number page of the query q (a start past page 1
// skips the first pages of the list as it is when the walk starts).
func (p *pager[T]) walkCursor(ctx context.Context, q url.Values, page, perPage int, yield func(*Page[T], error) bool) {
	w := newCursorWalk(q)
	first := page              // the first page of the current query
	asked := map[string]bool{} // the queries sent since an item was last yielded
	for n := 1; ; n++ {
		q.Set("page", strconv.Itoa(page))
		sent := q.Encode()
		pg, _, err := p.fetch(ctx, q)
		if err != nil {
			if w.bounded && page > 1 && isCapError(err) { // the server's cap is lower than the SDK's
				err = fmt.Errorf("%w (at %s): %w", ErrWindowOverflow, time.Unix(w.boundary, 0).UTC().Format(time.RFC3339), err)
			}
			yield(nil, err)
			return
		}
		if pageIgnored(pg, page, first, perPage) {
			return
		}
		got := len(pg.Items)
		if err := p.takePage(w, pg, q, n); err != nil {
			yield(nil, err)
			return
		}
		if len(pg.Items) > 0 {
			clear(asked)
		}
		asked[sent] = true
		more := hasNext(pg, page, got, perPage) // before yield: all drops the body
		if (len(pg.Items) > 0 || n == 1) && !yield(pg, nil) {
			return // a page of items already yielded only is not yielded again
		}
		prev := page
		if ok, err := w.advance(q, &page, more, pg.Meta.Total, perPage, p.c.listCap); err != nil {
			yield(nil, err)
			return
		} else if !ok {
			return
		}
		if page != prev+1 {
			first = page
		}
		q.Set("page", strconv.Itoa(page))
		if asked[q.Encode()] && !w.retried {
			// Asking again what answered nothing new would loop.
			yield(nil, fmt.Errorf("%w: GET %s: the server answered %s with nothing new and keeps answering it so",
				ErrCursorIgnored, p.path, q.Encode()))
			return
		}
	}
}

// takePage checks every item of pg, the n-th page of a walk asked with q,
// learns from it whether the server includes the second of from and to,
// and drops the items already yielded.
func (p *pager[T]) takePage(w *cursorWalk, pg *Page[T], q url.Values, n int) error {
	for i, it := range pg.Items {
		id, t := p.stamp(it)
		field := ""
		switch {
		case id == 0:
			field = "id"
		case t.IsZero() || t.Unix() <= 0:
			field = p.stampName
		}
		if field != "" {
			return fmt.Errorf("%w: GET %s: page %d of the walk (%s), item %d of %d: %s unreadable (zero after decoding)",
				ErrUnreadableItem, p.path, n, q.Encode(), i, len(pg.Items), field)
		}
	}
	asked := map[int64][]string{}
	from, to := int64(math.MinInt64), int64(math.MaxInt64)
	for _, k := range []string{"from", "to"} {
		if v, err := strconv.ParseInt(q.Get(k), 10, 64); err == nil {
			asked[v] = append(asked[v], k)
			if k == "from" {
				from = v
			} else {
				to = v
			}
		}
	}
	for i, it := range pg.Items {
		if _, t := p.stamp(it); t.Unix() < from || t.Unix() > to {
			return fmt.Errorf("%w: GET %s: page %d of the walk (%s), item %d: %s %d is outside the range asked",
				ErrCursorIgnored, p.path, n, q.Encode(), i, p.stampName, t.Unix())
		}
	}
	pg.skipDuplicates(func(it *T) bool {
		id, t := p.stamp(it)
		ts := t.Unix()
		for _, k := range asked[ts] {
			w.inclusive[k] = true
		}
		return w.skip(id, ts)
	})
	return nil
}
