package aircalltest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// fakeClock is a settable clock for WithClock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock(t time.Time) *fakeClock { return &fakeClock{t: t} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestCallsAllPastTheCap(t *testing.T) {
	t.Parallel()
	const n = 25000
	to := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	from := to.Add(-90 * 24 * time.Hour)
	for _, exclusive := range []bool{false, true} {
		t.Run(fmt.Sprintf("fromExclusive=%v", exclusive), func(t *testing.T) {
			t.Parallel()
			opts := []Option{WithDemoData(), WithGeneratedCalls(n, from, to)}
			if exclusive {
				opts = append(opts, WithFromExclusive())
			}
			s, c, ctx := start(t, opts...)
			var ids []aircall.ID
			var last int64
			seen := map[aircall.ID]bool{}
			perSecond := map[int64]int{}
			for call, err := range c.Calls.All(ctx, &aircall.CallListOptions{TimeRange: aircall.TimeRange{From: from, To: to}}) {
				if err != nil {
					t.Fatalf("after %d calls: %v", len(ids), err)
				}
				if seen[call.ID] {
					t.Fatalf("call %d yielded twice", call.ID)
				}
				seen[call.ID] = true
				perSecond[call.StartedAt.Unix()]++
				if ts := call.StartedAt.Unix(); ts < last {
					t.Fatalf("call %d started at %d, before the previous one (%d)", call.ID, ts, last)
				} else {
					last = ts
				}
				ids = append(ids, call.ID)
			}
			if len(ids) != n {
				t.Fatalf("exported %d calls, want %d", len(ids), n)
			}
			// Generated calls get ascending IDs in started_at order.
			for i, id := range ids {
				if want := aircall.ID(1_000_001 + i); id != want {
					t.Fatalf("call #%d is %d, want %d", i, id, want)
				}
			}
			// The cursor walk starts every page after the first at the last
			// second it yielded, so each page re-reads at most the calls of
			// one second already yielded (k, the most calls in one second)
			// and brings at least 50-k new ones.
			k := 0
			for _, c := range perSecond {
				k = max(k, c)
			}
			requests := s.Stats().Routes["GET /v1/calls"].Requests
			limit := 1 + (n-50+(50-k)-1)/(50-k)
			if requests > limit {
				t.Errorf("%d requests, want at most 1+ceil((N-50)/(50-k)) = %d (k = %d calls in one second at most)", requests, limit, k)
			}
			if s.Stats().Routes["GET /v1/calls"].Successes != requests {
				t.Errorf("some requests failed: %+v", s.Stats().Routes["GET /v1/calls"])
			}
		})
	}
}

// TestCallsAllBelowTheServerCap has a server whose cap (1,000) is lower
// than the SDK's: the SDK meets the documented 400 and must recover.
func TestCallsAllBelowTheServerCap(t *testing.T) {
	t.Parallel()
	const n = 2500
	to := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	from := to.Add(-30 * 24 * time.Hour)
	for _, order := range []aircall.Order{aircall.OrderAsc, aircall.OrderDesc} {
		t.Run(string(order), func(t *testing.T) {
			t.Parallel()
			s := newServer(t, WithGeneratedCalls(n, from, to), WithListCap(1000), WithSeed(7))
			c := client(t, s)
			var ids []aircall.ID
			for call, err := range c.Calls.All(ctxT(t), &aircall.CallListOptions{TimeRange: aircall.TimeRange{Order: order}}) {
				if err != nil {
					t.Fatalf("after %d calls: %v", len(ids), err)
				}
				ids = append(ids, call.ID)
			}
			if len(ids) != n {
				t.Fatalf("got %d calls, want %d", len(ids), n)
			}
			for i, id := range ids {
				want := aircall.ID(1_000_001 + i)
				if order == aircall.OrderDesc {
					want = aircall.ID(1_000_000 + n - i)
				}
				if id != want {
					t.Fatalf("call #%d is %d, want %d", i, id, want)
				}
			}
			// Every page of the cursor walk is the first page of its query,
			// so a server whose cap is lower than the SDK's is never reached.
			if st := s.Stats().Routes["GET /v1/calls"]; st.Successes != st.Requests {
				t.Errorf("%d of %d requests failed: the walk met the server's cap", st.Requests-st.Successes, st.Requests)
			}
		})
	}
}

