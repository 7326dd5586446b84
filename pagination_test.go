package aircall

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/google/go-querystring/query"
)

// item is a list element with a creation time, like a call or a contact.
type item struct {
	ID ID    `json:"id"`
	At int64 `json:"started_at"`
}

func stampItem(i *item) (ID, time.Time) { return i.ID, time.Unix(i.At, 0) }

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
	noLinks   bool                                   // meta without link keys, as GET /v1/webhooks answers
	maxPer    int                                    // largest per_page served; 0: MaxPerPage
	requests  atomic.Int64
}

func (s *capServer[T]) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	q := r.URL.Query()
	page, per, ok := pageQuery(w, q, cmp.Or(s.maxPer, MaxPerPage), s.cap)
	if !ok {
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
	meta := map[string]any{"count": hi - lo, "total": len(sel), "current_page": page, "per_page": per,
		"next_page_link": next, "previous_page_link": nil}
	if s.noLinks {
		delete(meta, "next_page_link")
		delete(meta, "previous_page_link")
	}
	b, _ := jsonMarshal(map[string]any{"meta": meta, s.key: sel[lo:hi]})
	w.Write(b)
}

// expectRequestCount fails t unless s answered want requests.
func (s *capServer[T]) expectRequestCount(t *testing.T, want int64) {
	t.Helper()
	if n := s.requests.Load(); n != want {
		t.Errorf("list server saw %d request(s), want %d", n, want)
	}
}

