//lint:file-ignore SA1019 the webhook package still receives and dispatches the V1 user events Aircall sends
package webhook

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// onlyReader hides the concrete reader so that httptest.NewRequest leaves
// ContentLength unknown, as with a chunked request.
type onlyReader struct{ io.Reader }

func TestHandlerMethodNotAllowed(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t)
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodHead} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(m, "/", nil))
		if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != http.MethodPost {
			t.Errorf("%s: status %d, Allow %q", m, w.Code, w.Header().Get("Allow"))
		}
	}
}

func TestHandlerBodyTooLarge(t *testing.T) {
	t.Parallel()
	var called atomic.Bool
	small := newTestHandler(t, WithMaxBodyBytes(512))
	small.Fallback(func(context.Context, *Event) error { called.Store(true); return nil })
	body := fixture(t, "call_ended.json") // about 3.5 KB

	if w := webhooktest.Post(small, body); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("declared length: status %d", w.Code)
	}
	w := httptest.NewRecorder()
	small.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/", onlyReader{bytes.NewReader(body)}))
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("unknown length: status %d", w.Code)
	}

	// The default cap is 1 MiB: a valid event padded past it is refused,
	// one just under it is accepted.
	def := newTestHandler(t)
	pad := func(n int) []byte {
		return []byte(`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"pad":"` + strings.Repeat("x", n) + `"}`)
	}
	over := pad(DefaultMaxBodyBytes)
	if w := webhooktest.Post(def, over); w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("1 MiB + n: status %d", w.Code)
	}
	under := pad(DefaultMaxBodyBytes - 200)
	if w := webhooktest.Post(def, under); w.Code != http.StatusOK {
		t.Errorf("just under 1 MiB: status %d", w.Code)
	}
	if called.Load() {
		t.Error("handler called for an oversized body")
	}
	if _, err := NewHandler(nil, WithMaxBodyBytes(0)); err == nil {
		t.Error("WithMaxBodyBytes(0) accepted")
	}
}

func TestHandlerRejections(t *testing.T) {
	t.Parallel()
	var called atomic.Int32
	h := newTestHandler(t)
	h.OnAnyCall(func(context.Context, *CallEvent) error { called.Add(1); return nil })
	h.Fallback(func(context.Context, *Event) error { called.Add(1); return nil })
	body := fixture(t, "call_ended.json")
	for _, tc := range []struct {
		name string
		body []byte
		want int
	}{
		{"malformed JSON", []byte(`{"event":"call.ended",`), http.StatusBadRequest},
		{"not an object", []byte(`"call.ended"`), http.StatusBadRequest},
		{"empty body", nil, http.StatusBadRequest},
		{"data of the wrong type", []byte(`{"event":"call.ended","token":"45XXYYZZa08","data":[1]}`), http.StatusBadRequest},
		{"wrong token", withToken(t, body, `"nope"`), http.StatusUnauthorized},
		{"empty token", withToken(t, body, `""`), http.StatusUnauthorized},
		{"missing token", withToken(t, body, ``), http.StatusUnauthorized},
		{"numeric token", withToken(t, body, `12345`), http.StatusUnauthorized},
		// A bad token is refused before the data is looked at.
		{"wrong token, bad data", []byte(`{"event":"call.ended","token":"nope","data":[1]}`), http.StatusUnauthorized},
	} {
		if w := webhooktest.Post(h, tc.body); w.Code != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, w.Code, tc.want)
		}
	}
	if n := called.Load(); n != 0 {
		t.Errorf("handlers called %d times for rejected requests", n)
	}
}

