package aircall

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The tests of this file walk lists that change while they are walked:
// liveServer is a calls or contacts list whose hook inserts and deletes
// items between requests, as an account does while an export runs.

// liveItem is an item of a liveServer: an id and a creation time.
type liveItem struct {
	id ID
	at int64 // Unix seconds
}

// liveServer serves a list the way Aircall serves calls and contacts: from
// and to in Unix seconds (inclusive, or exclusive with exclusive set),
// order asc (default) or desc by time, ties by id, page and per_page
// (default 20, at most 50), meta with count, total, current_page,
// per_page and next_page_link (null on the last page), and the API's 400
// for a page that starts at or past cap. Before answering, hook is called
// with the number of the request (from 1), under the server's lock: it
// may insert and delete items.
type liveServer struct {
	key       string // "calls" or "contacts"
	field     string // the time field: "started_at" or "created_at"
	exclusive bool
	cap       int // 0: no cap
	hook      func(s *liveServer, n int)

	mu       sync.Mutex
	items    []liveItem // sorted by at, then id
	nextID   ID
	requests int
	served   liveItem // the latest item served (asc) or earliest (desc), for hooks that delete what was read
	inserted map[ID]bool
	deleted  map[ID]bool
}

// newLiveServer returns a list of n items, perSecond of them in each second
// from t0, with ids from 1000.
func newLiveServer(key, field string, n, perSecond int, t0 int64) *liveServer {
	s := &liveServer{key: key, field: field, nextID: 1000, inserted: map[ID]bool{}, deleted: map[ID]bool{}}
	for i := range n {
		s.items = append(s.items, liveItem{s.nextID, t0 + int64(i/perSecond)})
		s.nextID++
	}
	return s
}

// insert adds a new item created at second at; under the lock.
func (s *liveServer) insert(at int64) {
	it := liveItem{s.nextID, at}
	s.nextID++
	i, _ := slices.BinarySearchFunc(s.items, it, cmpLive)
	s.items = slices.Insert(s.items, i, it)
	s.inserted[it.id] = true
}

// remove deletes the item at index i; under the lock.
func (s *liveServer) remove(i int) {
	s.deleted[s.items[i].id] = true
	s.items = slices.Delete(s.items, i, i+1)
}

func cmpLive(a, b liveItem) int {
	if a.at != b.at {
		return int(a.at - b.at)
	}
	return int(a.id - b.id)
}

