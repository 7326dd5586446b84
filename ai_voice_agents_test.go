package aircall

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
)

const reminderBody = `{"contact_phone":"+15551234567","idempotency_key":"appt-reminder-2026-03-15-cust-12345","context":{"first_name":"Jane"},"expiration_seconds":3600}`

func reminder() *OutboundAgentCallParams {
	return &OutboundAgentCallParams{
		ContactPhone:      "+15551234567",
		IdempotencyKey:    "appt-reminder-2026-03-15-cust-12345",
		Context:           map[string]any{"first_name": "Jane"},
		ExpirationSeconds: 3600,
	}
}

func queued() *OutboundAgentCall {
	return &OutboundAgentCall{ID: "01ARZ3NDEKTSV4RRFFQ69G5FAV", IdempotencyKey: "appt-reminder-2026-03-15-cust-12345",
		Status: "PENDING", VirtualAgentID: "agent-abc123"}
}

func TestAIVoiceAgentsStartOutboundCall(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "POST /v1/outbound-calls/agents/{agent_id}", http.StatusAccepted, "aivoice_outbound_call.json")
	got, resp, err := c.AIVoiceAgents.StartOutboundCall(context.Background(), "agent-abc123", reminder())
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, http.MethodPost, "/v1/outbound-calls/agents/agent-abc123", "", reminderBody)
	checkDiff(t, "call", queued(), got)
	if resp.StatusCode != http.StatusAccepted {
		t.Errorf("status = %d", resp.StatusCode)
	}
}

// TestAIVoiceAgentsAgentIDEscaped checks that an agent id is one path
// segment, whatever it holds.
func TestAIVoiceAgentsAgentIDEscaped(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	var raw atomic.Value
	ts.handle("POST /v1/outbound-calls/agents/{agent_id}", func(w http.ResponseWriter, r *http.Request) {
		raw.Store(r.URL.EscapedPath() + " " + r.PathValue("agent_id"))
		reply(t, http.StatusAccepted, "aivoice_outbound_call.json")(w, r)
	})
	if _, _, err := ts.client(t).AIVoiceAgents.StartOutboundCall(context.Background(), "team/a b?x", reminder()); err != nil {
		t.Fatal(err)
	}
	if got, want := raw.Load(), "/v1/outbound-calls/agents/team%2Fa%20b%3Fx team/a b?x"; got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
}

// TestAIVoiceAgentsRetried checks the one POST the SDK retries after it
// reached the server: after a 5xx or a lost answer the same request (same
// idempotency key) is sent again.
func TestAIVoiceAgentsRetried(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		first func(w http.ResponseWriter)
	}{
		{"after a 503", func(w http.ResponseWriter) {
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(`{"message":"Service Unavailable"}`))
		}},
		{"after a lost answer", func(w http.ResponseWriter) {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err == nil {
				conn.Close() // the request arrived; its answer never leaves
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			var n atomic.Int32
			ts.handle("POST /v1/outbound-calls/agents/{agent_id}", func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					tc.first(w)
					return
				}
				reply(t, http.StatusAccepted, "aivoice_outbound_call.json")(w, r)
			})
			got, _, err := ts.client(t).AIVoiceAgents.StartOutboundCall(context.Background(), "agent-abc123", reminder())
			if err != nil {
				t.Fatal(err)
			}
			checkDiff(t, "call", queued(), got)
			reqs := ts.all()
			if len(reqs) != 2 {
				t.Fatalf("requests = %d, want 2", len(reqs))
			}
			for _, r := range reqs {
				if !sameJSON(t, r.Body, reminderBody) {
					t.Errorf("retried body = %s, want the same key and body", r.Body)
				}
			}
		})
	}
}

// TestAIVoiceAgentsReusedKey checks that the 409 of a reused key is not
// retried and matches ErrConflict.
func TestAIVoiceAgentsReusedKey(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "POST /v1/outbound-calls/agents/{agent_id}", http.StatusConflict, `{"error":"Conflict","troubleshoot":"idempotency_key already used"}`)
	_, _, err := c.AIVoiceAgents.StartOutboundCall(context.Background(), "agent-abc123", reminder())
	var ae *APIError
	if !errors.Is(err, ErrConflict) || !errors.As(err, &ae) || ae.Troubleshoot != "idempotency_key already used" {
		t.Errorf("err = %v, want ErrConflict", err)
	}
	if n := ts.requests.Load(); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

