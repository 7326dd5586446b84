package webhook

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"sync"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// withData returns body with the members of its data replaced by set
// (each value is JSON), keeping the envelope (event, timestamp, token).
func withData(t testing.TB, body []byte, set map[string]string) []byte {
	t.Helper()
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatal(err)
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal(env["data"], &data); err != nil {
		t.Fatal(err)
	}
	for k, v := range set {
		data[k] = json.RawMessage(v)
	}
	b, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	env["data"] = b
	out, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// counter counts the events its handlers receive, by Key.
type counter struct {
	mu   sync.Mutex
	seen map[string]int
}

func (c *counter) add(ev *Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen == nil {
		c.seen = map[string]int{}
	}
	c.seen[string(ev.Data)]++
}

// total returns how many events were handled, and how many distinct bodies.
func (c *counter) total() (calls, distinct int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.seen {
		calls += n
	}
	return calls, len(c.seen)
}

const (
	tag678 = `{"id":678,"name":"General Inquiries","created_at":1587995020}`
	tag679 = `{"id":679,"name":"Upsell","created_at":1587995020}`
)

// distinctPairs are two events about one resource in one second that differ
// only in data: the issue's "an agent adds two tags" and "a contact gets a
// phone number, then an email".
func distinctPairs(t testing.TB) map[string][2][]byte {
	tagged := fixture(t, "call_tagged.json")
	contact := fixture(t, "contact_updated.json")
	return map[string][2][]byte{
		"two tags in one second": {
			withData(t, tagged, map[string]string{"tags": "[" + tag678 + "]"}),
			withData(t, tagged, map[string]string{"tags": "[" + tag678 + "," + tag679 + "]"}),
		},
		"two contact updates in one second": {
			withData(t, contact, map[string]string{"phone_numbers": `[{"id":3367,"label":"Mobile","value":"+34664673697"}]`, "emails": `[]`}),
			withData(t, contact, map[string]string{"phone_numbers": `[{"id":3367,"label":"Mobile","value":"+34664673697"}]`, "emails": `[{"id":4411,"label":"Work","value":"v.abad@lerox.example"}]`}),
		},
	}
}

func countingHandler(t *testing.T, c *counter, opts ...Option) *Handler {
	h := newTestHandler(t, opts...)
	h.Fallback(func(_ context.Context, ev *Event) error { c.add(ev); return nil })
	return h
}

// Two distinct events about one resource in one second both reach their
// handler, and each exact redelivery is dropped: 4 distinct events in 8
// deliveries give 4 calls, none lost and none doubled.
func TestDedupeDistinctEventsInOneSecond(t *testing.T) {
	t.Parallel()
	var c counter
	h := countingHandler(t, &c, WithDeduper(NewMemoryDeduper(100)))
	sent := 0
	for name, pair := range distinctPairs(t) {
		for _, body := range [][]byte{pair[0], pair[1], pair[0], pair[1]} {
			sent++
			if w := webhooktest.Post(h, body); w.Code != http.StatusOK {
				t.Errorf("%s: status %d, want 200", name, w.Code)
			}
		}
	}
	calls, distinct := c.total()
	if lost, doubled := 4-distinct, calls-distinct; lost != 0 || doubled != 0 {
		t.Errorf("%d deliveries of 4 distinct events: %d lost, %d doubled (handler calls %d)", sent, lost, doubled, calls)
	}
}

// An exact redelivery is a duplicate, whether the body is the same bytes or
// the same event re-encoded (whitespace, HTML escaping), as it comes out of
// a Queue.
func TestEventKeyExactRedelivery(t *testing.T) {
	t.Parallel()
	for _, file := range []string{"call_tagged.json", "contact_updated.json", "message_sent.json", "unknown_event.json"} {
		body := fixture(t, file)
		a, b := mustParseBody(t, body), mustParseBody(t, append([]byte(nil), body...))
		if a.Key() != b.Key() {
			t.Errorf("%s: the same body gives keys %q and %q", file, a.Key(), b.Key())
		}
		stored, err := MarshalEvent(a)
		if err != nil {
			t.Fatal(err)
		}
		q, err := UnmarshalEvent(stored)
		if err != nil {
			t.Fatal(err)
		}
		if a.Key() != q.Key() {
			t.Errorf("%s: re-encoded for a Queue, key %q became %q", file, a.Key(), q.Key())
		}
	}
	// HTML characters: encoding/json escapes them when re-encoding data.
	raw := []byte(`{"event":"x.y","timestamp":1,"token":"45XXYYZZa08","data":{"id":7,"note":"a < b & c"}}`)
	esc := []byte(`{"event":"x.y","timestamp":1,"token":"45XXYYZZa08","data": { "id":7, "note":"a \u003c b \u0026 c" } }`)
	if a, b := mustParseBody(t, raw).Key(), mustParseBody(t, esc).Key(); a != b {
		t.Errorf("the same data, HTML-escaped and spaced: keys %q and %q", a, b)
	}
}

// The key reads name/id/timestamp/hash, short and stable across processes
// and releases: the Redis Deduper stores it.
func TestEventKeyForm(t *testing.T) {
	t.Parallel()
	form := regexp.MustCompile(`^[a-z_.0-9]+/(\d+|-)/\d+/[0-9a-f]{32}$`)
	for _, tc := range []struct{ file, prefix string }{
		{"call_ended.json", "call.ended/1001/1585002050/"},
		{"user_created.json", "user.created/457/1585601319/"},
		{"contact_updated.json", "contact.updated/710/158561587/"},
		{"integration_deleted.json", "integration.deleted/42/158554819/"},
		{"message_sent.json", "message.sent/-/"},
	} {
		k := mustParseBody(t, fixture(t, tc.file)).Key()
		if !form.MatchString(k) || k[:len(tc.prefix)] != tc.prefix {
			t.Errorf("%s: Key = %q, want %s<hash> of the form %s", tc.file, k, tc.prefix, form)
		}
	}
	// A golden key: a change of the hash input would make every receiver
	// running the new release process again what the old one recorded.
	body := []byte(`{"resource":"call","event":"call.tagged","timestamp":1585601319,"token":"45XXYYZZa08","data":{"id":812,"tags":[{"id":678,"name":"General Inquiries"}]}}`)
	if got, want := mustParseBody(t, body).Key(), "call.tagged/812/1585601319/6d0664f93a32c5119dced366b8bb95ea"; got != want {
		t.Errorf("Key = %q, want %q", got, want)
	}
}

// Redeliveries in flight: an exact redelivery that arrives while the first
// delivery runs is refused with 503 (not lost if the first fails), while a
// distinct event about the same call in the same second runs at once.
func TestDedupeRedeliveriesInFlight(t *testing.T) {
	t.Parallel()
	pair := distinctPairs(t)["two tags in one second"]
	var c counter
	h := newTestHandler(t, WithDeduper(NewMemoryDeduper(100)))
	started, finish := make(chan struct{}), make(chan struct{})
	var once sync.Once
	h.OnCall(aircall.EventCallTagged, func(_ context.Context, ev *CallEvent) error {
		c.add(ev.Event)
		if len(ev.Call.Tags) == 1 {
			once.Do(func() { close(started); <-finish })
		}
		return nil
	})
	first := make(chan int)
	go func() { first <- webhooktest.Post(h, pair[0]).Code }()
	<-started
	if w := webhooktest.Post(h, pair[0]); w.Code != http.StatusServiceUnavailable {
		t.Errorf("exact redelivery in flight: status %d, want 503", w.Code)
	}
	if w := webhooktest.Post(h, pair[1]); w.Code != http.StatusOK {
		t.Errorf("distinct event while the first runs: status %d, want 200", w.Code)
	}
	close(finish)
	if code := <-first; code != http.StatusOK {
		t.Errorf("first delivery: status %d", code)
	}
	for _, body := range pair {
		if w := webhooktest.Post(h, body); w.Code != http.StatusOK {
			t.Errorf("late redelivery: status %d", w.Code)
		}
	}
	if calls, distinct := c.total(); calls != 2 || distinct != 2 {
		t.Errorf("handler calls %d for %d distinct events, want 2 and 2", calls, distinct)
	}
}
