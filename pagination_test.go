package aircall

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// item is a list element with a creation time, like a call or a contact.
type item struct {
	ID ID    `json:"id"`
	At int64 `json:"started_at"`
}

func stampItem(i *item) (ID, int64) { return i.ID, i.At }

// capServer serves a list the way Aircall serves its capped lists (calls,
// contacts): from and to in Unix seconds, order by creation time (ties by
// id; order=desc reverses both), page and per_page (default 20, at most
// MaxPerPage), and a 400 for a page that starts at or past cap. Register it
// with ts.handle for a family endpoint, or ts.mux.Handle to leave endpoint
// coverage alone.
type capServer[T any] struct {
	key       string                                 // the list's key in a page: "calls", "contacts"
	items     []T                                    // sorted by stamp, then id
	stamp     func(T) int64                          // an item's creation time in Unix seconds
	cap       int                                    // 0: no cap
	exclusive bool                                   // from and to exclude their own second
	match     func(T, url.Values) bool               // other filters (search); nil keeps every item
	nextLink  func(r *http.Request, page int) string // nil: the same host
	requests  atomic.Int64
}

func (s *capServer[T]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	per, _ := strconv.Atoi(q.Get("per_page"))
	if per == 0 {
		per = 20
	}
	per = min(per, MaxPerPage)
	w.Header().Set("Content-Type", "application/json")
	if s.cap > 0 && (page-1)*per >= s.cap {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"Bad Request","troubleshoot":"Your query is limited to 10k results and pagination is out of bound"}`)
		return
	}
	sel := []T{}
	for _, it := range s.items {
		at := s.stamp(it)
		if v := q.Get("from"); v != "" {
			from, _ := strconv.ParseInt(v, 10, 64)
			if at < from || (s.exclusive && at == from) {
				continue
			}
		}
		if v := q.Get("to"); v != "" {
			to, _ := strconv.ParseInt(v, 10, 64)
			if at > to || (s.exclusive && at == to) {
				continue
			}
		}
		if s.match != nil && !s.match(it, q) {
			continue
		}
		sel = append(sel, it)
	}
	if q.Get("order") == "desc" {
		slices.Reverse(sel)
	}
	lo, hi := min((page-1)*per, len(sel)), min(page*per, len(sel))
	var next any // null on the last page
	if hi < len(sel) {
		next = "http://" + r.Host + r.URL.Path + "?page=" + strconv.Itoa(page+1) + "&per_page=" + strconv.Itoa(per)
		if s.nextLink != nil {
			next = s.nextLink(r, page+1)
		}
	}
	b, _ := jsonMarshal(map[string]any{
		"meta": map[string]any{"count": hi - lo, "total": len(sel), "current_page": page, "per_page": per,
			"next_page_link": next, "previous_page_link": nil},
		s.key: sel[lo:hi],
	})
	w.Write(b)
}

// itemServer is a capServer of items under the key "calls".
func itemServer(items []item) *capServer[item] {
	return &capServer[item]{key: "calls", items: items, stamp: func(it item) int64 { return it.At }}
}

// makeItems returns n items, perSecond of them in each second from t0.
func makeItems(n, perSecond int, t0 int64) []item {
	out := make([]item, n)
	for i := range out {
		out[i] = item{ID: ID(1000 + i), At: t0 + int64(i/perSecond)}
	}
	return out
}

// listClient returns a Client with the given list cap for a server that
// answers GET /v1/calls with s (not counted as endpoint coverage).
func listClient(t *testing.T, s *capServer[item], listCap int) *Client {
	ts := newTestServer(t)
	ts.mux.Handle("GET /v1/calls", s)
	c := ts.client(t)
	c.listCap = listCap
	return c
}

// collectItems is collect with the items dereferenced.
func collectItems(t *testing.T, seq iter.Seq2[*item, error]) []item {
	t.Helper()
	var got []item
	for _, it := range collect(t, seq) {
		got = append(got, *it)
	}
	return got
}

func TestAllPagesInOrder(t *testing.T) {
	t.Parallel()
	s := itemServer(makeItems(337, 1, 1600000000))
	c := listClient(t, s, defaultListCap)
	p := newPager[item](c, "/v1/calls", "calls", nil)
	got := collectItems(t, p.all(context.Background()))
	if d := diff(s.items, got); d != "" {
		t.Errorf("items (-want +got):\n%s", d)
	}
	if n := s.requests.Load(); n != 7 { // ceil(337/50)
		t.Errorf("requests = %d, want 7", n)
	}
}

func TestAllPassesTheCap(t *testing.T) {
	t.Parallel()
	const n, perPage, capItems = 1000, 10, 100
	tests := []struct {
		name          string
		perSecond     int
		fromExclusive bool
		order         Order
		serverCap     int // the server's own cap; the client assumes capItems
		clientCap     int
	}{
		{"from inclusive", 3, false, OrderAsc, capItems, capItems},
		{"from exclusive", 3, true, OrderAsc, capItems, capItems},
		{"one per second", 1, false, "", capItems, capItems},
		{"seven per second, exclusive", 7, true, OrderAsc, capItems, capItems},
		{"descending with to", 3, false, OrderDesc, capItems, capItems},
		{"server cap lower than the client's: recover from its 400", 3, false, OrderAsc, capItems, 10000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := itemServer(makeItems(n, tt.perSecond, 1600000000))
			s.cap, s.exclusive = tt.serverCap, tt.fromExclusive
			c := listClient(t, s, tt.clientCap)
			opts := &struct {
				ListOptions
				TimeRange
			}{ListOptions{PerPage: perPage}, TimeRange{Order: tt.order}}
			got := collectItems(t, newPager[item](c, "/v1/calls", "calls", opts).windowed(stampItem).all(context.Background()))
			want := append([]item(nil), s.items...)
			if tt.order == OrderDesc {
				sort.SliceStable(want, func(i, j int) bool { return want[i].At > want[j].At })
			}
			if len(got) != len(want) {
				t.Fatalf("got %d items, want %d", len(got), len(want))
			}
			// Every item exactly once, in time order (ties may reorder).
			seen := map[ID]int{}
			for i, it := range got {
				seen[it.ID]++
				if it.At != want[i].At {
					t.Fatalf("item %d at %d, want %d: out of order", i, it.At, want[i].At)
				}
			}
			for _, it := range want {
				if seen[it.ID] != 1 {
					t.Errorf("item %d yielded %d times", it.ID, seen[it.ID])
				}
			}
			budget := int64((n+perPage-1)/perPage + (n+capItems-1)/capItems + 1)
			if tt.clientCap != tt.serverCap {
				budget += int64(n / capItems) // one refused request per window
			}
			if r := s.requests.Load(); r > budget {
				t.Errorf("requests = %d, want at most %d", r, budget)
			}
			if opts.PerPage != perPage || !opts.From.IsZero() {
				t.Errorf("caller's options changed: %+v", opts)
			}
		})
	}
}

func TestAllErrorsWhenOneSecondHoldsMoreThanAWindow(t *testing.T) {
	t.Parallel()
	s := itemServer(makeItems(150, 150, 1600000000))
	s.cap = 100
	c := listClient(t, s, 100)
	var errs, items int
	for it, err := range newPager[item](c, "/v1/calls", "calls", &ListOptions{PerPage: 10}).windowed(stampItem).all(context.Background()) {
		if err != nil {
			errs++
			if !errors.Is(err, ErrWindowOverflow) {
				t.Errorf("err = %v, want ErrWindowOverflow", err)
			}
			continue
		}
		_ = it
		items++
	}
	if errs != 1 || items != 100 {
		t.Errorf("errors = %d, items = %d; want 1 error after the first window of 100", errs, items)
	}
	if r := s.requests.Load(); r > 11 {
		t.Errorf("requests = %d: it looped", r)
	}
}

func TestAllIsLazyAndStopsOnBreak(t *testing.T) {
	t.Parallel()
	s := itemServer(makeItems(500, 1, 1600000000))
	c := listClient(t, s, defaultListCap)
	seq := newPager[item](c, "/v1/calls", "calls", nil).all(context.Background())
	if n := s.requests.Load(); n != 0 {
		t.Fatalf("%d request(s) before ranging", n)
	}
	count := 0
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		if count++; count == 3 {
			break
		}
	}
	if n := s.requests.Load(); n != 1 {
		t.Errorf("requests = %d after breaking on the first page, want 1", n)
	}
}

func TestAllYieldsErrorOnceAndStops(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	var n atomic.Int64
	ts.mux.HandleFunc("GET /v1/calls", func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 2 {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"error":"Forbidden","troubleshoot":"Invalid API key"}`)
			return
		}
		fmt.Fprint(w, `{"meta":{"count":1,"total":3,"current_page":1,"per_page":1,"next_page_link":"x","previous_page_link":null},"calls":[{"id":1,"started_at":1}]}`)
	})
	c := ts.client(t)
	var items, errs int
	for _, err := range newPager[item](c, "/v1/calls", "calls", &ListOptions{PerPage: 1}).all(context.Background()) {
		if err != nil {
			errs++
			if !errors.Is(err, ErrUnauthorized) {
				t.Errorf("err = %v", err)
			}
			continue
		}
		items++
	}
	if items != 1 || errs != 1 || n.Load() != 2 {
		t.Errorf("items %d errors %d requests %d; want 1, 1, 2", items, errs, n.Load())
	}
}

