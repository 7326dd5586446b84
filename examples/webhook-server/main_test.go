//lint:file-ignore SA1019 the test posts a V1 user event, as Aircall still sends them

package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

func TestLogsVoicemailsOnly(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	h, err := newHandler("tok", slog.New(slog.NewTextHandler(&logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	voicemail := &aircall.Call{ID: 1002, Direction: aircall.CallInbound, RawDigits: "+1 800-123-4567",
		Voicemail: "https://example.com/vm/1002.mp3", Number: &aircall.Number{Name: "French Office"}}
	answered := &aircall.Call{ID: 1001, Direction: aircall.CallInbound, Duration: 40}
	post := func(ev aircall.Event, tok string, data any, ts int64) int {
		b, err := webhooktest.Body(ev, tok, data, time.Unix(ts, 0))
		if err != nil {
			t.Fatal(err)
		}
		return webhooktest.Post(h, b).Code
	}
	codes := []int{
		post(aircall.EventCallEnded, "tok", answered, 1),                // no voicemail: ignored
		post(aircall.EventCallVoicemailLeft, "tok", voicemail, 2),       // logged
		post(aircall.EventCallEnded, "tok", voicemail, 3),               // same call again: not logged twice
		post(aircall.EventUserOpened, "tok", &aircall.User{ID: 456}, 4), // ignored
		post(aircall.EventCallVoicemailLeft, "bad", voicemail, 5),       // rejected
	}
	if d := cmp.Diff([]int{200, 200, 200, 200, 401}, codes); d != "" {
		t.Errorf("status codes (-want +got):\n%s", d)
	}
	out := logs.String()
	if n := strings.Count(out, "msg=voicemail"); n != 1 {
		t.Errorf("logged %d voicemails, want 1:\n%s", n, out)
	}
	for _, want := range []string{"call_id=1002", `from="+1 800-123-4567"`, `number="French Office"`, "voicemail=https://example.com/vm/1002.mp3"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, "tok ") || strings.Contains(out, "=tok") {
		t.Errorf("token in logs:\n%s", out)
	}
}

func TestRunRefusesWithoutToken(t *testing.T) {
	t.Parallel()
	if err := run("127.0.0.1:0", "", slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "AIRCALL_WEBHOOK_TOKEN") {
		t.Errorf("run = %v", err)
	}
}
