package aircall

import (
	"context"
	"encoding/base64"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
)

// Marketplace apps hold one Client per installed company. Clients built
// without WithHTTPClient or WithTransport share one connection pool: 200
// Clients sending one request each in turn open a handful of connections,
// not 200 (one pool and one TLS handshake per Client before).
func TestClientsShareOneConnectionPool(t *testing.T) {
	t.Parallel()
	var conns atomic.Int32
	var mu sync.Mutex
	auths := map[string]int{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		auths[r.Header.Get("Authorization")]++
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"ping":"pong"}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	const companies = 200
	for i := range companies {
		c, err := NewClient(WithBasicAuth(fmt.Sprint("id", i), fmt.Sprint("token-of-company-", i)), WithBaseURL(srv.URL))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Ping(context.Background()); err != nil {
			t.Fatalf("company %d: %v", i, err)
		}
	}
	t.Logf("%d Clients, one request each: %d connections", companies, conns.Load())
	if n := conns.Load(); n > 4 {
		t.Errorf("%d Clients, one request each in turn, opened %d connections, want at most 4", companies, n)
	}
	// Credentials stay per Client: each company's request carried its own.
	mu.Lock()
	defer mu.Unlock()
	for i := range companies {
		want := "Basic " + base64.StdEncoding.EncodeToString(fmt.Appendf(nil, "id%d:token-of-company-%d", i, i))
		if auths[want] != 1 {
			t.Errorf("company %d: %d requests with its credentials, want 1", i, auths[want])
		}
	}
	if len(auths) != companies {
		t.Errorf("%d distinct Authorization headers, want %d", len(auths), companies)
	}
}
