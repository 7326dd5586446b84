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

// Compare runs a and base in alternating blocks of block calls, b.N
// blocks in all, so that a machine whose load changes during the run
// slows both alike. It reports the process CPU time per call of each, as
// <name>-cpu-ns/op and <baseName>-cpu-ns/op, and their ratio base/a as
// <baseName>/<name>: above 1 when a is cheaper.
func Compare(b *testing.B, name string, a func(), baseName string, base func(), block int) {
	var ta, tb time.Duration
	n := 0
	for b.Loop() {
		t0 := Now(b)
		for range block {
			a()
		}
		t1 := Now(b)
		for range block {
			base()
		}
		ta, tb = ta+t1-t0, tb+Now(b)-t1
		n += block
	}
	b.ReportMetric(float64(ta)/float64(n), name+"-cpu-ns/op")
	b.ReportMetric(float64(tb)/float64(n), baseName+"-cpu-ns/op")
	b.ReportMetric(float64(tb)/float64(ta), baseName+"/"+name)
}
