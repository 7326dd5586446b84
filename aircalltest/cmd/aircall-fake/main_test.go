package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestRunServesUntilCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-calls", "100", "-api-id", "id", "-api-token", "tok"}, &out, func(srv *aircalltest.Server) {
			req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL()+"/v1/calls?per_page=1", nil)
			req.SetBasicAuth("id", "tok")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Errorf("GET /v1/calls: %v", err)
			} else {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || !strings.Contains(string(b), `"total":103`) {
					t.Errorf("GET /v1/calls: %d %s", resp.StatusCode, b)
				}
			}
			cancel()
		})
	}()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	for _, want := range []string{"listening on http://127.0.0.1:", "api_id:    id", "api_token: tok", "curl -u id:tok", "AIRCALL_API_ID=id", "stopping"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunRefusesNonLoopback(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	err := run(context.Background(), []string{"-addr", "0.0.0.0:0"}, &out, nil)
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("run -addr 0.0.0.0:0: %v, want a loopback error", err)
	}
	if err := run(context.Background(), []string{"extra"}, &out, nil); err == nil {
		t.Error("run accepted a stray argument")
	}
}

func TestRunHelpAndUsage(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	if err := run(context.Background(), []string{"-h"}, &out, nil); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("run -h: %v, want flag.ErrHelp (exit 0)", err)
	}
	if !strings.Contains(out.String(), "-calls") {
		t.Errorf("-h output lacks the flags:\n%s", out.String())
	}
	if err := run(context.Background(), []string{"-no-such-flag"}, &out, nil); !errors.Is(err, errUsage) {
		t.Errorf("run -no-such-flag: %v, want a usage error (exit 2)", err)
	}
}
