package aircalltest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// Any Client reaches a Server with its URL and credentials, such as one
// configured like production code (Server.Client adds a pacer at the
// Server's budget and short retry waits).
func ExampleNew() {
	srv, err := aircalltest.New(aircalltest.WithDemoData(), aircalltest.WithRateLimit(1000, time.Minute))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer srv.Close()
	c, err := aircall.NewClient(aircall.WithBasicAuth(srv.APIID(), srv.APIToken()), aircall.WithBaseURL(srv.URL()))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	for u, err := range c.Users.All(ctx, nil) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(u.ID, u.Name, u.AvailabilityStatus)
	}
	// Output:
	// 456 John Doe available
	// 457 Amy Rudd custom
	// 458 Vera Martin unavailable
	// 459 Rafael Lopez available
}

// A simulated call sends its events to the registered webhooks; Flush waits
// until they were delivered.
func ExampleServer_SimulateInboundCall() {
	srv, c := demo()
	defer srv.Close()
	var mu sync.Mutex
	var got []string
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var env struct {
			Event string `json:"event"`
			Data  struct {
				MissedCallReason string `json:"missed_call_reason"`
			} `json:"data"`
		}
		b, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(b, &env)
		mu.Lock()
		got = append(got, env.Event+" "+env.Data.MissedCallReason)
		mu.Unlock()
	}))
	defer recv.Close()

	ctx := context.Background()
	if _, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{URL: recv.URL}); err != nil {
		fmt.Println(err)
		return
	}
	call, err := srv.SimulateInboundCall(aircalltest.OnNumber(aircalltest.DemoNumberUS), aircalltest.Missed(aircall.MissedOutOfOpeningHours))
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := srv.Flush(ctx); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(call.Status, call.User == nil, call.AnsweredAt.IsZero())
	for _, e := range got {
		fmt.Println(strings.TrimSpace(e))
	}
	// Output:
	// done true true
	// call.created
	// call.hungup out_of_opening_hours
	// call.ended out_of_opening_hours
}

// demo starts a Server with the demo company, a budget of 1,000 requests a
// minute and opts, and returns it with its Client, as ExampleNew does.
func demo(opts ...aircalltest.Option) (*aircalltest.Server, *aircall.Client) {
	srv, err := aircalltest.New(append([]aircalltest.Option{aircalltest.WithDemoData(), aircalltest.WithRateLimit(1000, time.Minute)}, opts...)...)
	if err != nil {
		log.Fatal(err)
	}
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	return srv, c
}
