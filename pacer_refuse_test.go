package aircall

import (
	"context"
	"net/http"
	"testing"
)

// A Pacer not made by NewPacer (its zero value) is refused by WithPacer,
// rather than panicking on the first request.
func TestZeroPacerRefused(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/ping", reply(t, http.StatusOK, `{"ping":"pong"}`))
	c, err := NewClient(WithBasicAuth("api-id", "api-token"), WithBaseURL(ts.URL), WithPacer(&Pacer{}))
	if err != nil {
		return // refused: fine
	}
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("Ping with a zero Pacer panics: %v", p)
		}
	}()
	c.Ping(context.Background())
}
