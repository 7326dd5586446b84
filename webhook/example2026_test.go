package webhook_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	aircall "github.com/seed1279ea27/aircall-go"

	"github.com/seed1279ea27/aircall-go/webhook"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

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