func TestAIVoiceAgentsValidation(t *testing.T) {
	t.Parallel()
	start := func(agent string, f func(*OutboundAgentCallParams)) func(*Client) error {
		return func(c *Client) error {
			p := reminder()
			f(p)
			_, _, err := c.AIVoiceAgents.StartOutboundCall(context.Background(), agent, p)
			return err
		}
	}
	keep := func(*OutboundAgentCallParams) {}
	runParamCases(t, []paramCase{
		{"nil params", func(c *Client) error {
			_, _, err := c.AIVoiceAgents.StartOutboundCall(context.Background(), "agent-abc123", nil)
			return err
		}, ""},
		{"empty agent", start("", keep), "agent_id"},
		{"blank agent", start("  ", keep), "agent_id"},
		{"phone not E.164", start("agent-abc123", func(p *OutboundAgentCallParams) { p.ContactPhone = "5551234567" }), "contact_phone"},
		{"no phone", start("agent-abc123", func(p *OutboundAgentCallParams) { p.ContactPhone = "" }), "contact_phone"},
		{"no idempotency key", start("agent-abc123", func(p *OutboundAgentCallParams) { p.IdempotencyKey = "" }), "idempotency_key"},
		{"expiration too short", start("agent-abc123", func(p *OutboundAgentCallParams) { p.ExpirationSeconds = 59 }), "expiration_seconds"},
		{"expiration too long", start("agent-abc123", func(p *OutboundAgentCallParams) { p.ExpirationSeconds = 86401 }), "expiration_seconds"},
		{"datetime without timezone", start("agent-abc123", func(p *OutboundAgentCallParams) {
			p.Context = map[string]any{"appointment": "2026-03-15T14:30:00Z"}
		}), "context.timezone"},
	})

	// The bounds themselves, and a datetime with its timezone, are valid.
	for _, f := range []func(*OutboundAgentCallParams){
		func(p *OutboundAgentCallParams) { p.ExpirationSeconds = MinAgentCallExpiration },
		func(p *OutboundAgentCallParams) { p.ExpirationSeconds = MaxAgentCallExpiration },
		func(p *OutboundAgentCallParams) {
			p.ExpirationSeconds = 0
			p.Context = map[string]any{"appointment": "2026-03-15T14:30:00Z", "timezone": "Europe/Paris"}
		},
	} {
		_, c := serve(t, "POST /v1/outbound-calls/agents/{agent_id}", http.StatusAccepted, "aivoice_outbound_call.json")
		p := reminder()
		f(p)
		if _, _, err := c.AIVoiceAgents.StartOutboundCall(context.Background(), "agent-abc123", p); err != nil {
			t.Errorf("%+v: %v", p, err)
		}
	}
}

// TestAIVoiceAgentsConflictAfterRetry checks the case where the first
// attempt placed the call but its answer was a 503: the retry meets the
// server's 409 for the reused idempotency key, and the error says that an
// earlier attempt may have been applied, not only that the key conflicts.
// A 409 on a first attempt is a plain conflict.
func TestAIVoiceAgentsConflictAfterRetry(t *testing.T) {
	t.Parallel()
	conflict := `{"error":"Conflict","troubleshoot":"idempotency_key already used"}`
	for _, tc := range []struct {
		name        string
		answers     []int
		wantUnknown bool
	}{
		{"409 after a 503", []int{http.StatusServiceUnavailable, http.StatusConflict}, true},
		{"409 at once", []int{http.StatusConflict}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			var n atomic.Int32
			ts.handle("POST /v1/outbound-calls/agents/{agent_id}", func(w http.ResponseWriter, r *http.Request) {
				status := tc.answers[min(int(n.Add(1))-1, len(tc.answers)-1)]
				w.WriteHeader(status)
				if status == http.StatusConflict {
					w.Write([]byte(conflict))
				}
			})
			_, _, err := ts.client(t).AIVoiceAgents.StartOutboundCall(context.Background(), "agent-abc123", reminder())
			if !errors.Is(err, ErrConflict) {
				t.Fatalf("err = %v, want ErrConflict", err)
			}
			if got := errors.Is(err, ErrOutcomeUnknown); got != tc.wantUnknown {
				t.Errorf("errors.Is(err, ErrOutcomeUnknown) = %v, want %v (err %v)", got, tc.wantUnknown, err)
			}
			if got := int(n.Load()); got != len(tc.answers) {
				t.Errorf("requests = %d, want %d", got, len(tc.answers))
			}
		})
	}
}
