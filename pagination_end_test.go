package aircall

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// A list whose meta has a total but no current_page nor link keys, served
// by a server that ignores page, ends once the total is passed instead of
// yielding the same full page forever.
func TestPagesPastTotalEnd(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	items := make([]string, 50)
	for i := range items {
		items[i] = fmt.Sprintf(`{"webhook_id":"w%d","url":"https://example.com/h","active":true}`, i)
	}
	body := `{"webhooks":[` + strings.Join(items, ",") + `],"meta":{"count":50,"total":50,"per_page":50}}`
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ts.handle("GET /v1/webhooks", func(w http.ResponseWriter, r *http.Request) {
		if ts.requests.Load() > 5 {
			cancel() // the iteration loops: stop it
		}
		io.WriteString(w, body)
	})
	got := 0
	for _, err := range ts.client(t).Webhooks.All(ctx, nil) {
		if err != nil {
			t.Fatalf("All: %v after %d webhooks", err, got)
		}
		got++
	}
	if got != 50 {
		t.Errorf("All yielded %d webhooks, want the 50 of the total", got)
	}
}