// pageQuery reads the page (default 1) and per_page (default 20, at most
// maxPer) of a list request, as the API does, and answers the API's 400
// when the page starts at or past listCap (0: no cap), reporting false.
func pageQuery(w http.ResponseWriter, q url.Values, maxPer, listCap int) (page, per int, ok bool) {
	page, _ = strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	per, _ = strconv.Atoi(q.Get("per_page"))
	if per == 0 {
		per = 20
	}
	per = min(per, maxPer)
	w.Header().Set("Content-Type", "application/json")
	if listCap > 0 && (page-1)*per >= listCap {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"error":"Bad Request","troubleshoot":"Your query is limited to 10k results and pagination is out of bound, please use timestamps or other filters."}`)
		return page, per, false
	}
	return page, per, true
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

// numberedServer returns a test server that answers pattern (not counted
// as endpoint coverage) with h, told the number of the request (from 1),
// and a client for it.
func numberedServer(t *testing.T, pattern string, h func(w http.ResponseWriter, n int64)) (*testServer, *Client) {
	t.Helper()
	ts := newTestServer(t)
	ts.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) { h(w, ts.requests.Load()) })
	return ts, ts.client(t)
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
	s.expectRequestCount(t, 7) // ceil(337/50)
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
			got := collectItems(t, newPager[item](c, "/v1/calls", "calls", opts).byCursor("started_at", stampItem).all(context.Background()))
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
			// Every page after the first is a cursor restart that reads the
			// items of the last second yielded again (at most perSecond), so
			// a page brings at least perPage-perSecond new items; plus one
			// request to learn the server's reading of from/to. (Offset
			// paging with a restart per window took ceil(n/perPage) +
			// ceil(n/capItems) + 1 = 111 here; the cursor walk takes 112 at
			// one item a second and 143 at seven, with pages of 10.)
			budget := int64(1 + (n-perPage+perPage-tt.perSecond-1)/(perPage-tt.perSecond) + 1)
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
	for it, err := range newPager[item](c, "/v1/calls", "calls", &ListOptions{PerPage: 10}).byCursor("started_at", stampItem).all(context.Background()) {
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
	if got := collectFirst(t, seq, 3); len(got) != 3 {
		t.Errorf("got %d items, want 3", len(got))
	}
	// One page: the loop broke on the first.
	s.expectRequestCount(t, 1)
}

func TestAllYieldsErrorOnceAndStops(t *testing.T) {
	t.Parallel()
	ts, c := numberedServer(t, "GET /v1/calls", func(w http.ResponseWriter, n int64) {
		if n == 2 {
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"error":"Forbidden","troubleshoot":"Invalid API key"}`)
			return
		}
		fmt.Fprint(w, `{"meta":{"count":1,"total":3,"current_page":1,"per_page":1,"next_page_link":"x","previous_page_link":null},"calls":[{"id":1,"started_at":1}]}`)
	})
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
	if n := ts.requests.Load(); items != 1 || errs != 1 || n != 2 {
		t.Errorf("items %d errors %d requests %d; want 1, 1, 2", items, errs, n)
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

// TestListsWithoutOptions lists each family with nil options: no query is
// sent, and an empty page decodes as no items.
func TestListsWithoutOptions(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	var calls []familyCall
	for _, l := range []struct {
		key  string // the list's path segment and key
		list func(*Client) (any, *Response, error)
		want any // an empty slice of the family's type
	}{
		{"calls", func(c *Client) (any, *Response, error) { return c.Calls.List(ctx, nil) }, []*Call{}},
		{"contacts", func(c *Client) (any, *Response, error) { return c.Contacts.List(ctx, nil) }, []*Contact{}},
		{"tags", func(c *Client) (any, *Response, error) { return c.Tags.List(ctx, nil) }, []*Tag{}},
		{"numbers", func(c *Client) (any, *Response, error) { return c.Numbers.List(ctx, nil) }, []*Number{}},
		{"teams", func(c *Client) (any, *Response, error) { return c.Teams.List(ctx, nil) }, []*Team{}},
		{"webhooks", func(c *Client) (any, *Response, error) { return c.Webhooks.List(ctx, nil) }, []*Webhook{}},
	} {
		calls = append(calls, familyCall{name: l.key, pattern: "GET /v1/" + l.key, call: l.list, path: "/v1/" + l.key,
			reply: `{"meta":{"count":0,"total":0,"current_page":1,"per_page":20,"next_page_link":null,"previous_page_link":null},"` + l.key + `":[]}`,
			want:  l.want, meta: &Meta{CurrentPage: 1, PerPage: 20}, opts: gocmp.Options{cmpopts.EquateEmpty()}})
	}
	runFamilyCalls(t, calls)
}

func TestEncodeQuery(t *testing.T) {
	t.Parallel()
	type opts struct {
		ListOptions
		TimeRange
		Tags   []ID   `url:"tags[],omitempty"`
		Phone  string `url:"phone_number,omitempty"`
		Fetch  bool   `url:"fetch_contact,omitempty"`
		UserID *ID    `url:"user_id,omitempty"`
		skip   int
	}
	var nilOpts *opts
	if q := encodeQuery(nilOpts); len(q) != 0 {
		t.Errorf("nil options encoded as %v", q)
	}
	if q := encodeQuery(nil); len(q) != 0 {
		t.Errorf("nil encoded as %v", q)
	}
	got := encodeQuery(&opts{ListOptions{Page: 2}, TimeRange{From: time.Unix(1584998199, 0), Order: OrderDesc}, []ID{1, 2}, "+33", false, Ptr(ID(0)), 0})
	want := url.Values{"page": {"2"}, "from": {"1584998199"}, "order": {"desc"}, "tags[]": {"1", "2"}, "phone_number": {"+33"}, "user_id": {"0"}}
	if d := diff(want, got); d != "" {
		t.Errorf("encodeQuery (-want +got):\n%s", d)
	}
}

// TestOptionsTypesEncode encodes every options type of the SDK, zero and
// filled, and compares the query sent with the one the reference documents.
func TestOptionsTypesEncode(t *testing.T) {
	t.Parallel()
	from, to := time.Date(2020, 3, 23, 21, 16, 39, 0, time.UTC), time.Unix(1585998199, 0)
	lo := ListOptions{Page: 2, PerPage: 50}
	tr := TimeRange{From: from, To: to, Order: OrderDesc}
	tests := []struct {
		opts any
		want string // url.Values.Encode() form
	}{
		{&ListOptions{}, ""},
		{&lo, "page=2&per_page=50"},
		{&UserListOptions{}, ""},
		{&UserListOptions{lo, tr}, "from=1584998199&order=desc&page=2&per_page=50&to=1585998199"},
		{&TeamListOptions{}, ""},
		{&TeamListOptions{ListOptions: lo, Order: OrderAsc}, "order=asc&page=2&per_page=50"},
		{&NumberListOptions{}, ""},
		{&WebhookListOptions{Order: OrderDesc}, "order=desc"},
		{&CallListOptions{}, ""},
		{&CallListOptions{ListOptions: lo, TimeRange: tr, FetchContact: true}, "fetch_contact=true&from=1584998199&order=desc&page=2&per_page=50&to=1585998199"},
		{&CallSearchOptions{}, ""},
		{&CallSearchOptions{TimeRange: TimeRange{From: from}, Direction: CallInbound, UserID: 456, PhoneNumber: "+33631000000", Tags: []ID{12, 13}, FetchContact: true},
			"direction=inbound&fetch_contact=true&from=1584998199&phone_number=%2B33631000000&tags%5B%5D=12&tags%5B%5D=13&user_id=456"},
		{&CallGetOptions{}, ""},
		{&CallGetOptions{FetchContact: true}, "fetch_contact=true"},
		{&ContactListOptions{}, ""},
		{&ContactListOptions{ListOptions: lo, OrderBy: ContactOrderByUpdatedAt}, "order_by=updated_at&page=2&per_page=50"},
		{&ContactSearchOptions{}, ""},
		{&ContactSearchOptions{ContactListOptions: ContactListOptions{TimeRange: TimeRange{To: to}}, PhoneNumber: "+33631000000", Email: "a@b.co"},
			"email=a%40b.co&phone_number=%2B33631000000&to=1585998199"},
		{&IntegrationEnableOptions{}, ""},
		{&IntegrationEnableOptions{Install: true}, "install=true"},
	}
	for _, tt := range tests {
		q, err := query.Values(tt.opts)
		if err != nil {
			t.Errorf("%T: %v", tt.opts, err)
			continue
		}
		if got := q.Encode(); got != tt.want {
			t.Errorf("%T %+v:\n got %s\nwant %s", tt.opts, tt.opts, got, tt.want)
		}
	}
}

// rawItem is an item with a key the SDK type does not know, to check that
// RawItems keeps what the server sent.
type rawItem struct {
	ID    ID     `json:"id"`
	At    int64  `json:"started_at"`
	Extra string `json:"sid"`
}

func TestPagesYieldMetaResponseAndRawItems(t *testing.T) {
	t.Parallel()
	items := make([]rawItem, 120)
	for i := range items {
		items[i] = rawItem{ID: ID(1 + i), At: 1600000000 + int64(i), Extra: "CA" + strconv.Itoa(i)}
	}
	s := &capServer[rawItem]{key: "calls", items: items, stamp: func(it rawItem) int64 { return it.At }}
	ts := newTestServer(t)
	ts.mux.Handle("GET /v1/calls", s)
	c := ts.client(t)

	var pages []*Page[item]
	for pg, err := range newPager[item](c, "/v1/calls", "calls", nil).pages(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, pg)
	}
	if len(pages) != 3 || s.requests.Load() != 3 {
		t.Fatalf("%d pages in %d requests, want 3 in 3", len(pages), s.requests.Load())
	}
	next := 0
	for i, pg := range pages {
		if pg.Response == nil || pg.Response.StatusCode != 200 || pg.Response.Meta != pg.Meta {
			t.Errorf("page %d: Response %+v", i+1, pg.Response)
		}
		want := &Meta{Count: len(pg.Items), Total: 120, CurrentPage: i + 1, PerPage: 50, NextPageLink: pg.Meta.NextPageLink}
		if d := diff(want, pg.Meta); d != "" {
			t.Errorf("page %d Meta (-want +got):\n%s", i+1, d)
		}
		raw, err := pg.RawItems()
		if err != nil {
			t.Fatal(err)
		}
		if len(raw) != len(pg.Items) {
			t.Fatalf("page %d: %d raw items for %d items", i+1, len(raw), len(pg.Items))
		}
		for j, r := range raw {
			wantRaw, _ := json.Marshal(items[next]) // what the server sent, sid included
			if string(r) != string(wantRaw) || pg.Items[j].ID != items[next].ID {
				t.Errorf("page %d item %d: raw %s, item %d; want %s", i+1, j, r, pg.Items[j].ID, wantRaw)
			}
			next++
		}
	}
	if next != 120 {
		t.Errorf("pages held %d items, want 120", next)
	}
}

