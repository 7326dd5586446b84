package main

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

func TestWebhooksCommands(t *testing.T) {
	t.Parallel()
	srv := fake(t)
	dir, env := t.TempDir(), envFor(srv)
	ctx := context.Background()

	r := cli(t, dir, env, "webhooks", "create", "--url", "http://127.0.0.1:9/aircall", "--events", "call.created,call.ended", "--name", "BI")
	wantCode(t, r, 0, "webhooks create")
	m := regexp.MustCompile(`webhook_id: (\S+)`).FindStringSubmatch(r.stdout)
	if m == nil || !strings.Contains(r.stdout, "events:     call.created,call.ended") || !regexp.MustCompile(`token:      \S+`).MatchString(r.stdout) {
		t.Fatalf("webhooks create printed:\n%s", r.stdout)
	}
	id := m[1]

	// An update of the URL alone keeps the events.
	r = cli(t, dir, env, "webhooks", "update", id, "--url", "http://127.0.0.1:9/v2")
	wantCode(t, r, 0, "webhooks update --url")
	wh, _, err := sdk(t, srv).Webhooks.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]aircall.Event{"call.created", "call.ended"}, wh.Events); diff != "" || wh.URL != "http://127.0.0.1:9/v2" {
		t.Errorf("after update --url: url %s, events (-want +got):\n%s", wh.URL, diff)
	}
	r = cli(t, dir, env, "webhooks", "update", id, "--events", "contact.created", "--inactive")
	wantCode(t, r, 0, "webhooks update --events")
	if wh, _, _ = sdk(t, srv).Webhooks.Get(ctx, id); !cmp.Equal([]aircall.Event{"contact.created"}, wh.Events) || wh.Active {
		t.Errorf("after update --events --inactive: %+v", wh)
	}
	wantCode(t, cli(t, dir, env, "webhooks", "update", id, "--events", "contact.created", "--all-events"), 2, "update --events --all-events")

	r = cli(t, dir, env, "webhooks", "list")
	wantCode(t, r, 0, "webhooks list")
	if !strings.Contains(r.stdout, "WEBHOOK_ID") || !strings.Contains(r.stdout, id) || !strings.Contains(r.stdout, "contact.created") {
		t.Errorf("webhooks list:\n%s", r.stdout)
	}
	r = cli(t, dir, env, "webhooks", "delete", id)
	wantCode(t, r, 0, "webhooks delete")
	if _, _, err := sdk(t, srv).Webhooks.Get(ctx, id); err == nil {
		t.Error("the webhook is still there after delete")
	}
	r = cli(t, dir, env, "webhooks", "list", "--json")
	wantCode(t, r, 0, "webhooks list --json")
	if strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("webhooks list --json after delete: %s", r.stdout)
	}
}

func TestListAndGet(t *testing.T) {
	t.Parallel()
	srv := fake(t, aircalltest.WithDemoData())
	dir, env := t.TempDir(), envFor(srv)

	r := cli(t, dir, env, "users", "list")
	wantCode(t, r, 0, "users list")
	table := lines(r.stdout)
	if !regexp.MustCompile(`^ID +NAME +EMAIL +AVAILABILITY +CREATED$`).MatchString(table[0]) {
		t.Errorf("users list header: %q", table[0])
	}
	if !strings.Contains(r.stdout, "John Doe") || !strings.Contains(r.stdout, "john.doe@acme.example") {
		t.Errorf("users list:\n%s", r.stdout)
	}
	r = cli(t, dir, env, "users", "get", "456", "--json")
	wantCode(t, r, 0, "users get --json")
	var u map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &u); err != nil || u["name"] != "John Doe" || u["email"] != "john.doe@acme.example" {
		t.Errorf("users get 456 --json: %s (%v)", r.stdout, err)
	}
	r = cli(t, dir, env, "calls", "list", "--limit", "2", "--order", "desc")
	wantCode(t, r, 0, "calls list")
	if got := len(lines(r.stdout)); got != 3 {
		t.Errorf("calls list --limit 2 printed %d lines:\n%s", got, r.stdout)
	}
	for _, args := range [][]string{{"teams", "list"}, {"numbers", "list"}, {"tags", "list"}, {"contacts", "list"}, {"numbers", "get", "1234"}, {"contacts", "get", "710"}} {
		r = cli(t, dir, env, args...)
		wantCode(t, r, 0, strings.Join(args, " "))
		if len(lines(r.stdout)) < 2 {
			t.Errorf("%s printed no row:\n%s", strings.Join(args, " "), r.stdout)
		}
	}
	r = cli(t, dir, env, "numbers", "get", "1234")
	if !strings.Contains(r.stdout, "French Office") {
		t.Errorf("numbers get 1234:\n%s", r.stdout)
	}
	wantCode(t, cli(t, dir, env, "users", "get", "999999"), 1, "users get of a missing user")
	wantCode(t, cli(t, dir, env, "users", "frobnicate"), 2, "users frobnicate")
}

func TestFakeCommand(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := start(t, dir, nil, "fake", "--addr", "127.0.0.1:0", "--calls", "120", "--rate", "5000", "--window", "1s")
	out := waitFor(t, p.stdout, regexp.MustCompile(`(?s)listening on (http://127\.0\.0\.1:\d+).*api_id: +(\S+).*api_token: +(\S+)\n.*AIRCALL_BASE_URL=\S+\n`))
	url, id, token := out[1], out[2], out[3]
	if len(id) < 8 || len(token) < 16 {
		t.Errorf("random credentials look weak: %q %q", id, token)
	}
	env := []string{"AIRCALL_API_ID=" + id, "AIRCALL_API_TOKEN=" + token, "AIRCALL_BASE_URL=" + url}
	wantCode(t, cli(t, dir, env, "ping"), 0, "ping against aircall fake")
	r := cli(t, dir, env, "export", "calls")
	wantCode(t, r, 0, "export calls from aircall fake")
	if n := len(lines(r.stdout)); n < 120 {
		t.Errorf("exported %d calls from a fake with 120 generated", n)
	}
	// Given credentials are used.
	p2 := start(t, dir, nil, "fake", "--addr", "127.0.0.1:0", "--api-id", "given-id", "--api-token", "given-token")
	url2 := waitFor(t, p2.stdout, regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)\n  api_id:    given-id\n  api_token: given-token\n`))[1]
	wantCode(t, cli(t, dir, []string{"AIRCALL_API_ID=given-id", "AIRCALL_API_TOKEN=given-token", "AIRCALL_BASE_URL=" + url2}, "ping"), 0, "ping with the given credentials")
}
