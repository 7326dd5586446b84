package aircalltest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"
)

// hookAll registers a webhook for every event on s and returns its
// receiver.
func hookAll(t *testing.T, s *Server) *receiver {
	t.Helper()
	rcv := newReceiver(t)
	if _, _, err := client(t, s).Webhooks.Create(ctxT(t), &aircall.WebhookCreateParams{URL: rcv.URL, Events: aircall.Events()}); err != nil {
		t.Fatal(err)
	}
	return rcv
}

// TestControlProducesEveryEvent asks a fresh demo Server for each of the
// 67 events over HTTP, flushes over HTTP, and checks that the registered
// webhook received the event.
func TestControlProducesEveryEvent(t *testing.T) {
	t.Parallel()
	events := aircall.Events()
	if len(events) != 67 {
		t.Fatalf("%d events, want 67", len(events))
	}
	for _, ev := range events {
		t.Run(string(ev), func(t *testing.T) {
			t.Parallel()
			s := newServer(t, WithDemoData(), WithAIDelay(0))
			for _, pre := range controlPrereqs[ev] {
				if status, b, _ := raw(t, s, "POST", "/_fake/events/"+string(pre), "", ""); status != http.StatusOK {
					t.Fatalf("POST /_fake/events/%s: %d %s", pre, status, b)
				}
			}
			rcv := hookAll(t, s)
			status, b, _ := raw(t, s, "POST", "/_fake/events/"+string(ev), "", "")
			if status != http.StatusOK {
				t.Fatalf("POST /_fake/events/%s: %d %s", ev, status, b)
			}
			var res any
			if err := json.Unmarshal([]byte(b), &res); err != nil || res == nil {
				t.Errorf("the answer is not the affected resource: %v %s", err, b)
			}
			if status, b, _ := raw(t, s, "POST", "/_fake/flush", "", ""); status != http.StatusNoContent {
				t.Fatalf("POST /_fake/flush: %d %s", status, b)
			}
			if got := names(rcv.events(t)); !slices.Contains(got, string(ev)) {
				t.Errorf("delivered %v, want %s among them", got, ev)
			}
		})
	}
}

// TestControlChangesState checks that the events come from state changes:
// the REST answers agree with the event afterwards.
func TestControlChangesState(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithDemoData(), WithAIDelay(0))
	rcv := hookAll(t, s)
	post := func(ev, body string) map[string]any {
		t.Helper()
		status, b, _ := raw(t, s, "POST", "/_fake/events/"+ev, body, "")
		if status != http.StatusOK {
			t.Fatalf("%s: %d %s", ev, status, b)
		}
		var m map[string]any
		must(t, json.Unmarshal([]byte(b), &m))
		return m
	}
	get := func(path string) map[string]any {
		t.Helper()
		status, b, _ := raw(t, s, "GET", path, "", "")
		if status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, status, b)
		}
		var m map[string]any
		must(t, json.Unmarshal([]byte(b), &m))
		return m
	}
	call := post("call.answered", `{"user_id":457}`)["call"].(map[string]any)
	id := aircall.ID(call["id"].(float64))
	idJSON := `{"call_id":` + id.String() + `}`
	wantEqual(t, "answered by Amy", float64(DemoUserAmy), call["user"].(map[string]any)["id"])
	post("call.hold", idJSON)
	if status, b, _ := raw(t, s, "POST", "/_fake/events/call.hold", idJSON, ""); status != http.StatusConflict {
		t.Errorf("hold a held call: %d %s, want 409", status, b)
	}
	post("call.unhold", idJSON)
	ended := post("call.ended", idJSON)["call"].(map[string]any)
	wantEqual(t, "ended: status", "done", ended["status"])
	post("call.commented", idJSON)
	c := get("/v1/calls/" + id.String())["call"].(map[string]any)
	comments := c["comments"].([]any)
	wantEqual(t, "the comment is stored, by the call's agent", float64(DemoUserAmy), comments[0].(map[string]any)["posted_by"].(map[string]any)["id"])

	user := post("user.created", "")["user"].(map[string]any)
	uid := aircall.ID(user["id"].(float64)).String()
	get("/v1/users/" + uid)
	post("user.deleted", `{"user_id":`+uid+`}`)
	if status, _, _ := raw(t, s, "GET", "/v1/users/"+uid, "", ""); status != http.StatusNotFound {
		t.Errorf("GET the deleted user: %d, want 404", status)
	}
	num := post("number.closed", `{"number_id":1234}`)["number"].(map[string]any)
	wantEqual(t, "number.closed: the number is closed", false, num["open"])
	wantEqual(t, "GET: closed", false, get("/v1/numbers/1234")["number"].(map[string]any)["open"])

	flush(t, s)
	got := names(rcv.events(t))
	for _, ev := range []string{"call.created", "call.answered", "call.hold", "call.unhold", "call.hungup", "call.ended",
		"call.commented", "user.created", "user.created.v2", "user.deleted", "user.deleted.v2", "number.closed"} {
		if !slices.Contains(got, ev) {
			t.Errorf("%s not delivered (got %v)", ev, got)
		}
	}
	if n := strings.Count(strings.Join(got, " "), "call.hold "); n != 1 {
		t.Errorf("call.hold delivered %d times, want 1 (the refused one sends nothing)", n)
	}
}