func (s *liveServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests++
	if s.hook != nil {
		s.hook(s, s.requests)
	}
	q := r.URL.Query()
	page, per, ok := pageQuery(w, q, MaxPerPage, s.cap)
	if !ok {
		return
	}
	lo, hi := 0, len(s.items)
	if v := q.Get("from"); v != "" {
		from, _ := strconv.ParseInt(v, 10, 64)
		if s.exclusive {
			from++
		}
		lo, _ = slices.BinarySearchFunc(s.items, from, func(it liveItem, t int64) int { return int(it.at - t) })
	}
	if v := q.Get("to"); v != "" {
		to, _ := strconv.ParseInt(v, 10, 64)
		if !s.exclusive {
			to++
		}
		hi, _ = slices.BinarySearchFunc(s.items, to, func(it liveItem, t int64) int { return int(it.at - t) })
	}
	total := max(hi-lo, 0)
	off, end := min((page-1)*per, total), min(page*per, total)
	var b strings.Builder
	fmt.Fprintf(&b, `{"%s":[`, s.key)
	for k := off; k < end; k++ {
		i := lo + k
		if q.Get("order") == "desc" {
			i = hi - 1 - k
		}
		it := s.items[i]
		if k > off {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":%d,"%s":%d,"direct_link":"https://api.aircall.io/v1/%s/%d"}`, it.id, s.field, it.at, s.key, it.id)
		if q.Get("order") == "desc" {
			if s.served == (liveItem{}) || cmpLive(it, s.served) < 0 {
				s.served = it
			}
		} else if cmpLive(it, s.served) > 0 {
			s.served = it
		}
	}
	next := "null"
	if end < total {
		next = fmt.Sprintf(`"http://%s%s?page=%d&per_page=%d"`, r.Host, r.URL.Path, page+1, per)
	}
	fmt.Fprintf(&b, `],"meta":{"count":%d,"total":%d,"current_page":%d,"per_page":%d,"next_page_link":%s,"previous_page_link":null}}`,
		end-off, total, page, per, next)
	fmt.Fprint(w, b.String())
}

// liveClient returns a Client whose calls (key "calls") or contacts list
// is s, with the SDK's cap set to s's.
func liveClient(t *testing.T, s *liveServer) *Client {
	t.Helper()
	ts := newTestServer(t)
	ts.mux.Handle("GET /v1/"+s.key, s)
	c := ts.client(t)
	if s.cap > 0 {
		c.listCap = s.cap
	}
	return c
}

// walkIDs walks s with Calls.All (key "calls") or Contacts.All, in order,
// and returns the ids and times yielded.
func walkIDs(t *testing.T, c *Client, key string, order Order) []liveItem {
	t.Helper()
	var got []liveItem
	ctx := context.Background()
	if key == "calls" {
		for call, err := range c.Calls.All(ctx, &CallListOptions{TimeRange: TimeRange{Order: order}}) {
			if err != nil {
				t.Fatalf("after %d calls: %v", len(got), err)
			}
			got = append(got, liveItem{call.ID, call.StartedAt.Unix()})
		}
		return got
	}
	for ct, err := range c.Contacts.All(ctx, &ContactListOptions{TimeRange: TimeRange{Order: order}}) {
		if err != nil {
			t.Fatalf("after %d contacts: %v", len(got), err)
		}
		got = append(got, liveItem{ct.ID, ct.CreatedAt.Unix()})
	}
	return got
}

// checkExactlyOnce checks a walk of s: every item that existed from the
// walk's start to its end (start holds the items at the start) yielded
// exactly once, no item yielded twice, nothing yielded that never existed,
// and the times in order. It returns the number of repeats and misses.
func checkExactlyOnce(t *testing.T, s *liveServer, start []liveItem, got []liveItem, order Order) (repeats, misses int) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	count := map[ID]int{}
	for i, it := range got {
		count[it.id]++
		if i > 0 {
			if d := it.at - got[i-1].at; (order == OrderDesc && d > 0) || (order != OrderDesc && d < 0) {
				t.Errorf("item %d (%d at %d) out of order after %d at %d", i, it.id, it.at, got[i-1].id, got[i-1].at)
			}
		}
	}
	existed := map[ID]bool{}
	for _, it := range start {
		existed[it.id] = true
		if !s.deleted[it.id] && count[it.id] == 0 {
			misses++
		}
	}
	for id, n := range count {
		if n > 1 {
			repeats += n - 1
		}
		if !existed[id] && !s.inserted[id] {
			t.Errorf("item %d yielded but never existed", id)
		}
	}
	if repeats > 0 || misses > 0 {
		t.Errorf("%d items yielded twice or more, %d items that existed throughout the walk never yielded", repeats, misses)
	}
	return repeats, misses
}

// snapshot returns the items of s now.
func (s *liveServer) snapshot() []liveItem {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.items)
}

// Issue 18: newest-first export while calls arrive (600 calls, desc, 35
// calls created during the walk: with offset paging every later page is
// shifted and 24 calls were yielded twice), and calls deleted during a walk
// (600 calls, oldest first, 27 calls deleted from pages already read: 27
// calls that were never deleted were not yielded at all).
func TestCallsAllWhileCallsArriveOrGo(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		order    Order
		change   func(s *liveServer) // called before every request after the first
		changed  func(s *liveServer) int
		wantDone int
	}{
		{"desc, 35 calls created", OrderDesc, func(s *liveServer) {
			for k := 0; k < 3 && len(s.inserted) < 35; k++ {
				s.insert(1700000600 + int64(len(s.inserted))) // a new call, started now
			}
		}, func(s *liveServer) int { return len(s.inserted) }, 35},
		{"asc, 27 read calls deleted", OrderAsc, func(s *liveServer) {
			for k := 0; k < 3 && len(s.deleted) < 27; k++ {
				s.remove(0) // the oldest call: on a page already read
			}
		}, func(s *liveServer) int { return len(s.deleted) }, 27},
	} {
		for _, exclusive := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/exclusive=%v", tc.name, exclusive), func(t *testing.T) {
				t.Parallel()
				s := newLiveServer("calls", "started_at", 600, 1, 1700000000)
				s.exclusive = exclusive
				s.hook = func(s *liveServer, n int) {
					if n > 1 {
						tc.change(s)
					}
				}
				start := s.snapshot()
				got := walkIDs(t, liveClient(t, s), "calls", tc.order)
				checkExactlyOnce(t, s, start, got, tc.order)
				if n := tc.changed(s); n != tc.wantDone {
					t.Fatalf("%d calls changed during the walk, want %d", n, tc.wantDone)
				}
			})
		}
	}
}

