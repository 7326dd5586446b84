package aircalltest_test

import (
	"context"
	"fmt"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// A simulated call's end gives the call its AI results (at once with
// WithAIDelay(0)); the conversation intelligence methods read them.
func ExampleWithAIDelay() {
	srv, c := demo(aircalltest.WithAIDelay(0))
	defer srv.Close()
	ctx := context.Background()
	call, err := srv.SimulateInboundCall(aircalltest.AnsweredBy(aircalltest.DemoUserJohn))
	if err != nil {
		fmt.Println(err)
		return
	}
	summary, _, err := c.Calls.Summary(ctx, call.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	topics, _, err := c.Calls.Topics(ctx, call.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(summary.Content)
	fmt.Println(topics.Content)
	// Output:
	// The customer asked about a delayed order; the agent promised a refund by Friday.
	// [order refund]
}

// A message sent in the agent conversation from a Native-mode line (one
// without a messaging configuration) comes back with epoch millisecond
// timestamps, and fires message.sent.
func ExampleServer_SimulateInboundMessage() {
	at := time.Date(2026, 3, 3, 9, 35, 0, 520_000_000, time.UTC)
	srv, c := demo(aircalltest.WithClock(func() time.Time { return at }))
	defer srv.Close()
	m, _, err := c.Messages.SendInConversation(context.Background(), aircalltest.DemoNumberUS,
		&aircall.MessageParams{To: "+34768776683", Body: "Hi, following up on your call."})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Status, m.CreatedAt.Time.Format(time.RFC3339Nano))
	if _, err := srv.SimulateInboundMessage(aircalltest.DemoNumberUS, "+34768776683", "Thanks!"); err != nil {
		fmt.Println(err)
	}
	// Output:
	// pending 2026-03-03T09:35:00.52Z
}
