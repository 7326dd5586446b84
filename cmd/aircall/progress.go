package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	aircall "github.com/seed1279ea27/aircall-go"
)

// defaultProgressInterval is how often --progress lines reports.
const defaultProgressInterval = 10 * time.Second

// progressOptions are the --progress flags of the long commands; they bind
// to the app, since one command runs per process.
type progressOptions struct {
	mode     string        // auto, bar, lines or none
	interval time.Duration // between two lines in lines mode
}

// addProgressFlags gives cmd --progress (and the hidden --progress-interval,
// for tests). A long command calls it, then newProgress when it starts.
func (a *app) addProgressFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&a.progress.mode, "progress", "auto", "auto, bar, lines or none: auto draws a bar when stderr is a terminal, else prints a line every 10s and at the end")
	f.DurationVar(&a.progress.interval, "progress-interval", defaultProgressInterval, "period of --progress lines")
	_ = f.MarkHidden("progress-interval")
}

// progress reports a long run on stderr: a bar redrawn as items are done,
// or a line every interval and at the end, or nothing. Its methods are safe
// for concurrent use; a nil *progress reports nothing.
type progress struct {
	mu        sync.Mutex
	w         io.Writer
	what      string
	mode      string // bar, lines or none
	interval  time.Duration
	throttle  time.Duration       // between two frames of the bar
	lastFrame time.Time           // when the bar was drawn last
	rate      func() aircall.Rate // the budget the API announced last; nil: unknown
	now       func() time.Time

	started   time.Time
	startAt   int64 // items done before this run (a resumed run)
	done      int64
	total     int64 // 0: unknown
	perItem   float64
	bar       *progressbar.ProgressBar // drawn at the first item done, not before
	stop      chan struct{}
	stopOnce  sync.Once
	stopped   chan struct{}
	finished  bool
	lastLines int64 // done at the last line printed
}

// newProgress starts reporting the run of cmd on stderr: what names the
// items ("calls"), total is how many are expected (0: unknown, SetTotal can
// tell later), c the Client whose rate budget is shown (nil: none). The
// caller calls Done at the end, whatever the outcome. It is a usage error
// when --progress is not a known mode.
func (a *app) newProgress(cmd *cobra.Command, c *aircall.Client, what string, total int64) (*progress, error) {
	mode := a.progress.mode
	switch mode {
	case "", "auto":
		mode = "lines"
		if a.env.stderrTerminal {
			mode = "bar"
		}
	case "bar", "lines", "none":
	default:
		return nil, usagef("--progress %q: want auto, bar, lines or none", a.progress.mode)
	}
	if a.quiet {
		mode = "none"
	}
	interval := a.progress.interval
	if interval <= 0 {
		interval = defaultProgressInterval
	}
	p := &progress{w: cmd.ErrOrStderr(), what: what, mode: mode, interval: interval, throttle: 100 * time.Millisecond, now: time.Now, total: total}
	if c != nil {
		p.rate = c.Rate
	}
	p.started = p.now()
	if mode == "lines" {
		p.stop, p.stopped = make(chan struct{}), make(chan struct{})
		go p.tick()
	}
	if mode == "bar" {
		a.clearLine = p.clear
	}
	return p, nil
}

// tick prints a line every interval until Done.
func (p *progress) tick() {
	defer close(p.stopped)
	t := time.NewTicker(p.interval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.mu.Lock()
			fmt.Fprintln(p.w, p.line(false))
			p.lastLines = p.done
			p.mu.Unlock()
		}
	}
}

// Resume sets the count a resumed run starts at: the items done by earlier
// runs, which the rate does not count.
func (p *progress) Resume(done int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.startAt, p.done = done, done
}

// Add records n more items done.
func (p *progress) Add(n int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.setLocked(p.done + n)
}

// Set records that done items are done in all.
func (p *progress) Set(done int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.setLocked(done)
}

// SetTotal changes the number of items expected (0: unknown).
func (p *progress) SetTotal(total int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total = total // the bar takes it at the next Set or Add
}

// PerRequest makes the ETA the time the requests left take at the rate
// budget, n items a request (export: a page of 50), rather than the time
// at the rate seen so far.
func (p *progress) PerRequest(n int) {
	if p == nil || n <= 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.perItem = 1 / float64(n)
}

func (p *progress) setLocked(done int64) {
	p.done = done
	if p.mode != "bar" || done <= p.startAt {
		return // no frame before the first item: it would read 0 items a minute
	}
	if p.total > 0 && p.total < done {
		p.total = done
	}
	if p.bar != nil && p.now().Sub(p.lastFrame) < p.throttle {
		return
	}
	p.frame()
}