func TestCapErrorBody(t *testing.T) {
	t.Parallel()
	to := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	s := newServer(t, WithGeneratedCalls(10100, to.Add(-24*time.Hour), to), WithDemoData())
	for _, path := range []string{"/v1/calls?per_page=50&page=201", "/v1/calls/search?per_page=50&page=201&direction=inbound", "/v1/calls?per_page=1&page=10001"} {
		status, body, _ := raw(t, s, "GET", path, "", "")
		if status != 400 {
			t.Errorf("%s: status %d, want 400", path, status)
			continue
		}
		jsonEq(t, body, `{"error":"Bad Request","data":null,"message":"BAD_REQUEST","errors":"Your query is limited to 10k results and pagination is out of bound, please use timestamps or other filters.","troubleshoot":"BAD_REQUEST","success":false}`)
	}
	// The last page inside the cap is served.
	if status, _, _ := raw(t, s, "GET", "/v1/calls?per_page=50&page=200", "", ""); status != 200 {
		t.Errorf("page 200 of 50: status %d, want 200", status)
	}
	// Contacts are capped too.
	s2 := newServer(t, WithDemoData(), WithListCap(2))
	status, body, _ := raw(t, s2, "GET", "/v1/contacts?per_page=2&page=2", "", "")
	if status != 400 || !strings.Contains(body, "limited to 10k results") {
		t.Errorf("contacts past the cap: %d %s", status, body)
	}
	// Other lists are not.
	if status, _, _ := raw(t, s2, "GET", "/v1/users?per_page=2&page=2", "", ""); status != 200 {
		t.Errorf("users page 2: status %d", status)
	}
}

func TestMetaAndPageLinks(t *testing.T) {
	t.Parallel()
	to := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	s := newServer(t, WithGeneratedCalls(45, to.Add(-time.Hour), to))
	base := s.URL()

	_, body, _ := raw(t, s, "GET", "/v1/calls?order=asc&per_page=20&page=2&fetch_contact=true", "", "")
	var page struct {
		Calls []map[string]any `json:"calls"`
		Meta  map[string]any   `json:"meta"`
	}
	mustJSON(t, body, &page)
	wantMeta := map[string]any{
		"count": 20.0, "total": 45.0, "current_page": 2.0, "per_page": 20.0,
		"next_page_link":     base + "/v1/calls?order=asc&page=3&per_page=20",
		"previous_page_link": base + "/v1/calls?order=asc&page=1&per_page=20",
	}
	wantEqual(t, "meta", wantMeta, page.Meta)

	_, body, _ = raw(t, s, "GET", "/v1/calls", "", "")
	mustJSON(t, body, &page)
	if page.Meta["per_page"] != 20.0 || len(page.Calls) != 20 || page.Meta["previous_page_link"] != nil {
		t.Errorf("default page: %v, %d calls", page.Meta, len(page.Calls))
	}
	_, body, _ = raw(t, s, "GET", "/v1/calls?per_page=500&page=1", "", "")
	mustJSON(t, body, &page)
	if page.Meta["per_page"] != 50.0 || len(page.Calls) != 45 || page.Meta["next_page_link"] != nil {
		t.Errorf("per_page=500 page: %v, %d calls; want per_page 50 and no next page", page.Meta, len(page.Calls))
	}
	_, body, _ = raw(t, s, "GET", "/v1/calls?per_page=20&page=9", "", "")
	mustJSON(t, body, &page)
	if page.Meta["count"] != 0.0 || len(page.Calls) != 0 {
		t.Errorf("page past the end: %v", page.Meta)
	}
	if status, _, _ := raw(t, s, "GET", "/v1/calls?from=yesterday", "", ""); status != 400 {
		t.Errorf("from=yesterday: status %d, want 400", status)
	}
}