func TestForeignNextPageLinkNotFollowed(t *testing.T) {
	t.Parallel()
	var foreign atomic.Int64
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { foreign.Add(1) }))
	defer evil.Close()
	s := itemServer(makeItems(120, 1, 1600000000))
	s.nextLink = func(r *http.Request, page int) string {
		return evil.URL + "/v1/calls?page=" + strconv.Itoa(page)
	}
	c := listClient(t, s, defaultListCap)
	got := collectItems(t, newPager[item](c, "/v1/calls", "calls", nil).all(context.Background()))
	if len(got) != 120 || foreign.Load() != 0 {
		t.Errorf("items %d, requests to the foreign host %d; want 120 and 0", len(got), foreign.Load())
	}
}

func TestAllKeepsFiltersOnEveryPage(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	s := itemServer(makeItems(120, 1, 1600000000))
	var queries []url.Values
	ts.mux.HandleFunc("GET /v1/calls", func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.Query())
		s.ServeHTTP(w, r)
	})
	c := ts.client(t)
	opts := &struct {
		ListOptions
		TimeRange
		FetchContact bool `url:"fetch_contact"`
	}{TimeRange: TimeRange{From: time.Unix(1600000000, 0), To: time.Unix(1700000000, 0)}, FetchContact: true}
	collectItems(t, newPager[item](c, "/v1/calls", "calls", opts).all(context.Background()))
	if len(queries) != 3 {
		t.Fatalf("requests = %d, want 3", len(queries))
	}
	for i, q := range queries {
		want := url.Values{"fetch_contact": {"true"}, "from": {"1600000000"}, "to": {"1700000000"}, "per_page": {"50"}, "page": {strconv.Itoa(i + 1)}}
		if d := diff(want, q); d != "" {
			t.Errorf("page %d query (-want +got):\n%s", i+1, d)
		}
	}
}

