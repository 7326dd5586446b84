// Package webhook receives Aircall webhook events: it decodes the envelope
// and a typed payload for each of the 67 documented events, checks the
// webhook token in constant time, and dispatches events to typed handlers
// through an http.Handler.
//
// The data type is chosen per event: calls, users (V1 and the .v2 events
// alike), numbers, contacts and integrations as before; messages and group
// messages (resource "message"); the conversation intelligence results
// (resource "conversation_intelligence": transcription, summary, topics,
// sentiment, action item, playbook result, custom summary, evaluation,
// realtime utterances); AI voice agent sessions and analytics exports.
// The shapes of the newer events come partly from client code: they decode
// tolerantly (a member of an unexpected type is dropped alone) and keep the
// whole object in their Raw field.
//
// Aircall posts a JSON envelope for each event:
//
//	{"resource": "call", "event": "call.ended", "timestamp": 1585002050,
//	 "token": "45XXYYZZa08", "data": { the Call }}
//
// The token is the webhook's secret and identifies the Aircall account.
// Verification fails closed: a Handler or Parse without a Verifier rejects
// every event, and only InsecureSkipVerify turns it off.
//
// A receiver for one account:
//
//	h, err := webhook.NewHandler(webhook.Tokens(os.Getenv("AIRCALL_WEBHOOK_TOKEN")))
//	if err != nil { ... }
//	h.OnCall(aircall.EventCallEnded, func(ctx context.Context, ev *webhook.CallEvent) error {
//		log.Printf("call %d ended after %ds", ev.Call.ID, ev.Call.Duration)
//		return nil // an error answers 500 and Aircall retries
//	})
//	http.Handle("POST /aircall", h)
//
// A multi-tenant receiver maps each token to its account, which handlers
// read from the event or the context:
//
//	h, err := webhook.NewHandler(webhook.TokenAccounts(map[string]*Tenant{...}),
//		webhook.WithDeduper(webhook.NewMemoryDeduper(0)),
//		webhook.WithAsync(8, 1000))
//	h.OnAnyCall(func(ctx context.Context, ev *webhook.CallEvent) error {
//		tenant, _ := webhook.AccountAs[*Tenant](ctx) // or ev.Account
//		...
//	})
//	defer h.Shutdown(ctx) // drains the queue
//
// Receivers with their own HTTP stack call Parse (and optionally
// Handler.Dispatch). The webhooktest package builds event bodies and posts
// them to a handler in tests.
//
// Aircall retries an event until it gets a 2xx, for up to 50 attempts, then
// disables the webhook; it gives up on an answer after 5 seconds. A handler
// that returns an error makes Aircall retry; a Deduper (WithDeduper) drops
// the redeliveries of events already processed.
package webhook