func TestPagesSkipWindowDuplicatesLikeAll(t *testing.T) {
	t.Parallel()
	for _, exclusive := range []bool{false, true} {
		t.Run(fmt.Sprintf("exclusive=%v", exclusive), func(t *testing.T) {
			t.Parallel()
			s := itemServer(makeItems(400, 3, 1600000000))
			s.cap, s.exclusive = 100, exclusive
			c := listClient(t, s, 100)
			p := newPager[item](c, "/v1/calls", "calls", &ListOptions{PerPage: 10}).byCursor("started_at", stampItem)
			all := collectItems(t, p.all(context.Background()))
			var fromPages []item
			shorter := 0
			for pg, err := range p.pages(context.Background()) {
				if err != nil {
					t.Fatal(err)
				}
				raw, err := pg.RawItems()
				if err != nil {
					t.Fatal(err)
				}
				if len(pg.Items) < pg.Meta.Count {
					shorter++
				}
				if len(raw) != len(pg.Items) {
					t.Fatalf("%d raw items for %d items", len(raw), len(pg.Items))
				}
				for j, r := range raw {
					var it item
					if err := json.Unmarshal(r, &it); err != nil || it != *pg.Items[j] {
						t.Errorf("raw item %d = %s, item %+v: not aligned", j, r, *pg.Items[j])
					}
					fromPages = append(fromPages, *pg.Items[j])
				}
			}
			if d := diff(all, fromPages); d != "" {
				t.Errorf("pages' items differ from All (-all +pages):\n%s", d)
			}
			if len(all) != 400 || shorter == 0 {
				t.Errorf("All yielded %d items, %d pages skipped duplicates; want 400 and at least 1", len(all), shorter)
			}
		})
	}
}

