package webhooktest_test

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

// Example tests a receiver without a network: Body builds the body Aircall
// would post (resource, event, timestamp, token and data), and Post serves
// it to the Handler. In a test, webhooktest.Send(t, h, ...) does both.
func Example() {
	h, err := webhook.NewHandler(webhook.Tokens("45XXYYZZa08"), webhook.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		log.Fatal(err)
	}
	h.OnContact(aircall.EventContactCreated, func(ctx context.Context, ev *webhook.ContactEvent) error {
		fmt.Println("new contact:", ev.Contact.FirstName, ev.Contact.LastName)
		return nil
	})

	contact := &aircall.Contact{ID: 719, FirstName: "Gary", LastName: "Jennings"}
	body, err := webhooktest.Body(aircall.EventContactCreated, "45XXYYZZa08", contact, time.Unix(1585083040, 0))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(webhooktest.Post(h, body).Code)

	// A body with another token is refused.
	body, err = webhooktest.Body(aircall.EventContactCreated, "not-the-token", contact, time.Unix(1585083040, 0))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(webhooktest.Post(h, body).Code)
	// Output:
	// new contact: Gary Jennings
	// 200
	// 401
}