func TestHandlerFailsClosed(t *testing.T) {
	t.Parallel()
	logger, logs := testLogger()
	h, err := NewHandler(nil, WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	var called atomic.Bool
	h.Fallback(func(context.Context, *Event) error { called.Store(true); return nil })
	for _, tok := range []string{testToken, "", "x"} {
		if w := webhooktest.Send(t, h, aircall.EventCallEnded, tok, map[string]any{"id": 1}); w.Code != http.StatusUnauthorized {
			t.Errorf("token %q: status %d", tok, w.Code)
		}
	}
	if called.Load() {
		t.Error("handler called without a configured token")
	}
	if !strings.Contains(logs.String(), "no token configured") {
		t.Errorf("logs do not explain the rejection:\n%s", logs)
	}
}

func TestHandlerDispatch(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t)
	var got []string
	h.OnCall(aircall.EventCallEnded, logTo(&got, func(ev *CallEvent) string { return "OnCall " + string(ev.Name) + " " + ev.Call.ID.String() }))
	h.OnAnyCall(logTo(&got, func(ev *CallEvent) string { return "OnAnyCall " + string(ev.Name) }))
	h.OnUser(aircall.EventUserCreated, logTo(&got, func(ev *UserEvent) string { return "OnUser " + ev.User.Name }))
	h.OnAnyNumber(logTo(&got, func(ev *NumberEvent) string { return "OnAnyNumber " + ev.Number.Name }))
	h.OnContact(aircall.EventContactUpdated, logTo(&got, func(ev *ContactEvent) string { return "OnContact " + ev.Contact.FirstName }))
	h.OnIntegration(aircall.EventIntegrationDeleted, logTo(&got, func(ev *IntegrationEvent) string {
		return "OnIntegration " + ev.Integration.IntegrationID.String()
	}))
	h.On("call.summary_generated", logTo(&got, func(ev *Event) string { return "On " + string(ev.Name) }))
	h.Fallback(logTo(&got, func(ev *Event) string { return "Fallback " + string(ev.Name) }))
	// An undocumented event, even in a known resource, reaches the fallback.
	postAllOK(t, h, []string{
		"call_ended.json", "call_hold.json", "user_created.json", "user_deleted.json",
		"number_closed.json", "contact_updated.json", "contact_created.json",
		"integration_deleted.json", "unknown_event.json",
	}, "call.teleported", map[string]any{"id": 9})
	want := []string{
		"OnCall call.ended 1001",
		"OnAnyCall call.hold",
		"OnUser Jane Smith",
		"Fallback user.deleted",
		"OnAnyNumber My first Aircall Number",
		"OnContact Vicente UPDATED",
		"Fallback contact.created",
		"OnIntegration 42",
		"On call.summary_generated",
		"Fallback call.teleported",
	}
	if d := diff(want, got); d != "" {
		t.Errorf("dispatch (-want +got):\n%s", d)
	}
}

func TestHandlerUnknownEventWithoutFallback(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t)
	for _, body := range [][]byte{
		fixture(t, "unknown_event.json"),
		webhooktest.NewBody(t, "sms.received", testToken, rawJSON(`{"id":"x","body":"hi"}`)),
		webhooktest.NewBody(t, "call.teleported", testToken, rawJSON(`"not even an object"`)),
		fixture(t, "user_created.json"), // documented, but nobody registered
	} {
		if w := webhooktest.Post(h, body); w.Code != http.StatusOK {
			t.Errorf("status %d for %s", w.Code, body)
		}
	}
}

func rawJSON(s string) []byte { return []byte(s) }

func TestHandlerErrorGives500(t *testing.T) {
	t.Parallel()
	var reported atomic.Value
	h := newTestHandler(t, WithErrorHandler(func(_ context.Context, ev *Event, err error) {
		reported.Store(string(ev.Name) + ": " + err.Error())
	}))
	h.OnCall(aircall.EventCallEnded, func(context.Context, *CallEvent) error { return errors.New("CRM unavailable") })
	if w := webhooktest.Post(h, fixture(t, "call_ended.json")); w.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", w.Code)
	}
	if got, _ := reported.Load().(string); got != "call.ended: CRM unavailable" {
		t.Errorf("error handler got %q", got)
	}
}