// Issue 18: the same past the cap. 12,000 calls, oldest first, one call
// created and one deleted every 20 requests: 10 calls were missed.
func TestCallsAllPastTheCapWhileCallsChange(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		order     Order
		exclusive bool
		perSecond int
	}{
		{OrderAsc, false, 1}, {OrderAsc, true, 1}, {OrderAsc, false, 5}, {OrderAsc, true, 5},
		{OrderDesc, false, 1}, {OrderDesc, true, 5},
	} {
		t.Run(fmt.Sprintf("%s/exclusive=%v/%d-per-second", cmpOr(tc.order, "asc"), tc.exclusive, tc.perSecond), func(t *testing.T) {
			t.Parallel()
			s := newLiveServer("calls", "started_at", 12000, tc.perSecond, 1700000000)
			s.exclusive, s.cap = tc.exclusive, 10000
			newest := s.items[len(s.items)-1].at + 1
			s.hook = func(s *liveServer, n int) {
				if n%20 != 0 {
					return
				}
				s.insert(newest)
				newest++
				// Delete a call already read: the oldest (asc) or the newest (desc)
				// of the pages served.
				i, _ := slices.BinarySearchFunc(s.items, s.served, cmpLive)
				if tc.order == OrderDesc {
					i = min(i+1, len(s.items)-1)
				} else {
					i = max(i-1, 0)
				}
				s.remove(i)
			}
			start := s.snapshot()
			got := walkIDs(t, liveClient(t, s), "calls", tc.order)
			checkExactlyOnce(t, s, start, got, tc.order)
			if len(s.deleted) < 10 {
				t.Fatalf("%d calls deleted during the walk, want at least 10", len(s.deleted))
			}
		})
	}
}

func cmpOr(o, def Order) Order {
	if o == "" {
		return def
	}
	return o
}

// TestAllExactlyOnceOnAChangingAccount walks calls and contacts in both
// orders under both readings of from/to, with several items a second and
// seconds holding more than a page, while items are created (new ones and
// ones dated in the past) and deleted (read and not yet read) between
// requests.
func TestAllExactlyOnceOnAChangingAccount(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"calls", "contacts"} {
		for _, order := range []Order{OrderAsc, OrderDesc} {
			for _, exclusive := range []bool{false, true} {
				for _, perSecond := range []int{1, 3, 7, 60, 130} {
					name := fmt.Sprintf("%s/%s/exclusive=%v/%d-per-second", key, order, exclusive, perSecond)
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						field := map[string]string{"calls": "started_at", "contacts": "created_at"}[key]
						s := newLiveServer(key, field, 1500, perSecond, 1700000000)
						s.exclusive = exclusive
						t0, t1 := s.items[0].at, s.items[len(s.items)-1].at
						rng := rand.New(rand.NewPCG(uint64(perSecond), 18))
						s.hook = func(s *liveServer, n int) {
							if n == 1 {
								return
							}
							// A second of more than a page is read alone and
							// read again when its total falls, so deletions in
							// it are seen unless a creation in that second
							// offsets them before the next page, or unless they
							// never stop (see TestAllSecondDeletedOnEveryRequest):
							// there, creations and deletions take turns, every
							// other request.
							big := perSecond > MaxPerPage
							if !big || n%4 == 2 {
								s.insert(t1 + 1 + int64(n))        // new, after every item
								s.insert(t0 + rng.Int64N(t1-t0+1)) // dated anywhere in the list
							}
							if !big || n%4 == 0 {
								s.remove(rng.IntN(len(s.items)))                            // anywhere
								i, _ := slices.BinarySearchFunc(s.items, s.served, cmpLive) // next to what was read
								s.remove(min(i, len(s.items)-1))
							}
						}
						start := s.snapshot()
						got := walkIDs(t, liveClient(t, s), key, order)
						checkExactlyOnce(t, s, start, got, order)
					})
				}
			}
		}
	}
}