// frame draws the bar as it stands: created at the first item, with its
// count and text from the first frame.
func (p *progress) frame() {
	p.lastFrame = p.now()
	if p.bar == nil {
		max := p.total
		if max <= 0 {
			max = -1 // unknown: a spinner
		}
		p.bar = progressbar.NewOptions64(max,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(p.describe()),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(false),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(0), // frame throttles
		)
		_ = p.bar.Set64(p.done)
		return
	}
	if p.total > 0 && p.total != p.bar.GetMax64() {
		p.bar.ChangeMax64(p.total)
	}
	p.bar.Describe(p.describe())
	_ = p.bar.Set64(p.done)
}

// clear erases the bar's line, for a log line to take it; the next frame
// draws it again.
func (p *progress) clear() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil && !p.finished {
		_ = p.bar.Clear()
	}
}

// Done ends the report: the bar completes, or a last line is printed.
func (p *progress) Done() {
	if p == nil {
		return
	}
	if p.stop != nil {
		p.stopOnce.Do(func() { close(p.stop) })
		<-p.stopped
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.finished {
		return
	}
	p.finished = true
	switch {
	case p.bar != nil:
		p.frame() // the last count, which the throttle may have skipped
		_ = p.bar.Exit()
		fmt.Fprintln(p.w)
	case p.mode == "lines" && p.done > p.startAt: // nothing done: the error or summary says it all
		fmt.Fprintln(p.w, p.line(true))
	}
}

// perMinute is the rate of this run, in items a minute; ok is false before
// any item, or in the first second (a rate from one page means little).
func (p *progress) perMinute() (float64, bool) {
	elapsed := p.now().Sub(p.started)
	n := p.done - p.startAt
	if n <= 0 || elapsed < time.Second && !p.finished {
		return 0, false
	}
	return float64(n) / elapsed.Minutes(), true
}

// describe is the bar's text: what, rate, ETA and budget.
func (p *progress) describe() string {
	parts := []string{p.what}
	if r, ok := p.perMinute(); ok {
		parts = append(parts, fmt.Sprintf("%.0f/min", r))
	}
	if eta := p.eta(); eta != "" {
		parts = append(parts, "("+eta+")")
	}
	return strings.Join(parts, " ")
}

// line is the text of a --progress lines report; last marks the one at
// the end.
func (p *progress) line(last bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d", p.what, p.done)
	if p.total > 0 {
		fmt.Fprintf(&b, "/%d (%.0f%%)", p.total, 100*float64(p.done)/float64(p.total))
	}
	b.WriteString(" done")
	if last {
		fmt.Fprintf(&b, " in %s", p.now().Sub(p.started).Round(time.Second))
	}
	if r, ok := p.perMinute(); ok {
		fmt.Fprintf(&b, ", %.0f a minute", r)
	} else {
		b.WriteString(", none yet")
	}
	if !last {
		if eta := p.eta(); eta != "" {
			b.WriteString(", " + eta)
		}
		b.WriteString(", " + p.budget())
	}
	return b.String()
}

// budget describes the requests left in the rate window, as the API last
// announced them.
func (p *progress) budget() string {
	if p.rate == nil {
		return "budget: unknown"
	}
	r := p.rate()
	switch {
	case !r.Known():
		return "budget: unknown (the API sends it near the limit)"
	case r.Remaining < 0:
		return fmt.Sprintf("budget: %d requests a window, left unknown", r.Limit)
	case r.Reset.IsZero():
		return fmt.Sprintf("budget: %d of %d requests left", r.Remaining, r.Limit)
	}
	return fmt.Sprintf("budget: %d of %d requests left until %s", r.Remaining, r.Limit, r.Reset.Local().Format(time.TimeOnly))
}

// eta is the time the items left take: at the rate budget when each item
// costs a known share of a request (PerRequest), else at the rate seen so
// far. It is "" when the total or the rate is unknown.
func (p *progress) eta() string {
	if p.total <= p.done {
		return ""
	}
	left := float64(p.total - p.done)
	if p.perItem > 0 {
		perMinute := 0
		if p.rate != nil {
			perMinute = p.rate().Limit
		}
		if perMinute <= 0 {
			perMinute = aircall.DefaultRateLimit
		}
		requests := int64(left*p.perItem + 0.999999)
		d := time.Duration(float64(requests) / float64(perMinute) * float64(time.Minute)).Round(time.Second)
		return fmt.Sprintf("ETA %s at %d req/min", d, perMinute)
	}
	r, ok := p.perMinute()
	if !ok {
		return ""
	}
	return "ETA " + time.Duration(left/r*float64(time.Minute)).Round(time.Second).String()
}
