package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
	"github.com/seed1279ea27/aircall-go/webhook"
)

// TestTriggerOnFake: against a fake, trigger makes the fake change its
// state and deliver the event to every webhook registered on it; a change
// the state does not allow fails.
func TestTriggerOnFake(t *testing.T) {
	t.Parallel()
	srv := fake(t, aircalltest.WithDemoData(), aircalltest.WithAIDelay(0))
	rc, hookURL := newReceiver(t)
	ctx := t.Context()
	h, _, err := sdk(t, srv).Webhooks.Create(ctx, &aircall.WebhookCreateParams{URL: hookURL, Events: aircall.Events()})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	creds := []string{"AIRCALL_API_ID=" + testAPIID, "AIRCALL_API_TOKEN=" + testAPIToken}

	// Nothing to hold yet: the fake answers 409 and trigger exits 1.
	r := cli(t, dir, creds, "trigger", "call.hold", "--fake", srv.URL())
	wantOutput(t, r, 1, "trigger call.hold on a fake without a call", r.stderr, "409")
	// A call, then hold it: AIRCALL_BASE_URL at the fake is enough.
	r = cli(t, dir, creds, "trigger", "call.answered", "--fake", srv.URL(), "--data", `{"user_id":457}`, "--print-body")
	wantCode(t, r, 0, "trigger call.answered")
	var res struct {
		Call struct {
			ID   aircall.ID `json:"id"`
			User struct {
				ID aircall.ID `json:"id"`
			} `json:"user"`
		} `json:"call"`
	}
	if err := json.Unmarshal([]byte(r.stderr), &res); err != nil || res.Call.ID == 0 || res.Call.User.ID != 457 {
		t.Fatalf("--print-body printed %q (%v), want the call answered by 457", r.stderr, err)
	}
	r = cli(t, dir, envFor(srv), "trigger", "call.hold", "--data", `{"call_id":`+res.Call.ID.String()+`}`)
	wantCode(t, r, 0, "trigger call.hold")
	if want := "call.hold -> produced by the fake at " + srv.URL() + ", delivered to its webhooks\n"; r.stdout != want {
		t.Errorf("trigger call.hold printed %q, want %q", r.stdout, want)
	}

	// Delivered (trigger waited for it) with the webhook's token, on the
	// fake's call.
	var got []aircall.Event
	for _, b := range rc.all() {
		ev, err := webhook.Parse(b, webhook.Tokens(h.Token))
		if err != nil {
			t.Fatalf("delivered body refused: %v\n%s", err, b)
		}
		got = append(got, ev.Name)
		if ev.Name == aircall.EventCallHold && ev.ResourceID() != res.Call.ID {
			t.Errorf("call.hold is about %d, want %d", ev.ResourceID(), res.Call.ID)
		}
	}
	for _, want := range []aircall.Event{aircall.EventCallCreated, aircall.EventCallAnswered, aircall.EventCallHold} {
		if !slices.Contains(got, want) {
			t.Errorf("delivered %v, want %s among them", got, want)
		}
	}

	// The real API is never taken for a fake.
	r = cli(t, dir, append(creds, "AIRCALL_BASE_URL=https://api.aircall.io"), "trigger", "call.ended")
	wantCode(t, r, 2, "trigger without --to nor a fake")
}

// TestTriggerBody: without a fake, the body is the serializer's, with
// realistic values (a summary has its call and its content).
func TestTriggerBody(t *testing.T) {
	t.Parallel()
	rc, toURL := newReceiver(t)
	dir := t.TempDir()
	r := cli(t, dir, nil, "trigger", "summary.created", "--to", toURL, "--token", "tok", "--print-body")
	wantCode(t, r, 0, "trigger summary.created")
	var env struct {
		Event string `json:"event"`
		Token string `json:"token"`
		Data  struct {
			CallID  string `json:"call_id"`
			Content string `json:"content"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.stderr), &env); err != nil {
		t.Fatalf("--print-body: %v\n%s", err, r.stderr)
	}
	if env.Event != "summary.created" || env.Token != "tok" || env.Data.CallID == "" || env.Data.Content == "" {
		t.Errorf("summary.created body %s: want a call_id and a content", r.stderr)
	}
	if b := rc.all(); len(b) != 1 || strings.TrimSpace(string(b[0])) != strings.TrimSpace(r.stderr) {
		t.Errorf("the receiver got %q, want the printed body", b)
	}
}

// TestFakeHelpDocumentsControl: aircall fake --help documents the control
// surface.
func TestFakeHelpDocumentsControl(t *testing.T) {
	t.Parallel()
	r := cli(t, t.TempDir(), nil, "fake", "--help")
	wantCode(t, r, 0, "fake --help")
	for _, want := range []string{"POST /_fake/events/EVENT", "POST /_fake/flush", "409", `{"call_id": 123}`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("aircall fake --help lacks %q", want)
		}
	}
}