// TestCursorWalkRequestCounts pins the requests a walk costs on a list that
// does not change: every page after the first reads again the items of the
// last second yielded (a cursor cannot tell whether that second is
// complete), so a page brings perPage-k new items, k the items of that
// second already yielded: N/49 requests at one item a second, N/45 at five
// (pages then end on a whole second). ceil(N/50) is out of reach without
// trusting meta.total, which the API may cap.
func TestCursorWalkRequestCounts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ n, perSecond, want int }{
		{600, 1, 13}, {600, 5, 14},
		{12000, 1, 245}, {12000, 5, 267},
		{25000, 1, 511}, {25000, 5, 556},
	} {
		for _, order := range []Order{OrderAsc, OrderDesc} {
			for _, exclusive := range []bool{false, true} {
				t.Run(fmt.Sprintf("%d/%d-per-second/%s/exclusive=%v", tc.n, tc.perSecond, order, exclusive), func(t *testing.T) {
					t.Parallel()
					s := newLiveServer("calls", "started_at", tc.n, tc.perSecond, 1700000000)
					s.exclusive, s.cap = exclusive, 10000
					start := s.snapshot()
					got := walkIDs(t, liveClient(t, s), "calls", order)
					checkExactlyOnce(t, s, start, got, order)
					bound := 1 + (tc.n-MaxPerPage+MaxPerPage-tc.perSecond-1)/(MaxPerPage-tc.perSecond)
					if s.requests != tc.want || s.requests > bound {
						t.Errorf("requests = %d, want %d (bound %d; ceil(N/50) = %d)", s.requests, tc.want, bound, (tc.n+49)/50)
					}
				})
			}
		}
	}
}

// TestAllSecondsOfMoreThanAPage walks lists whose seconds hold more than a
// page: each such second costs its pages plus one, plus the restart that
// finds it full.
func TestAllSecondsOfMoreThanAPage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		perSecond int
		exclusive bool
		want      int
	}{
		{60, false, 33}, {60, true, 31}, {120, false, 24}, {120, true, 21}, {130, false, 24}, {130, true, 20},
	} {
		for _, order := range []Order{OrderAsc, OrderDesc} {
			t.Run(fmt.Sprintf("%d-per-second/%s/exclusive=%v", tc.perSecond, order, tc.exclusive), func(t *testing.T) {
				t.Parallel()
				s := newLiveServer("contacts", "created_at", 600, tc.perSecond, 1700000000)
				s.exclusive = tc.exclusive
				start := s.snapshot()
				got := walkIDs(t, liveClient(t, s), "contacts", order)
				checkExactlyOnce(t, s, start, got, order)
				if s.requests != tc.want {
					t.Errorf("requests = %d, want %d", s.requests, tc.want)
				}
			})
		}
	}
}

// TestAllSecondDeletedOnEveryRequest is the walk's limit: a second of more
// than a page from which an item already read is deleted before every
// request is read again at most 8 times, then the walk goes on (and may
// miss an item of that second). It must end, without repeats.
func TestAllSecondDeletedOnEveryRequest(t *testing.T) {
	t.Parallel()
	s := newLiveServer("calls", "started_at", 600, 150, 1700000000)
	s.hook = func(s *liveServer, n int) {
		if n > 1 {
			i, _ := slices.BinarySearchFunc(s.items, s.served, cmpLive)
			s.remove(min(i, len(s.items)-1))
		}
	}
	start := s.snapshot()
	got := walkIDs(t, liveClient(t, s), "calls", OrderAsc)
	count := map[ID]int{}
	for _, it := range got {
		if count[it.id]++; count[it.id] > 1 {
			t.Errorf("call %d yielded twice", it.id)
		}
	}
	missed := 0
	for _, it := range start {
		if !s.deleted[it.id] && count[it.id] == 0 {
			missed++
		}
	}
	if s.requests > 4*(2*8+4) {
		t.Errorf("requests = %d: the walk kept reading the same seconds", s.requests)
	}
	t.Logf("%d requests, %d calls deleted, %d calls missed", s.requests, len(s.deleted), missed)
}

