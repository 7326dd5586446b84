package aircallsync

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/seed1279ea27/aircall-go/aircalltest"
	"github.com/seed1279ea27/aircall-go/webhook"
)

// event parses a webhook body of a call in status at ts.
func callEvent(t *testing.T, name string, id int, status string, ts int64) *webhook.Event {
	t.Helper()
	body := fmt.Sprintf(`{"resource":"call","event":%q,"timestamp":%d,"token":"tk","data":{"id":%d,"direction":"inbound","status":%q,"started_at":%d,"answered_at":null,"ended_at":%s,"duration":0}}`,
		name, ts, id, status, ts-60, map[bool]string{true: fmt.Sprint(ts), false: "null"}[status == "done"])
	ev, err := webhook.Parse([]byte(body), webhook.Tokens("tk"))
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func callStatus(t *testing.T, st Store, id int) string {
	t.Helper()
	var s string
	if err := st.DB().QueryRow(sqlOf(st).d.rebind("SELECT status FROM calls WHERE id = ?"), id).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestEventsOutOfOrder delivers a call's events late and in the wrong
// order: an older event never overwrites a newer row, in the same second
// too (a call does not go back from done to initial).
func TestEventsOutOfOrder(t *testing.T) {
	t.Parallel()
	eachStore(t, func(t *testing.T, st Store) {
		s := newSyncer(t, fake(t), st, Options{})
		ctx := context.Background()
		const t0 = 1_760_000_000
		steps := []struct {
			ev          *webhook.Event
			wantChanged bool
			wantStatus  string
		}{
			{callEvent(t, "call.ended", 901, "done", t0+30), true, "done"},
			{callEvent(t, "call.created", 901, "initial", t0), false, "done"},      // older
			{callEvent(t, "call.answered", 901, "answered", t0+30), false, "done"}, // same second, earlier state
			{callEvent(t, "call.archived", 901, "done", t0+90), true, "done"},      // newer
			{callEvent(t, "call.created", 902, "initial", t0+30), true, "initial"}, // another call
			{callEvent(t, "call.ended", 902, "done", t0+30), true, "done"},         // same second, later state
			{callEvent(t, "call.answered", 902, "answered", t0+20), false, "done"}, // older
		}
		for i, step := range steps {
			changed, err := s.ApplyEvent(ctx, step.ev)
			if err != nil {
				t.Fatal(err)
			}
			id := int(step.ev.ResourceID())
			got := []any{changed, callStatus(t, st, id)}
			if diff := cmp.Diff([]any{step.wantChanged, step.wantStatus}, got); diff != "" {
				t.Errorf("step %d (%s of %d at %d) (-want +got):\n%s", i, step.ev.Name, id, step.ev.Timestamp.Unix(), diff)
			}
		}
	})
}

// TestAIResults fetches the summaries of the ended calls; a second run
// asks for none again.
func TestAIResults(t *testing.T) {
	t.Parallel()
	st := openStore(t, "sqlite:"+t.TempDir()+"/a.db")
	now := time.Now()
	srv := fake(t, aircalltest.WithGeneratedCalls(60, now.Add(-48*time.Hour), now.Add(-24*time.Hour)))
	s := newSyncer(t, srv, st, Options{Resources: []Resource{Calls}, AI: []AIKind{AISummary}})
	sum, err := s.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := count(t, st, "SELECT COUNT(*) FROM call_summary")
	if got == 0 || sum.AI[AISummary] != got {
		t.Fatalf("%d summaries stored, %d reported", got, sum.AI[AISummary])
	}
	if n := count(t, st, "SELECT COUNT(*) FROM call_summary s JOIN calls c ON c.id = s.call_id WHERE c.answered_at IS NULL AND c.voicemail IS NULL"); n != 0 {
		t.Errorf("%d summaries of calls nobody answered", n)
	}
	before := srv.Stats().Routes["GET /v1/calls/:id/summary"].Requests
	if _, err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	after := srv.Stats().Routes["GET /v1/calls/:id/summary"].Requests
	if pending := count(t, st, "SELECT COUNT(*) FROM ai_pending"); after-before != pending {
		t.Errorf("the second run asked for %d summaries, want only the %d without one yet", after-before, pending)
	}
}

// TestAIWithoutAddOn: an account without the add-on gets one message, and
// the sync succeeds.
func TestAIWithoutAddOn(t *testing.T) {
	t.Parallel()
	st := openStore(t, "sqlite:"+t.TempDir()+"/a.db")
	now := time.Now()
	srv := fake(t, aircalltest.WithoutAIAddOn(), aircalltest.WithGeneratedCalls(30, now.Add(-48*time.Hour), now.Add(-24*time.Hour)))
	var msgs []string
	s := newSyncer(t, srv, st, Options{Resources: []Resource{Calls}, AI: AllAIKinds, Notify: func(m string) { msgs = append(msgs, m) }})
	if _, err := s.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "no AI add-on") {
		t.Fatalf("messages %q, want one about the add-on", msgs)
	}
	if n := srv.Stats().Routes["GET /v1/calls/:id/summary"].Requests; n != 1 {
		t.Errorf("%d summary requests, want 1", n)
	}
}