func TestPagesStopOnBreak(t *testing.T) {
	t.Parallel()
	s := itemServer(makeItems(500, 1, 1600000000))
	c := listClient(t, s, defaultListCap)
	for range newPager[item](c, "/v1/calls", "calls", nil).pages(context.Background()) {
		break
	}
	// One page: the loop broke on the first.
	s.expectRequestCount(t, 1)
}

// TestPagingNeverStopsEarly walks lists of every size around page
// boundaries under both meta shapes: link keys null on the last page (most
// lists), and no link keys at all (GET /v1/webhooks).
func TestPagingNeverStopsEarly(t *testing.T) {
	t.Parallel()
	for _, noLinks := range []bool{false, true} {
		for _, n := range []int{0, 49, 50, 51, 99, 100, 101} {
			t.Run(fmt.Sprintf("noLinks=%v/%d", noLinks, n), func(t *testing.T) {
				t.Parallel()
				s := itemServer(makeItems(n, 1, 1600000000))
				s.noLinks = noLinks
				c := listClient(t, s, defaultListCap)
				got := collectItems(t, newPager[item](c, "/v1/calls", "calls", nil).all(context.Background()))
				if d := diff(s.items, got, cmpopts.EquateEmpty()); d != "" {
					t.Errorf("items (-want +got):\n%s", d)
				}
				want := max((n+49)/50, 1)
				if noLinks && n > 0 && n%50 == 0 {
					want++ // a full last page without links is followed by one empty page
				}
				s.expectRequestCount(t, int64(want))
			})
		}
	}
}

func TestPagingWithoutLinksFollowsTotal(t *testing.T) {
	t.Parallel()
	// A server that serves fewer items a page than asked: the short pages
	// are not the end while total says more remain.
	s := itemServer(makeItems(70, 1, 1600000000))
	s.noLinks, s.maxPer = true, 20
	c := listClient(t, s, defaultListCap)
	got := collectItems(t, newPager[item](c, "/v1/calls", "calls", nil).all(context.Background()))
	if len(got) != 70 {
		t.Errorf("got %d items, want 70", len(got))
	}
	s.expectRequestCount(t, 4)
}