// TestAllHonoursTheCallersRange walks with From and To set: the walk stays
// within them, under both readings, in both orders.
func TestAllHonoursTheCallersRange(t *testing.T) {
	t.Parallel()
	for _, order := range []Order{OrderAsc, OrderDesc} {
		for _, exclusive := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/exclusive=%v", order, exclusive), func(t *testing.T) {
				t.Parallel()
				s := newLiveServer("calls", "started_at", 900, 3, 1700000000)
				s.exclusive = exclusive
				from, to := int64(1700000040), int64(1700000250)
				ts := newTestServer(t)
				ts.mux.Handle("GET /v1/calls", s)
				c := ts.client(t)
				var got []ID
				for call, err := range c.Calls.All(context.Background(), &CallListOptions{TimeRange: TimeRange{From: Unix(from).Time, To: Unix(to).Time, Order: order}}) {
					if err != nil {
						t.Fatal(err)
					}
					got = append(got, call.ID)
				}
				var want []ID
				for _, it := range s.items {
					if (it.at > from || it.at == from && !exclusive) && (it.at < to || it.at == to && !exclusive) {
						want = append(want, it.id)
					}
				}
				if order == OrderDesc {
					slices.Reverse(want)
				}
				slices.Sort(want) // ties may come in either order
				slices.Sort(got)
				if d := diff(want, got); d != "" {
					t.Errorf("calls (-want +got):\n%s", d)
				}
				for _, r := range ts.all() {
					q, _ := url.ParseQuery(r.Query)
					f, _ := strconv.ParseInt(q.Get("from"), 10, 64)
					u, _ := strconv.ParseInt(q.Get("to"), 10, 64)
					if f < from || u > to {
						t.Errorf("query %q goes outside from=%d to=%d", r.Query, from, to)
					}
				}
			})
		}
	}
}

// TestAllStartsAtAPage: a walk from Page 3 skips the first two pages of the
// list as it is when the walk starts, then goes on by cursor.
func TestAllStartsAtAPage(t *testing.T) {
	t.Parallel()
	s := newLiveServer("calls", "started_at", 300, 2, 1700000000)
	c := liveClient(t, s)
	var got []ID
	for call, err := range c.Calls.All(context.Background(), &CallListOptions{ListOptions: ListOptions{Page: 3}}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, call.ID)
	}
	var want []ID
	for _, it := range s.items[100:] {
		want = append(want, it.id)
	}
	if d := diff(want, got); d != "" {
		t.Errorf("calls (-want +got):\n%s", d)
	}
}

// Issue 18, item 6: a list item whose id or cursor field could not be read
// (zero after decoding) is an error of the walk naming the list, the page
// and the item, not a silent zero the cursor walks on.
func TestAllUnreadableIDOrCursor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		list, bad, field string
	}{
		{"calls", `{"id":1003,"started_at":null}`, "started_at"},
		{"calls", `{"id":1003}`, "started_at"},
		{"calls", `{"id":1003,"started_at":"yesterday"}`, "started_at"},
		{"calls", `{"id":"x1003","started_at":1700000003}`, "id"},
		{"calls", `{"started_at":1700000003}`, "id"},
		{"contacts", `{"id":1003,"created_at":null}`, "created_at"},
		{"contacts", `{"id":null,"created_at":1700000003}`, "id"},
	} {
		t.Run(tc.list+"/"+tc.bad, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			var n int
			field := map[string]string{"calls": "started_at", "contacts": "created_at"}[tc.list]
			ts.mux.HandleFunc("GET /v1/"+tc.list, func(w http.ResponseWriter, r *http.Request) {
				n++
				items := []string{}
				for i := range 5 {
					items = append(items, fmt.Sprintf(`{"id":%d,"%s":%d}`, 1000+i, field, 1700000000+i))
				}
				if n == 2 {
					items[3] = tc.bad
				}
				fmt.Fprintf(w, `{"%s":[%s],"meta":{"count":5,"total":20,"current_page":1,"per_page":5,"next_page_link":"x","previous_page_link":null}}`,
					tc.list, strings.Join(items, ","))
			})
			c := ts.client(t)
			var yielded int
			var err error
			if tc.list == "calls" {
				for _, e := range c.Calls.All(context.Background(), &CallListOptions{ListOptions: ListOptions{PerPage: 5}}) {
					if err = e; e != nil {
						break
					}
					yielded++
				}
			} else {
				for _, e := range c.Contacts.All(context.Background(), &ContactListOptions{ListOptions: ListOptions{PerPage: 5}}) {
					if err = e; e != nil {
						break
					}
					yielded++
				}
			}
			if !errors.Is(err, ErrUnreadableItem) {
				t.Fatalf("err = %v after %d items, want ErrUnreadableItem", err, yielded)
			}
			for _, want := range []string{"GET /v1/" + tc.list, "page 2", "item 3", tc.field + " unreadable"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not name %q", err, want)
				}
			}
			if yielded != 5 {
				t.Errorf("%d items yielded before the error, want the 5 of the first page", yielded)
			}
		})
	}
}

// TestAllEndsWhenTheServerIgnoresTheCursor: a server that answers every
// query with the same page cannot be walked by cursor; the walk ends with
// ErrCursorIgnored instead of asking forever.
func TestAllEndsWhenTheServerIgnoresTheCursor(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.mux.HandleFunc("GET /v1/calls", func(w http.ResponseWriter, r *http.Request) {
		// Pages of two calls, one a second, from and to ignored.
		p, _ := strconv.Atoi(r.URL.Query().Get("page"))
		a := 2*p - 1
		fmt.Fprintf(w, `{"calls":[{"id":%d,"started_at":%d},{"id":%d,"started_at":%d}],"meta":{"count":2,"total":10,"current_page":%d,"per_page":2,"next_page_link":"x","previous_page_link":null}}`,
			a, 1700000000+a, a+1, 1700000001+a, p)
	})
	var got int
	var err error
	for _, e := range ts.client(t).Calls.All(context.Background(), &CallListOptions{ListOptions: ListOptions{PerPage: 2}}) {
		if err = e; e != nil {
			break
		}
		got++
	}
	if !errors.Is(err, ErrCursorIgnored) || got != 2 {
		t.Errorf("err = %v after %d calls, want ErrCursorIgnored after 2", err, got)
	}
	if n := ts.requests.Load(); n > 6 {
		t.Errorf("requests = %d", n)
	}
}

// TestAllSecondPastTheServersCap: a second that holds more items than the
// server serves a query (its cap lower than the SDK's) ends the walk with
// ErrWindowOverflow, carrying the server's 400, once the items it could
// serve are yielded.
func TestAllSecondPastTheServersCap(t *testing.T) {
	t.Parallel()
	s := newLiveServer("calls", "started_at", 300, 300, 1700000000)
	s.cap = 100
	ts := newTestServer(t)
	ts.mux.Handle("GET /v1/calls", s) // the Client keeps its cap of 10,000
	var got int
	var err error
	for _, e := range ts.client(t).Calls.All(context.Background(), nil) {
		if err = e; e != nil {
			break
		}
		got++
	}
	if !errors.Is(err, ErrWindowOverflow) || !errors.Is(err, ErrValidation) || got != 100 {
		t.Errorf("err = %v after %d calls, want ErrWindowOverflow with the server's 400 after 100", err, got)
	}
	if s.requests != 4 {
		t.Errorf("requests = %d, want 4: page 1, the second alone from its page 1 to the refused page 3", s.requests)
	}
}