func TestFromInclusiveOrExclusive(t *testing.T) {
	t.Parallel()
	t0 := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		exclusive bool
		want      int
	}{{false, 2}, {true, 1}} {
		opts := []Option{WithDemoData()}
		if tc.exclusive {
			opts = append(opts, WithFromExclusive())
		}
		s := newServer(t, opts...)
		for _, at := range []time.Time{t0.Add(-time.Second), t0, t0.Add(10 * time.Second)} {
			if _, err := s.SimulateInboundCall(StartedAt(at), WithDuration(time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		q := "/v1/calls?from=" + strconv.FormatInt(t0.Unix(), 10) + "&to=" + strconv.FormatInt(t0.Add(10*time.Second).Unix(), 10)
		_, body, _ := raw(t, s, "GET", q, "", "")
		var page struct{ Calls []aircall.Call }
		mustJSON(t, body, &page)
		if len(page.Calls) != tc.want {
			t.Errorf("exclusive=%v: %d calls from t0 to t0+10s, want %d (to is inclusive)", tc.exclusive, len(page.Calls), tc.want)
		}
	}
}

func TestContactsOrderAndWindows(t *testing.T) {
	t.Parallel()
	clock := newFakeClock(time.Date(2024, 1, 1, 9, 0, 0, 0, time.UTC))
	s, c, ctx := start(t, WithClock(clock.Now))
	var ids []aircall.ID
	for i := range 5 {
		ct, _, err := c.Contacts.Create(ctx, &aircall.ContactCreateParams{FirstName: fmt.Sprint("C", i), PhoneNumbers: []aircall.ContactDetailParams{{Label: "Work", Value: fmt.Sprint("+3361234567", i)}}})
		must(t, err)
		ids = append(ids, ct.ID)
		clock.Advance(time.Minute)
	}
	// Touch the first contact: it becomes the last by updated_at.
	_, _, err := c.Contacts.Update(ctx, ids[0], &aircall.ContactUpdateParams{LastName: aircall.Ptr("Updated")})
	must(t, err)

	got := func(opts *aircall.ContactListOptions) []aircall.ID {
		list, _, err := c.Contacts.List(ctx, opts)
		must(t, err)
		var out []aircall.ID
		for _, x := range list {
			out = append(out, x.ID)
		}
		return out
	}
	wantEqual(t, "by created_at", ids, got(nil))
	wantUpdated := append(append([]aircall.ID{}, ids[1:]...), ids[0])
	wantEqual(t, "by updated_at", wantUpdated, got(&aircall.ContactListOptions{OrderBy: aircall.ContactOrderByUpdatedAt}))
	desc := got(&aircall.ContactListOptions{TimeRange: aircall.TimeRange{Order: aircall.OrderDesc}})
	if desc[0] != ids[4] {
		t.Errorf("desc starts with %d, want %d", desc[0], ids[4])
	}
	from := clock.Now().Add(-3 * time.Minute) // created at minutes 0..4, now is minute 5
	wantEqual(t, "from minute 2", ids[2:], got(&aircall.ContactListOptions{TimeRange: aircall.TimeRange{From: from}}))
	if status, _, _ := raw(t, s, "GET", "/v1/contacts?order_by=name", "", ""); status != http.StatusBadRequest {
		t.Errorf("order_by=name: status %d, want 400", status)
	}
}

// BenchmarkGenerateCalls measures starting a Server with 25,000 calls.
func BenchmarkGenerateCalls(b *testing.B) {
	to := time.Now()
	for b.Loop() {
		s, err := New(WithDemoData(), WithGeneratedCalls(25000, to.Add(-90*24*time.Hour), to))
		if err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}

func TestGeneratedCalls(t *testing.T) {
	t.Parallel()
	to := time.Now()
	s := newServer(t, WithDemoData(), WithGeneratedCalls(25000, to.Add(-90*24*time.Hour), to))
	_, body, _ := raw(t, s, "GET", "/v1/calls?per_page=1", "", "")
	var page struct{ Meta aircall.Meta }
	mustJSON(t, body, &page)
	if page.Meta.Total != 25003 {
		t.Errorf("total = %d, want 25,000 generated + 3 demo calls", page.Meta.Total)
	}
}

func mustJSON(t *testing.T, body string, v any) {
	t.Helper()
	if err := jsonUnmarshal(body, v); err != nil {
		t.Fatalf("decoding %q: %v", truncate(body, 200), err)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }
