// Command quickstart tours the aircall-go SDK.
//
//	go run ./examples/quickstart
//
// Without AIRCALL_API_ID and AIRCALL_API_TOKEN in the environment it starts
// the SDK's fake Aircall (package aircalltest) on a loopback port, with a
// demo company (which has 3 calls of its own) and 25,000 generated calls,
// and shows the SDK at work: ping, list users and numbers, create a
// contact, register a webhook to a local receiver built with package
// webhook, simulate an inbound call and print the events received, read
// the AI summary of that call and send an SMS, then export every call (the
// 25,000, the demo company's 3 and the simulated one) past the API's
// 10,000-item cap with Calls.All, counting requests.
//
// With AIRCALL_API_ID and AIRCALL_API_TOKEN set it runs only the read-only
// steps against the real API (or against AIRCALL_BASE_URL when set).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
	"github.com/seed1279ea27/aircall-go/webhook"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Getenv); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// generatedCalls is how many calls the fake company has, past the cap.
const generatedCalls = 25000

// demoCalls is how many calls the demo company of aircalltest.WithDemoData
// has besides the generated ones (one answered, one missed, one outbound).
const demoCalls = 3

// countingTransport counts the HTTP requests the SDK sends.
type countingTransport struct {
	n    atomic.Int64
	next http.RoundTripper
}

func (t *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	t.n.Add(1)
	return t.next.RoundTrip(r)
}

// run is the whole tour; getenv reads the environment.
func run(ctx context.Context, out io.Writer, getenv func(string) string) error {
	id, token := getenv("AIRCALL_API_ID"), getenv("AIRCALL_API_TOKEN")
	counter := &countingTransport{next: http.DefaultTransport.(*http.Transport).Clone()}
	if id != "" && token != "" {
		return runReadOnly(ctx, out, id, token, getenv("AIRCALL_BASE_URL"), counter)
	}
	if id != "" || token != "" {
		return errors.New("set both AIRCALL_API_ID and AIRCALL_API_TOKEN, or neither to use the embedded fake Aircall")
	}
	return runFake(ctx, out, counter)
}

// runReadOnly reads, and changes nothing in, a real account.
func runReadOnly(ctx context.Context, out io.Writer, id, token, baseURL string, counter *countingTransport) error {
	opts := []aircall.Option{aircall.WithBasicAuth(id, token), aircall.WithTransport(counter)}
	if baseURL != "" {
		opts = append(opts, aircall.WithBaseURL(baseURL))
	}
	c, err := aircall.NewClient(opts...)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "aircall-go quickstart, read-only, against %s\n", c.BaseURL())
	if err := tourRead(ctx, out, c); err != nil {
		return err
	}
	week := time.Now().Add(-7 * 24 * time.Hour)
	calls, resp, err := c.Calls.List(ctx, &aircall.CallListOptions{TimeRange: aircall.TimeRange{From: week, Order: aircall.OrderDesc}})
	if err != nil {
		return fmt.Errorf("listing calls: %w", err)
	}
	fmt.Fprintf(out, "calls in the last 7 days: %d (first page: %d)\n", resp.Meta.Total, len(calls))
	fmt.Fprintf(out, "requests used: %d; rate budget: %s\n", counter.n.Load(), describeRate(c.Rate()))
	return nil
}

// tourRead pings and lists users and numbers.
func tourRead(ctx context.Context, out io.Writer, c *aircall.Client) error {
	if _, err := c.Ping(ctx); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	fmt.Fprintf(out, "ping: ok (%s)\n", describeRate(c.Rate()))
	users, resp, err := c.Users.List(ctx, &aircall.UserListOptions{ListOptions: aircall.ListOptions{PerPage: 10}})
	if err != nil {
		return fmt.Errorf("listing users: %w", err)
	}
	printList(out, "users", resp.Meta.Total, users, func(u *aircall.User) string {
		return fmt.Sprintf("%-6d %-16s %-28s %s", u.ID, u.Name, u.Email, u.AvailabilityStatus)
	})
	numbers, resp, err := c.Numbers.List(ctx, &aircall.NumberListOptions{ListOptions: aircall.ListOptions{PerPage: 10}})
	if err != nil {
		return fmt.Errorf("listing numbers: %w", err)
	}
	printList(out, "numbers", resp.Meta.Total, numbers, func(n *aircall.Number) string {
		return fmt.Sprintf("%-6d %-16s %-20s open=%v", n.ID, n.Name, n.Digits, n.Open)
	})
	return nil
}

// printList prints what, the total, and a line of items each.
func printList[T any](out io.Writer, what string, total int, items []*T, line func(*T) string) {
	fmt.Fprintf(out, "%s (%d):\n", what, total)
	for _, it := range items {
		fmt.Fprintf(out, "  %s\n", line(it))
	}
}

func describeRate(r aircall.Rate) string {
	if !r.Known() {
		return "no rate headers"
	}
	return fmt.Sprintf("%d of %d requests left until %s", r.Remaining, r.Limit, r.Reset.Format(time.TimeOnly))
}

// runFake tours the SDK on the embedded fake Aircall.
func runFake(ctx context.Context, out io.Writer, counter *countingTransport) error {
	now := time.Now()
	srv, err := aircalltest.New(
		aircalltest.WithDemoData(),
		aircalltest.WithGeneratedCalls(generatedCalls, now.Add(-90*24*time.Hour), now.Add(-time.Hour)),
		aircalltest.WithRateLimit(100_000, time.Minute), // generous, so the tour runs fast
	)
	if err != nil {
		return err
	}
	defer srv.Close()
	fmt.Fprintf(out, "aircall-go quickstart: AIRCALL_API_ID and AIRCALL_API_TOKEN are not set, so this tour runs on an embedded fake Aircall\n")
	fmt.Fprintf(out, "fake Aircall at %s (demo company with %d calls, plus %d generated calls)\n\n", srv.URL(), demoCalls, generatedCalls)

	// A plain client, as against the real API; it learns the budget from
	// the X-AircallApi-* headers.
	c, err := aircall.NewClient(
		aircall.WithBaseURL(srv.URL()),
		aircall.WithBasicAuth(srv.APIID(), srv.APIToken()),
		aircall.WithTransport(counter),
	)
	if err != nil {
		return err
	}
	if err := tourRead(ctx, out, c); err != nil {
		return err
	}

	contact, _, err := c.Contacts.Create(ctx, &aircall.ContactCreateParams{
		FirstName: "Lena", LastName: "Weber", CompanyName: "Weber GmbH", Information: "crm_id:4711",
		PhoneNumbers: []aircall.ContactDetailParams{{Label: "Work", Value: "+49 30 1234567"}},
		Emails:       []aircall.ContactDetailParams{{Label: "Work", Value: "lena@weber.example"}},
	})
	if err != nil {
		return fmt.Errorf("creating a contact: %w", err)
	}
	fmt.Fprintf(out, "contact created: #%d %s %s, %s\n", contact.ID, contact.FirstName, contact.LastName, contact.PhoneNumbers[0].Value)

	events, callID, err := webhookTour(ctx, out, c, srv)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "events received (%d):\n", len(events))
	for _, e := range events {
		fmt.Fprintf(out, "  %s\n", e)
	}

	fmt.Fprintf(out, "AI and messaging:\n")
	if err := aiTour(ctx, out, c, callID); err != nil {
		return err
	}

	// Export every call, past the 10,000-item cap.
	before := counter.n.Load()
	start := time.Now()
	count := 0
	for _, err := range c.Calls.All(ctx, nil) {
		if err != nil {
			return fmt.Errorf("exporting calls after %d: %w", count, err)
		}
		count++
	}
	elapsed := time.Since(start)
	requests := counter.n.Load() - before
	fmt.Fprintf(out, "\nexport: %d calls with Calls.All in %d requests (at least %d: one per page of 50) in %s\n",
		count, requests, (count+49)/50, elapsed.Round(time.Millisecond))
	fmt.Fprintf(out, "        (%d generated, %d of the demo company, %d simulated above)\n", generatedCalls, demoCalls, count-generatedCalls-demoCalls)
	fmt.Fprintf(out, "requests in total: %d; server saw %d, refused %d for rate limit\n", counter.n.Load(), srv.Stats().Requests, srv.Stats().RateLimited)
	return nil
}

