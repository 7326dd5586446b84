package webhook

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"
)

// TestParseDataIsASliceOfBody checks what ParseContext documents: Data is
// the body's data member in place, not a copy, and the decoded call does
// not depend on the body.
func TestParseDataIsASliceOfBody(t *testing.T) {
	t.Parallel()
	body := fixture(t, "call_ended.json")
	ev, err := Parse(body, Tokens(testToken))
	if err != nil {
		t.Fatal(err)
	}
	start := bytes.Index(body, []byte(`{
    "id": 1001`))
	if start < 0 || !bytes.HasPrefix(body[start:], ev.Data) {
		t.Fatalf("Data is not the data member of the body:\n%s", ev.Data)
	}
	name := ev.Call().User.Name
	clear(body)
	if ev.Data[0] != 0 {
		t.Errorf("Data is a copy of the body, want a slice of it")
	}
	if got := ev.Call().User.Name; got != name || got != "John Doe" {
		t.Errorf("after the body is cleared, Call().User.Name = %q, want %q", got, "John Doe")
	}
}

// TestHandlerEventOwnsItsData checks that an event the Handler delivered
// keeps its Data when the Handler reuses its body buffer for the next
// request.
func TestHandlerEventOwnsItsData(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t)
	var kept [][]byte
	var events []*Event
	h.On(aircall.EventCallEnded, func(_ context.Context, ev *Event) error {
		events = append(events, ev)
		kept = append(kept, bytes.Clone(ev.Data))
		return nil
	})
	first := fixture(t, "call_ended.json")
	second := bytes.Replace(first, []byte(`"id": 1001`), []byte(`"id": 2002`), 1)
	for _, body := range [][]byte{first, second, first} {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body)))
		if w.Code != http.StatusOK {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
	if len(events) != 3 {
		t.Fatalf("%d events, want 3", len(events))
	}
	for i, ev := range events {
		if !bytes.Equal(ev.Data, kept[i]) {
			t.Errorf("event %d: Data changed after later requests:\n%s\nwant\n%s", i, ev.Data, kept[i])
		}
	}
	if !bytes.Contains(events[1].Data, []byte(`"id": 2002`)) {
		t.Errorf("second event Data = %s, want id 2002", events[1].Data)
	}
}
