package aircall

import (
	"context"
	"errors"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"strings"
	"testing"
)

// WithBaseURL never echoes a URL it cannot parse: its userinfo may be a
// credential (issue 9, finding 5).
func TestReviewWithBaseURLUnparsableHidesUserinfo(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"https://my-id:s3cr3tT0ken@api.aircall.io:bad", "my-id:s3cr3tT0ken@api.aircall.io"} {
		_, err := NewClient(WithBasicAuth("a", "b"), WithBaseURL(raw))
		if err == nil {
			t.Fatalf("WithBaseURL(%q): no error", raw)
		}
		if strings.Contains(err.Error(), "s3cr3tT0ken") {
			t.Errorf("WithBaseURL error leaks the credential: %v", err)
		}
	}
}

// failingSource is a TokenSource that cannot give a token (its token
// endpoint is down).
type failingSource struct{}

func (failingSource) Token() (*oauth2.Token, error) {
	return nil, errors.New("token endpoint unreachable")
}

// A POST whose token could not be obtained never left the process: it is
// not "outcome unknown", and the server saw nothing.
func TestReviewTokenSourceFailureIsNotOutcomeUnknown(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/contacts", reply(t, http.StatusCreated, `{"contact":{"id":1}}`))
	c, err := NewClient(WithTokenSource(failingSource{}), WithBaseURL(ts.URL), WithRetryPolicy(RetryPolicy{}), WithPacer(NewPacer(0, time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(context.Background(), http.MethodPost, "/v1/contacts", nil, map[string]string{"first_name": "A"}, nil)
	if err == nil {
		t.Fatal("no error")
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("err = %v: matches ErrOutcomeUnknown, but the request was never sent", err)
	}
	if n := ts.requests.Load(); n != 0 {
		t.Errorf("the server saw %d requests, want 0", n)
	}
}
