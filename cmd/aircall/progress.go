package main

import (
	"fmt"
	"io"
	"time"

	"github.com/schollz/progressbar/v3"

	aircall "github.com/seed1279ea27/aircall-go"
)

// progress draws an export's progress bar: items done, their rate, and an
// ETA from the time window left and the rate budget.
type progress struct {
	bar       *progressbar.ProgressBar
	what      string
	q         listQuery
	budget    func() int // requests per minute, 0 when unknown
	now       func() time.Time
	firstTS   int64 // timestamp of the first item seen, when q has no bound
	startAt   int64 // items done when the run started
	listTotal int64 // startAt + Meta.Total of the first page
	estimate  int64 // items expected in all
}

// newProgress draws on w at most once per throttle.
func newProgress(w io.Writer, what string, q listQuery, budget func() int, throttle time.Duration) *progress {
	p := &progress{what: what, q: q, budget: budget, now: time.Now}
	p.bar = progressbar.NewOptions64(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription(what),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("items"),
		progressbar.OptionSetPredictTime(false),
		progressbar.OptionSetElapsedTime(true),
		progressbar.OptionSetWidth(30),
		progressbar.OptionThrottle(throttle),
		progressbar.OptionOnCompletion(func() { fmt.Fprintln(w) }),
	)
	return p
}

// start sets the count an export resumes at.
func (p *progress) start(done int64) {
	p.startAt = done
	_ = p.bar.Set64(done)
}

// page records that done items are written, the last one at ts (0 for
// lists without time order), and the size of the list the page announced
// (Meta.Total).
func (p *progress) page(done, ts int64, total int) {
	if p.listTotal == 0 && total > 0 {
		p.listTotal = p.startAt + int64(total) // the first page's list is all that is left
	}
	// The first page's Meta.Total is exact while the list holds more than
	// what is done; past it (a total capped at 10,000), the time window.
	est := p.estimateTotal(done, ts)
	if p.listTotal > done {
		est = p.listTotal
	}
	if est > 0 && est != p.estimate {
		p.estimate = est
		p.bar.ChangeMax64(est)
	}
	p.bar.Describe(p.what + " " + p.eta(done))
	_ = p.bar.Set64(done)
}

// estimateTotal guesses the items in all from the share of the time window
// covered so far, for lists in time order: the window runs from --from
// (else the first item's time, in ascending order) to --to (else now, or
// the first item's time in descending order). It is 0 when unknown.
func (p *progress) estimateTotal(done, ts int64) int64 {
	if ts == 0 || done <= p.startAt {
		return 0
	}
	if p.firstTS == 0 {
		p.firstTS = ts
	}
	var span, covered int64
	if p.q.order == aircall.OrderDesc {
		if p.q.from.IsZero() {
			return 0
		}
		top := p.firstTS
		if !p.q.to.IsZero() {
			top = p.q.to.Unix()
		}
		span, covered = top-p.q.from.Unix(), top-ts
	} else {
		bottom, top := p.firstTS, p.now().Unix()
		if !p.q.from.IsZero() {
			bottom = p.q.from.Unix()
		}
		if !p.q.to.IsZero() {
			top = p.q.to.Unix()
		}
		span, covered = top-bottom, ts-bottom
	}
	if span <= 0 || covered <= 0 {
		return 0
	}
	frac := min(float64(covered)/float64(span), 1)
	return max(p.startAt+int64(float64(done-p.startAt)/frac), done)
}

// eta is the time the rest takes at the rate budget: a page of 50 items
// per request.
func (p *progress) eta(done int64) string {
	if p.estimate <= done {
		return ""
	}
	perMinute := p.budget()
	if perMinute <= 0 {
		perMinute = aircall.DefaultRateLimit
	}
	requests := (p.estimate - done + aircall.MaxPerPage - 1) / aircall.MaxPerPage
	d := time.Duration(float64(requests) / float64(perMinute) * float64(time.Minute)).Round(time.Second)
	return fmt.Sprintf("(ETA %s at %d req/min)", d, perMinute)
}

func (p *progress) finish() { _ = p.bar.Finish() }