func TestListOnePage(t *testing.T) {
	t.Parallel()
	s := itemServer(makeItems(45, 1, 1600000000))
	c := listClient(t, s, defaultListCap)
	items, resp, err := newPager[item](c, "/v1/calls", "calls", &ListOptions{Page: 2, PerPage: 20}).list(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 20 || items[0].ID != 1020 {
		t.Errorf("page 2 = %d items starting at %d", len(items), items[0].ID)
	}
	want := &Meta{Count: 20, Total: 45, CurrentPage: 2, PerPage: 20, NextPageLink: resp.Meta.NextPageLink}
	if d := diff(want, resp.Meta); d != "" || resp.Meta.NextPageLink == "" {
		t.Errorf("Meta (-want +got):\n%s", d)
	}
}

func TestEncodeQuery(t *testing.T) {
	t.Parallel()
	type opts struct {
		ListOptions
		TimeRange
		Tags   []ID   `url:"tags[]"`
		Phone  string `url:"phone_number"`
		Fetch  bool   `url:"fetch_contact"`
		UserID *ID    `url:"user_id"`
		skip   int
	}
	var nilOpts *opts
	if q := encodeQuery(nilOpts); len(q) != 0 {
		t.Errorf("nil options encoded as %v", q)
	}
	got := encodeQuery(&opts{ListOptions{Page: 2}, TimeRange{From: time.Unix(1584998199, 0), Order: OrderDesc}, []ID{1, 2}, "+33", false, Ptr(ID(0)), 0})
	want := url.Values{"page": {"2"}, "from": {"1584998199"}, "order": {"desc"}, "tags[]": {"1", "2"}, "phone_number": {"+33"}, "user_id": {"0"}}
	if d := diff(want, got); d != "" {
		t.Errorf("encodeQuery (-want +got):\n%s", d)
	}
}
