package aircall_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// ExampleWithPacer makes two Clients of one company share its rate budget:
// what one spends, the other sees.
func ExampleWithPacer() {
	srv := demoServer()
	defer srv.Close()

	pacer := aircall.NewPacer(1000, time.Minute) // Aircall's window is a minute
	a, err := srv.Client(aircall.WithPacer(pacer))
	if err != nil {
		log.Fatal(err)
	}
	b, err := srv.Client(aircall.WithPacer(a.Pacer()))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := a.Ping(ctx); err != nil {
		log.Fatal(err)
	}
	if _, _, err := b.Company.Get(ctx); err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.Rate().Limit, a.Rate().Remaining, b.Rate().Remaining)
	// Output:
	// 1000 998 998
}

// ExampleWithLogger shows the Client's log lines. Here the time and the
// durations are left out so that the output is stable.
func ExampleWithLogger() {
	srv := demoServer()
	defer srv.Close()
	if err := srv.InjectFault(aircalltest.Fault{Method: "GET", Path: "/v1/company", Status: 503, Times: 1}); err != nil {
		log.Fatal(err)
	}

	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			switch a.Key {
			case slog.TimeKey, "duration", "pacer_wait", "backoff":
				return slog.Attr{}
			}
			return a
		},
	}))
	c, err := srv.Client(aircall.WithLogger(logger))
	if err != nil {
		log.Fatal(err)
	}
	if _, _, err := c.Company.Get(context.Background()); err != nil {
		log.Fatal(err)
	}
	// Output:
	// level=DEBUG msg="aircall: request" method=GET path=/v1/company attempt=1 status=503 remaining=999
	// level=WARN msg="aircall: retrying request" method=GET path=/v1/company attempt=1 status=503
	// level=DEBUG msg="aircall: request" method=GET path=/v1/company attempt=2 status=200 remaining=998
}

// ExampleRetryPolicy bounds the retries: a GET is retried after a 5xx,
// here twice at most, and the error of the last attempt is returned.
func ExampleRetryPolicy() {
	srv := demoServer()
	defer srv.Close()
	if err := srv.InjectFault(aircalltest.Fault{Method: "GET", Path: "/v1/company", Status: 503}); err != nil {
		log.Fatal(err)
	}

	c, err := srv.Client(aircall.WithRetryPolicy(aircall.RetryPolicy{
		MaxRetries: 2,
		MinWait:    time.Millisecond, // in production, keep DefaultRetryPolicy's 500ms
		MaxWait:    10 * time.Millisecond,
	}))
	if err != nil {
		log.Fatal(err)
	}
	_, _, err = c.Company.Get(context.Background())
	var apiErr *aircall.APIError
	fmt.Println(errors.As(err, &apiErr) && apiErr.StatusCode == 503, srv.Stats().Requests)
	// Output:
	// true 3
}

// ExampleWithEnv configures a Client from AIRCALL_API_ID and
// AIRCALL_API_TOKEN (or AIRCALL_ACCESS_TOKEN), and AIRCALL_BASE_URL.
func ExampleWithEnv() {
	srv := demoServer()
	defer srv.Close()
	// In production these come from the environment of the process.
	os.Setenv(aircall.EnvAPIID, srv.APIID())
	os.Setenv(aircall.EnvAPIToken, srv.APIToken())
	os.Setenv(aircall.EnvBaseURL, srv.URL())
	defer os.Unsetenv(aircall.EnvAPIID)
	defer os.Unsetenv(aircall.EnvAPIToken)
	defer os.Unsetenv(aircall.EnvBaseURL)

	c, err := aircall.NewClient(aircall.WithEnv())
	if err != nil {
		log.Fatal(err)
	}
	co, _, err := c.Company.Get(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(co.Name)

	// With nothing set, NewClient says which variables to set.
	os.Unsetenv(aircall.EnvAPIID)
	os.Unsetenv(aircall.EnvAPIToken)
	_, err = aircall.NewClient(aircall.WithEnv())
	fmt.Println(err)
	// Output:
	// Acme Inc.
	// aircall: WithEnv: no credentials in the environment: set AIRCALL_API_ID and AIRCALL_API_TOKEN, or AIRCALL_ACCESS_TOKEN
}
