package aircalltest

import (
	"bytes"
	"sync"
)

// LogBuffer is an io.Writer that keeps what is written to it, safe to read
// while other goroutines write: a sink for the logs of a Server's
// neighbours in a test (a webhook.Handler's slog.Logger, a program run by
// the test, the output of aircall-fake), read with String as they run.
// The zero LogBuffer is ready to use; it must not be copied after first
// use.
type LogBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write appends p. It never fails.
func (l *LogBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// String returns everything written so far.
func (l *LogBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
