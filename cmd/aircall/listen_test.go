package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook"
)

var listening = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)

// receiver records the bodies forwarded to it.
type receiver struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	rc.bodies = append(rc.bodies, b)
	rc.mu.Unlock()
	w.WriteHeader(http.StatusAccepted)
}

// newReceiver starts a receiver on a loopback server closed when t ends,
// and returns it with the server's URL.
func newReceiver(t *testing.T) (*receiver, string) {
	t.Helper()
	rc := &receiver{}
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	return rc, srv.URL
}

func (rc *receiver) all() [][]byte {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([][]byte(nil), rc.bodies...)
}

func TestListenTriggerRoundTrip(t *testing.T) {
	t.Parallel()
	rc, fwdURL := newReceiver(t)
	dir := t.TempDir()
	const token = "whk-7f3e0c2a9b"
	p := start(t, dir, nil, "listen", "--addr", "127.0.0.1:0", "--token", token, "--forward-to", fwdURL, "--json")
	url := waitFor(t, p.stderr, listening)[1]

	// Every event the webhook package knows: the receiver verifies and
	// parses each envelope, listen prints it and forwards it as sent.
	events := aircall.Events()
	for _, ev := range events {
		r := cli(t, dir, nil, "trigger", string(ev), "--to", url, "--token", token, "--print-body")
		wantCode(t, r, 0, "trigger "+string(ev))
		if want := string(ev) + " -> " + url + ": 200 OK\n"; r.stdout != want {
			t.Errorf("trigger %s printed %q, want %q", ev, r.stdout, want)
		}
		// The body parses as this event, with its typed data.
		parsed, err := webhook.Parse([]byte(strings.TrimSpace(r.stderr)), webhook.Tokens(token))
		if err != nil {
			t.Fatalf("trigger %s sent a body the webhook package refuses: %v\n%s", ev, err, r.stderr)
		}
		hasID := parsed.ResourceID() != 0 || !slices.Contains([]string{"call", "user", "number", "contact", "integration"}, ev.Resource())
		if parsed.Name != ev || !parsed.Known() || !hasID {
			t.Errorf("trigger %s: parsed as %s, known %t, resource id %d", ev, parsed.Name, parsed.Known(), parsed.ResourceID())
		}
	}
	out := waitFor(t, p.stdout, regexp.MustCompile(`(?s)(.*"event":"`+regexp.QuoteMeta(string(events[len(events)-1]))+`".*\n)`))[1]
	got := lines(out)
	if len(got) != len(events) {
		t.Fatalf("listen printed %d lines for %d events:\n%s", len(got), len(events), out)
	}
	for i, line := range got {
		var v struct {
			Event     aircall.Event   `json:"event"`
			Resource  string          `json:"resource"`
			Data      json.RawMessage `json:"data"`
			Forwarded string          `json:"forwarded"`
			Token     *string         `json:"token"`
		}
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("listen line %d is not JSON: %q", i+1, line)
		}
		if v.Event != events[i] || v.Resource != events[i].Resource() || len(v.Data) < 10 || v.Forwarded != "202 Accepted" || v.Token != nil {
			t.Errorf("listen line %d: %s", i+1, line)
		}
	}
	// The receiver got the bodies as trigger sent them, token included.
	bodies := rc.all()
	if len(bodies) != len(events) {
		t.Fatalf("forwarded %d bodies, want %d", len(bodies), len(events))
	}
	for i, b := range bodies {
		var env webhook.Envelope
		if err := json.Unmarshal(b, &env); err != nil || env.Event != events[i] || env.Token != token {
			t.Errorf("forwarded body %d: %s", i, b)
		}
	}

	// A wrong token is refused and neither printed nor forwarded.
	r := cli(t, dir, nil, "trigger", "call.ended", "--to", url, "--token", "not-the-token")
	wantOutput(t, r, 1, "trigger with a wrong token", r.stdout, "401 Unauthorized")
	waitFor(t, p.stderr, regexp.MustCompile(`refused a delivery from 127\.0\.0\.1:\d+: 401 Unauthorized \(event with an invalid token rejected\)\n`))
	// Logged once: no other line about it (the Handler's own warning).
	var about []string
	for _, l := range lines(p.stderr.String()) {
		if !strings.HasPrefix(l, "listening on ") {
			about = append(about, l)
		}
	}
	if len(about) != 1 {
		t.Errorf("the refused delivery is logged in %d lines, want 1:\n%s", len(about), strings.Join(about, "\n"))
	}
	if strings.Contains(p.stderr.String(), "not-the-token") {
		t.Error("listen logged the refused token")
	}
	if n := len(rc.all()); n != len(events) {
		t.Errorf("a refused event was forwarded (%d bodies)", n)
	}
	if n := len(lines(p.stdout.String())); n != len(events) {
		t.Errorf("a refused event was printed (%d lines)", n)
	}
}

func TestListenReadableLines(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := start(t, dir, nil, "listen", "--addr", "127.0.0.1:0", "--token", "tok", "--events", "contact.created")
	url := waitFor(t, p.stderr, listening)[1]
	for _, ev := range []string{"call.ended", "contact.created"} {
		wantCode(t, cli(t, dir, nil, "trigger", ev, "--to", url, "--token", "tok"), 0, "trigger "+ev)
	}
	line := waitFor(t, p.stdout, regexp.MustCompile(`.*contact\.created.*\n`))[0]
	if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  contact\.created +contact \d+\n$`).MatchString(line) {
		t.Errorf("listen printed %q", line)
	}
	if diff := cmp.Diff([]string{strings.TrimSuffix(line, "\n")}, lines(p.stdout.String())); diff != "" {
		t.Errorf("--events contact.created printed other events (-want +got):\n%s", diff)
	}
}