// scenarioFree drops from diffs what depends on the scenario of one
// recorded delivery rather than on the serializer (TestWireEvents replays
// the recorded scenarios and keeps them): how many items a list has, and
// whether a call has its optional associations.
func scenarioFree(diffs []string) []string {
	var out []string
	for _, d := range diffs {
		optional := false
		for _, k := range []string{"user", "contact", "transferred_to", "transferred_by", "assigned_to"} {
			optional = optional || strings.HasPrefix(d, "$.data."+k+": missing") || strings.HasPrefix(d, "$.data."+k+": extra key")
		}
		if !optional && !strings.HasSuffix(d, "want []") && !strings.HasSuffix(d, "[], want items") {
			out = append(out, d)
		}
	}
	return out
}

func TestControlRefusals(t *testing.T) {
	t.Parallel()
	s := newServer(t, WithDemoData())
	for _, tc := range []struct {
		name, path, body, auth string
		status                 int
	}{
		{"unknown event", "/_fake/events/call.teleported", "", "", 404},
		{"no ongoing call to hold", "/_fake/events/call.hold", "", "", 409},
		{"no call to hang up", "/_fake/events/call.hungup", `{"call_id":812}`, "", 409},
		{"no such call", "/_fake/events/call.tagged", `{"call_id":999999}`, "", 404},
		{"no such user", "/_fake/events/user.connected", `{"user_id":999999}`, "", 404},
		{"already open", "/_fake/events/number.opened", `{"number_id":1234}`, "", 409},
		{"already available", "/_fake/events/user.opened", `{"user_id":456}`, "", 409},
		{"not JSON", "/_fake/events/call.created", `{"call_id":`, "", 400},
		{"no credentials", "/_fake/events/call.created", "", "none", 401},
		{"wrong credentials", "/_fake/flush", "", "Basic bm9wZTpub3Bl", 403},
		{"unknown control", "/_fake/nothing", "", "", 404},
	} {
		status, b, _ := raw(t, s, "POST", tc.path, tc.body, tc.auth)
		if status != tc.status {
			t.Errorf("%s: %d %s, want %d", tc.name, status, b, tc.status)
		}
	}
	// An empty company: nothing to call, connect or update.
	empty := newServer(t)
	for _, ev := range []string{"call.created", "call.voicemail_left", "user.connected", "contact.updated", "number.closed", "call.archived"} {
		if status, b, _ := raw(t, empty, "POST", "/_fake/events/"+ev, "", ""); status != http.StatusConflict {
			t.Errorf("%s on an empty Server: %d %s, want 409", ev, status, b)
		}
	}
	if status, b, _ := raw(t, empty, "POST", "/_fake/events/contact.created", "", ""); status != http.StatusOK {
		t.Errorf("contact.created on an empty Server: %d %s, want 200", status, b)
	}
	// Not from a loopback address: refused, whatever the credentials.
	r := httptest.NewRequest("POST", "/_fake/events/call.created", nil)
	r.RemoteAddr = "192.0.2.10:40000"
	r.SetBasicAuth(s.APIID(), s.APIToken())
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	wantEqual(t, "from 192.0.2.10", http.StatusForbidden, w.Code)
	if got := len(s.Deliveries()); got != 0 {
		t.Errorf("%d deliveries after refusals", got)
	}
	// The control surface is not the API: it is not counted.
	wantEqual(t, "requests counted", 0, s.Stats().Requests)
}

// TestEventBody checks the exported serializer: every event, in an
// envelope with the token, and the recorded key sets for the 28 recorded
// kinds.
func TestEventBody(t *testing.T) {
	t.Parallel()
	recorded := map[string]any{}
	files, err := filepath.Glob(filepath.Join("testdata", "wire", "ev_*.json"))
	must(t, err)
	for _, f := range files {
		w := wireFixture(t, strings.TrimSuffix(filepath.Base(f), ".json")).(map[string]any)
		recorded[w["event"].(string)] = w
	}
	for _, ev := range aircall.Events() {
		t.Run(string(ev), func(t *testing.T) {
			t.Parallel()
			b, err := EventBody(ctxT(t), ev, "tok-123")
			if err != nil {
				t.Fatal(err)
			}
			var env map[string]any
			must(t, json.Unmarshal(b, &env))
			wantEqual(t, "event", string(ev), env["event"])
			wantEqual(t, "token", "tok-123", env["token"])
			wantEqual(t, "resource", ev.Resource(), env["resource"])
			if want, ok := recorded[string(ev)]; ok {
				if d := scenarioFree(eventShapeDiff(want, any(env))); len(d) > 0 {
					t.Errorf("differs from the recorded key set:\n  %s", strings.Join(d, "\n  "))
				}
			}
		})
	}
	if _, err := EventBody(ctxT(t), "call.teleported", "t"); err == nil {
		t.Error("EventBody of an unknown event: no error")
	}
}