// webhookTour registers a webhook to a local receiver, simulates an
// inbound call and returns the events the receiver handled, in order, and
// the call's ID.
func webhookTour(ctx context.Context, out io.Writer, c *aircall.Client, srv *aircalltest.Server) ([]string, aircall.ID, error) {
	var (
		mu     sync.Mutex
		events []string
		h      atomic.Pointer[webhook.Handler]
	)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hh := h.Load(); hh != nil {
			hh.ServeHTTP(w, r)
			return
		}
		http.Error(w, "not ready", http.StatusServiceUnavailable)
	}))
	defer recv.Close()

	hook, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{
		URL: recv.URL + "/aircall/events", CustomName: "quickstart",
		Events: []aircall.Event{
			aircall.EventCallCreated, aircall.EventCallRingingOnAgent, aircall.EventCallAnswered,
			aircall.EventCallHungup, aircall.EventCallEnded, aircall.EventCallCommAssetsGenerated,
		},
	})
	if err != nil {
		return nil, 0, fmt.Errorf("registering a webhook: %w", err)
	}
	fmt.Fprintf(out, "webhook registered: %s -> %s (%d events)\n", hook.WebhookID, hook.URL, len(hook.Events))

	handler, err := webhook.NewHandler(webhook.Tokens(hook.Token), webhook.WithLogger(slog.New(slog.DiscardHandler)))
	if err != nil {
		return nil, 0, err
	}
	handler.OnAnyCall(func(_ context.Context, ev *webhook.CallEvent) error {
		who := "nobody"
		if ev.Call.User != nil {
			who = ev.Call.User.Name
		}
		mu.Lock()
		events = append(events, fmt.Sprintf("%-28s call %d %-8s %-8s user=%s", ev.Name, ev.Call.ID, ev.Call.Direction, ev.Call.Status, who))
		mu.Unlock()
		return nil
	})
	h.Store(handler)

	call, err := srv.SimulateInboundCall(aircalltest.OnNumber(aircalltest.DemoNumberFrance), aircalltest.AnsweredBy(aircalltest.DemoUserJohn),
		aircalltest.WithPeer("+34768776683"), aircalltest.WithDuration(3*time.Minute))
	if err != nil {
		return nil, 0, err
	}
	fmt.Fprintf(out, "simulated an inbound call: #%d from %s, answered by %s, %ds\n", call.ID, call.RawDigits, call.User.Name, call.Duration)
	if err := srv.Flush(ctx); err != nil {
		return nil, 0, err
	}
	mu.Lock()
	defer mu.Unlock()
	return append([]string(nil), events...), call.ID, nil
}

// aiTour reads the AI summary of a call and sends an SMS from a number.
// Conversation intelligence needs the AI add-on; ErrInsightUnavailable
// tells a summary that is not ready yet (wait for summary.created) apart.
func aiTour(ctx context.Context, out io.Writer, c *aircall.Client, callID aircall.ID) error {
	sum, _, err := c.Calls.Summary(ctx, callID)
	switch {
	case errors.Is(err, aircall.ErrInsightUnavailable):
		fmt.Fprintf(out, "  AI summary of call #%d: not ready yet\n", callID)
	case err != nil:
		return fmt.Errorf("reading the AI summary: %w", err)
	default:
		fmt.Fprintf(out, "  AI summary of call #%d: %s\n", sum.CallID, sum.Content)
	}
	msg, _, err := c.Messages.SendInConversation(ctx, aircalltest.DemoNumberFrance, &aircall.MessageParams{
		To:   "+34768776683",
		Body: "Thanks for your call! Your refund is on its way.",
	})
	if err != nil {
		return fmt.Errorf("sending a message: %w", err)
	}
	fmt.Fprintf(out, "  message sent: %s %s to %s at %s\n", msg.ID, msg.Status, msg.RawDigits, msg.CreatedAt.Format(time.TimeOnly))
	return nil
}