func TestPagingEndsOnAnEmptyPage(t *testing.T) {
	t.Parallel()
	// A server that always claims more: a next link and a total it never reaches.
	ts, c := numberedServer(t, "GET /v1/calls", func(w http.ResponseWriter, n int64) {
		if n <= 2 {
			fmt.Fprintf(w, `{"meta":{"count":1,"total":1000,"current_page":%d,"per_page":1,"next_page_link":"x"},"calls":[{"id":%d,"started_at":1}]}`, n, n)
			return
		}
		fmt.Fprint(w, `{"meta":{"count":0,"total":1000,"current_page":3,"per_page":1,"next_page_link":"x"},"calls":[]}`)
	})
	got := collectItems(t, newPager[item](c, "/v1/calls", "calls", &ListOptions{PerPage: 1}).all(context.Background()))
	if n := ts.requests.Load(); len(got) != 2 || n != 3 {
		t.Errorf("got %d items in %d requests, want 2 in 3", len(got), n)
	}
}

func TestWebhooksAllWithoutLinkKeys(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	hooks := make([]map[string]any, 60)
	for i := range hooks {
		hooks[i] = map[string]any{"id": 44215352 + i, "webhook_id": fmt.Sprintf("7c97a580-72dc-47f0-b593-%012d", i),
			"url": "https://example.com/hook", "active": true, "events": []string{"number.created"}, "token": "tok",
			"created_at": "2026-09-28T14:07:54.001Z"}
	}
	ts.handle("GET /v1/webhooks", func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		per, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
		lo, hi := min((page-1)*per, 60), min(page*per, 60)
		b, _ := jsonMarshal(map[string]any{"meta": map[string]any{"count": hi - lo, "total": 60, "current_page": page, "per_page": per}, "webhooks": hooks[lo:hi]})
		w.Write(b)
	})
	got := collect(t, ts.client(t).Webhooks.All(context.Background(), nil))
	if len(got) != 60 || got[59].WebhookID != "7c97a580-72dc-47f0-b593-000000000059" {
		t.Errorf("All yielded %d webhooks, want 60", len(got))
	}
}

func TestPerPageAboveTheMaximumIsRefused(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		call func(*Client) error
	}{
		{"List", func(c *Client) error {
			return errOf(c.Calls.List(ctx, &CallListOptions{ListOptions: ListOptions{PerPage: 51}}))
		}},
		{"All", func(c *Client) error {
			for _, err := range c.Teams.All(ctx, &TeamListOptions{ListOptions: ListOptions{PerPage: 100}}) {
				return err
			}
			return nil
		}},
		{"Pages", func(c *Client) error {
			for _, err := range c.Tags.Pages(ctx, &ListOptions{PerPage: 51}) {
				return err
			}
			return nil
		}},
		{"negative", func(c *Client) error {
			return errOf(c.Users.List(ctx, &UserListOptions{ListOptions: ListOptions{PerPage: -1}}))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			expectParamError(t, tc.call(ts.client(t)), "per_page")
			ts.expectNoRequests(t)
		})
	}
}

func TestMaxPerPageRaisesTheLimit(t *testing.T) {
	t.Parallel()
	s := itemServer(makeItems(250, 1, 1600000000))
	s.maxPer = 100
	c := listClient(t, s, defaultListCap)
	got := collectItems(t, newPager[item](c, "/v1/calls", "calls", nil).maxPerPage(100).all(context.Background()))
	if len(got) != 250 || s.requests.Load() != 3 {
		t.Errorf("got %d items in %d requests, want 250 in 3 (100 a page)", len(got), s.requests.Load())
	}
	items, _, err := newPager[item](c, "/v1/calls", "calls", &ListOptions{PerPage: 100}).maxPerPage(100).list(context.Background())
	if err != nil || len(items) != 100 {
		t.Errorf("list with per_page=100: %d items, %v", len(items), err)
	}
	_, _, err = newPager[item](c, "/v1/calls", "calls", &ListOptions{PerPage: 101}).maxPerPage(100).list(context.Background())
	expectParamError(t, err, "per_page")
}

func TestRawItemsOfAMalformedBody(t *testing.T) {
	t.Parallel()
	pg := &Page[item]{Items: []*item{{ID: 1}}, key: "calls", body: []byte(`{"meta":{},"calls":{"id":1}}`)}
	if _, err := pg.RawItems(); err == nil {
		t.Error("RawItems of a body whose list is an object: no error")
	}
	pg.body = []byte(`{"calls":[{"id":1},{"id":2}],"meta":{}}`)
	if _, err := pg.RawItems(); err == nil {
		t.Error("RawItems with more raw items than decoded: no error")
	}
}

