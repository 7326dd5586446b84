package webhook_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// A receiver that logs missed calls with a voicemail, tested by posting a
// call.voicemail_left event to it as Aircall would.
func Example() {
	h, err := webhook.NewHandler(
		webhook.Tokens("45XXYYZZa08"), // the webhook's token, from the Dashboard
		webhook.WithDeduper(webhook.NewMemoryDeduper(0)),
		webhook.WithLogger(slog.New(slog.DiscardHandler)),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	h.OnCall(aircall.EventCallVoicemailLeft, func(ctx context.Context, ev *webhook.CallEvent) error {
		fmt.Printf("voicemail from %s on %s: %s\n", ev.Call.RawDigits, ev.Call.Number.Name, ev.Call.Voicemail)
		return nil
	})
	h.Fallback(func(ctx context.Context, ev *webhook.Event) error {
		fmt.Println("ignored", ev.Name)
		return nil
	})
	// In a server: http.Handle("POST /aircall/webhook", h)

	call := &aircall.Call{
		ID:        1002,
		Direction: aircall.CallInbound,
		Status:    aircall.CallDone,
		RawDigits: "+1 800-123-4567",
		Voicemail: "https://example.com/voicemails/1002.mp3",
		Number:    &aircall.Number{ID: 1234, Name: "French Office"},
	}
	send := func(event aircall.Event, token string, data any) int {
		b, err := webhooktest.Body(event, token, data, time.Unix(1585002060, 0))
		if err != nil {
			return 0
		}
		return webhooktest.Post(h, b).Code
	}
	body, _ := os.ReadFile("testdata/call_voicemail_left.json")
	c1 := webhooktest.Post(h, body).Code // a payload as Aircall sends it
	c2 := send(aircall.EventCallVoicemailLeft, "45XXYYZZa08", call)
	c3 := webhooktest.Post(h, body).Code // a redelivery: dropped
	c4 := send(aircall.EventUserOpenedV2, "45XXYYZZa08", &aircall.User{ID: 456})
	c5 := send(aircall.EventCallEnded, "wrong token", call)
	fmt.Println(c1, c2, c3, c4, c5)
	// Output:
	// voicemail from +1 800-123-4567 on French Office: https://aircall-voicemails.s3.amazonaws.com/1002.mp3
	// voicemail from +1 800-123-4567 on French Office: https://example.com/voicemails/1002.mp3
	// ignored user.opened.v2
	// 200 200 200 200 401
}

// A receiver of the conversation intelligence and messaging events: the
// summary has its own handler, every other AI result goes to one handler
// for the resource, and inbound messages are logged.
func ExampleHandler_OnSummary() {
	h, err := webhook.NewHandler(webhook.Tokens("45XXYYZZa08"), webhook.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		fmt.Println(err)
		return
	}
	h.OnSummary(aircall.EventSummaryCreated, func(ctx context.Context, ev *webhook.SummaryEvent) error {
		// call_id is the string "812" in this event: it decodes as an ID.
		fmt.Printf("summary of call %d: %s\n", ev.Summary.CallID, ev.Summary.Content)
		return nil
	})
	h.OnAnyConversationIntelligence(func(ctx context.Context, ev *webhook.Event) error {
		if t := ev.Topics(); t != nil {
			fmt.Printf("topics of call %d: %v\n", t.CallID, t.Content)
		}
		return nil
	})
	h.OnMessage(aircall.EventMessageReceived, func(ctx context.Context, ev *webhook.MessageEvent) error {
		fmt.Printf("%s from %s on %s\n", ev.Message.Body, ev.Message.ExternalNumber, ev.Message.Number.Name)
		return nil
	})
	for _, f := range []string{"summary_created.json", "topics_created.json", "message_received.json"} {
		body, _ := os.ReadFile("testdata/" + f)
		webhooktest.Post(h, body)
	}
	// Output:
	// summary of call 812: The customer asked about a delayed order; the agent promised a refund by Friday.
	// topics of call 812: [billing refund]
	// Hello from +44 7474 626067 on Support Line
}
