package aircalltest

import (
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
)

// TestLogBufferConcurrentWrites: lines written by many goroutines, read
// meanwhile, all end up whole in the buffer (run with -race).
func TestLogBufferConcurrentWrites(t *testing.T) {
	t.Parallel()
	var buf LogBuffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				log.Info("line", "g", g, "i", i)
				_ = buf.String()
			}
		})
	}
	wg.Wait()
	got := buf.String()
	if n := strings.Count(got, "\n"); n != 400 {
		t.Errorf("%d lines, want 400:\n%s", n, got)
	}
	for g := range 8 {
		for i := range 50 {
			if line := fmt.Sprintf("msg=line g=%d i=%d\n", g, i); !strings.Contains(got, line) {
				t.Errorf("no %q in the buffer", line)
			}
		}
	}
}
