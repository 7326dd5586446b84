// Package benchcpu reports the CPU time of benchmarks, which a loaded
// machine disturbs far less than the wall-clock ns/op.
package benchcpu

import (
	"syscall"
	"testing"
	"time"
)

// Now is the CPU time (user and system) the process has used so far.
func Now(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Loop runs f in b.Loop and reports the process CPU time per iteration
// as cpu-ns/op, beside the wall-clock ns/op. Every goroutine of the
// process counts, such as an httptest server's.
func Loop(b *testing.B, f func()) {
	start, n := Now(b), 0
	for b.Loop() {
		f()
		n++
	}
	b.ReportMetric(float64(Now(b)-start)/float64(n), "cpu-ns/op")
}