func BenchmarkEncodeQuery(b *testing.B) {
	opts := &CallSearchOptions{ListOptions: ListOptions{Page: 3, PerPage: 50},
		TimeRange: TimeRange{From: time.Unix(1584998199, 0), To: time.Unix(1585998199, 0), Order: OrderDesc},
		Direction: CallInbound, UserID: 456, Tags: []ID{1, 2, 3}, FetchContact: true}
	b.ReportAllocs()
	for b.Loop() {
		encodeQuery(opts)
	}
}

func TestPagingStopsWhenTheServerIgnoresPage(t *testing.T) {
	t.Parallel()
	// Always page 1, full, no link keys, total that says more.
	ts, c := numberedServer(t, "GET /v1/webhooks", func(w http.ResponseWriter, _ int64) {
		fmt.Fprint(w, `{"meta":{"count":1,"total":5,"current_page":1,"per_page":1},"webhooks":[{"id":1,"started_at":1}]}`)
	})
	got := collectItems(t, newPager[item](c, "/v1/webhooks", "webhooks", &ListOptions{PerPage: 1}).all(context.Background()))
	if n := ts.requests.Load(); len(got) != 1 || n != 2 {
		t.Errorf("got %d items in %d requests, want 1 in 2", len(got), n)
	}
}

// TestURLTagsOmitEmpty reads the package's source and checks every `url`
// struct tag: go-querystring sends zero values unless a field says
// omitempty (fetch_contact=false, page=0), and encodes a time.Time as
// RFC 3339 unless it says unix, where the API wants Unix seconds.
func TestURLTagsOmitEmpty(t *testing.T) {
	t.Parallel()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			field, ok := n.(*ast.Field)
			if !ok || field.Tag == nil {
				return true
			}
			tag, _ := strconv.Unquote(field.Tag.Value)
			v, ok := reflect.StructTag(tag).Lookup("url")
			if !ok || v == "-" {
				return true
			}
			checked++
			opts := strings.Split(v, ",")[1:]
			if !slices.Contains(opts, "omitempty") {
				t.Errorf("%s: url tag %q lacks omitempty", fset.Position(field.Pos()), v)
			}
			if typ, ok := field.Type.(*ast.SelectorExpr); ok && typ.Sel.Name == "Time" && !slices.Contains(opts, "unix") && !slices.Contains(opts, "unixmilli") {
				t.Errorf("%s: time.Time url tag %q lacks unix", fset.Position(field.Pos()), v)
			}
			return true
		})
	}
	if checked < 10 {
		t.Errorf("checked %d url tags: the source was not read", checked)
	}
}

func TestListReturnsTheResponseOfAnError(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/tags", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-AircallApi-Limit", "60")
		w.Header().Set("X-AircallApi-Remaining", "12")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"message":"Forbidden"}`)
	})
	_, resp, err := ts.client(t, WithRetryPolicy(RetryPolicy{})).Tags.List(context.Background(), nil)
	if !errors.Is(err, ErrUnauthorized) || resp == nil || resp.StatusCode != http.StatusForbidden || resp.Rate.Remaining != 12 {
		t.Errorf("resp %+v, err %v; want the 403 Response with its rate", resp, err)
	}
}

// A list whose meta has a total but no current_page nor link keys, served
// by a server that ignores page, ends once the total is passed instead of
// yielding the same full page forever.
func TestPagesPastTotalEnd(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	items := make([]string, 50)
	for i := range items {
		items[i] = fmt.Sprintf(`{"webhook_id":"w%d","url":"https://example.com/h","active":true}`, i)
	}
	body := `{"webhooks":[` + strings.Join(items, ",") + `],"meta":{"count":50,"total":50,"per_page":50}}`
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ts.handle("GET /v1/webhooks", func(w http.ResponseWriter, r *http.Request) {
		if ts.requests.Load() > 5 {
			cancel() // the iteration loops: stop it
		}
		io.WriteString(w, body)
	})
	got := 0
	for _, err := range ts.client(t).Webhooks.All(ctx, nil) {
		if err != nil {
			t.Fatalf("All: %v after %d webhooks", err, got)
		}
		got++
	}
	if got != 50 {
		t.Errorf("All yielded %d webhooks, want the 50 of the total", got)
	}
}