func TestHandlerRecoversPanic(t *testing.T) {
	t.Parallel()
	logger, logs := testLogger()
	h, err := NewHandler(Tokens(testToken), WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	h.OnCall(aircall.EventCallEnded, func(context.Context, *CallEvent) error { panic("nil map in CRM sync") })
	var after atomic.Int32
	h.OnUser(aircall.EventUserCreated, func(context.Context, *UserEvent) error { after.Add(1); return nil })

	// Through a real loopback server, so that a crash would show.
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	post := func(body []byte) int {
		resp, err := webhooktest.Deliver(context.Background(), srv.Client(), srv.URL, body)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := post(fixture(t, "call_ended.json")); got != http.StatusInternalServerError {
		t.Errorf("panicking handler: status %d, want 500", got)
	}
	if got := post(fixture(t, "user_created.json")); got != http.StatusOK || after.Load() != 1 {
		t.Errorf("next request: status %d, handled %d", got, after.Load())
	}
	if l := logs.String(); !strings.Contains(l, "panicked") || !strings.Contains(l, "nil map in CRM sync") || strings.Contains(l, testToken) {
		t.Errorf("logs:\n%s", l)
	}
	var pe *PanicError
	if err := h.Dispatch(context.Background(), mustParse(t, "call_ended.json")); !errors.As(err, &pe) || pe.Value != "nil map in CRM sync" || len(pe.Stack) == 0 {
		t.Errorf("Dispatch = %v", err)
	}
}

func mustParse(t testing.TB, file string) *Event {
	t.Helper()
	ev, err := Parse(fixture(t, file), Tokens(testToken))
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestHandlerVerifierFailureGives503(t *testing.T) {
	t.Parallel()
	h, err := NewHandler(Lookup(func(context.Context, string) (int, bool, error) {
		return 0, false, errors.New("connection refused")
	}), WithLogger(quietLogger()))
	if err != nil {
		t.Fatal(err)
	}
	if w := webhooktest.Post(h, fixture(t, "call_ended.json")); w.Code != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", w.Code)
	}
}

func TestRegistrationMistakesPanic(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t)
	h.OnCall(aircall.EventCallEnded, func(context.Context, *CallEvent) error { return nil })
	for name, f := range map[string]func(){
		"OnCall with a user event":   func() { h.OnCall(aircall.EventUserCreated, func(context.Context, *CallEvent) error { return nil }) },
		"OnUser with an unknown one": func() { h.OnUser("user.teleported", func(context.Context, *UserEvent) error { return nil }) },
		"OnNumber nil":               func() { h.OnNumber(aircall.EventNumberOpened, nil) },
		"twice":                      func() { h.OnCall(aircall.EventCallEnded, func(context.Context, *CallEvent) error { return nil }) },
		"On and OnCall":              func() { h.On(aircall.EventCallEnded, func(context.Context, *Event) error { return nil }) },
		"On empty":                   func() { h.On("", func(context.Context, *Event) error { return nil }) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func TestAsyncAcknowledgesBeforeHandling(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, WithAsync(1, 4))
	started, release, done := make(chan aircall.ID), make(chan struct{}), make(chan string, 1)
	h.OnCall(aircall.EventCallEnded, func(ctx context.Context, ev *CallEvent) error {
		started <- ev.Call.ID
		<-release
		a, _ := AccountFromContext(ctx)
		done <- "handled " + ev.Call.ID.String() + " account " + func() string {
			if a == nil {
				return "nil"
			}
			return "set"
		}()
		return nil
	})
	w := webhooktest.Post(h, fixture(t, "call_ended.json"))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	// The answer is out; the handler has not finished (it waits on release).
	if id := <-started; id != 1001 {
		t.Errorf("handler got call %d", id)
	}
	select {
	case s := <-done:
		t.Fatalf("handler finished before release: %s", s)
	default:
	}
	close(release)
	if got := <-done; got != "handled 1001 account nil" {
		t.Errorf("got %q", got)
	}
	if err := h.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if w := webhooktest.Post(h, fixture(t, "call_ended.json")); w.Code != http.StatusServiceUnavailable {
		t.Errorf("after Shutdown: status %d, want 503", w.Code)
	}
}

func TestAsyncQueueFull(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, WithAsync(1, 1), WithDeduper(NewMemoryDeduper(10)))
	started, release := make(chan aircall.ID, 3), make(chan struct{})
	var handled atomic.Int32
	h.OnAnyCall(func(_ context.Context, ev *CallEvent) error {
		started <- ev.Call.ID
		<-release
		handled.Add(1)
		return nil
	})
	// 1: taken by the only worker, which blocks.
	if w := webhooktest.Post(h, fixture(t, "call_created.json")); w.Code != http.StatusOK {
		t.Fatalf("first: status %d", w.Code)
	}
	<-started
	// 2: waits in the queue (size 1).
	if w := webhooktest.Post(h, fixture(t, "call_answered.json")); w.Code != http.StatusOK {
		t.Fatalf("second: status %d", w.Code)
	}
	// 3: the queue is full: 503 with Retry-After, so Aircall retries later.
	third := fixture(t, "call_ended.json")
	w := webhooktest.Post(h, third)
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Fatalf("third: status %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	close(release)
	// Shutdown drains the queue: both accepted events are handled.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := h.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if n := handled.Load(); n != 2 {
		t.Errorf("handled %d events, want 2", n)
	}
	// The refused event was not marked as seen: its redelivery is processed.
	h2 := newTestHandler(t, WithDeduper(h.dedupe))
	var again atomic.Int32
	h2.OnCall(aircall.EventCallEnded, func(context.Context, *CallEvent) error { again.Add(1); return nil })
	if w := webhooktest.Post(h2, third); w.Code != http.StatusOK || again.Load() != 1 {
		t.Errorf("redelivery of the refused event: status %d, handled %d", w.Code, again.Load())
	}
}

func TestAsyncShutdownDeadline(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t, WithAsync(1, 2))
	started, cancelled := make(chan struct{}), make(chan error, 1)
	h.OnCall(aircall.EventCallEnded, func(ctx context.Context, _ *CallEvent) error {
		close(started)
		<-ctx.Done() // a handler that only stops when told to
		cancelled <- ctx.Err()
		return ctx.Err()
	})
	if w := webhooktest.Post(h, fixture(t, "call_ended.json")); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := h.Shutdown(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Shutdown = %v, want context.Canceled", err)
	}
	if err := <-cancelled; !errors.Is(err, context.Canceled) {
		t.Errorf("handler context: %v", err)
	}
}

func TestAsyncHandlerErrorIsReported(t *testing.T) {
	t.Parallel()
	errs := make(chan error, 1)
	h := newTestHandler(t, WithAsync(2, 8), WithErrorHandler(func(_ context.Context, _ *Event, err error) { errs <- err }))
	h.OnCall(aircall.EventCallEnded, func(context.Context, *CallEvent) error { panic("boom") })
	if w := webhooktest.Post(h, fixture(t, "call_ended.json")); w.Code != http.StatusOK {
		t.Fatalf("status %d", w.Code)
	}
	var pe *PanicError
	if err := <-errs; !errors.As(err, &pe) || pe.Value != "boom" {
		t.Errorf("reported %v", err)
	}
}

func TestOptionsValidate(t *testing.T) {
	t.Parallel()
	for want, o := range map[string]Option{
		"webhook: WithMaxBodyBytes: must be positive, got -1":                     WithMaxBodyBytes(-1),
		"webhook: WithLogger: nil logger":                                         WithLogger(nil),
		"webhook: WithDeduper: nil Deduper":                                       WithDeduper(nil),
		"webhook: WithAsync: workers and queueSize must be positive, got 0 and 1": WithAsync(0, 1),
		"webhook: WithAsync: workers and queueSize must be positive, got 1 and 0": WithAsync(1, 0),
		"webhook: WithErrorHandler: nil function":                                 WithErrorHandler(nil),
		"webhook: WithQueue: nil Queue":                                           WithQueue(nil),
	} {
		if h, err := NewHandler(Tokens(testToken), o); err == nil || err.Error() != want || h != nil {
			t.Errorf("NewHandler = %v, %v; want the error %q", h, err, want)
		}
	}
}
