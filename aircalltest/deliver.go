package aircalltest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/internal/hookbody"
)

// Delivery is one attempt to POST a webhook event.
type Delivery struct {
	WebhookID  string        // the webhook's UUID; "" for a messaging callback
	URL        string        // where it was sent
	Event      aircall.Event // such as "call.ended"
	Body       []byte        // the envelope sent
	StatusCode int           // the receiver's answer; 0 when none came
	Err        string        // why it failed, if it did
	At         time.Time     // when it was sent (Server clock)
	Disabled   bool          // this failure disabled the webhook
}

// OK reports whether the receiver answered 2xx.
func (d Delivery) OK() bool { return d.Err == "" && d.StatusCode >= 200 && d.StatusCode < 300 }

type job struct {
	hook  string // webhook_id; "" for a messaging callback (proxy mode)
	url   string
	token string
	event aircall.Event
	body  []byte
}

// queue delivers webhook events one at a time, in the order they happened,
// on its own goroutine, so that handlers never wait for receivers and
// receivers may call the API back.
type queue struct {
	s      *Server
	client *http.Client

	mu         sync.Mutex
	jobs       []job
	busy       bool
	idle       chan struct{} // closed while nothing is queued or in flight
	wake       chan struct{}
	closed     bool
	held       int // results being prepared (see hold), which Flush waits for too
	done       chan struct{}
	deliveries []Delivery
}

func newQueue(s *Server) *queue {
	q := &queue{s: s, idle: make(chan struct{}), wake: make(chan struct{}, 1), done: make(chan struct{})}
	close(q.idle)
	dialer := &net.Dialer{Timeout: s.cfg.hookTimeout}
	q.client = &http.Client{
		Timeout: s.cfg.hookTimeout,
		Transport: &http.Transport{
			Proxy: nil,
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				host, _, err := net.SplitHostPort(addr)
				if err != nil || !isLoopbackHost(host) {
					return nil, fmt.Errorf("aircalltest: webhooks are delivered to loopback addresses only, not %s", addr)
				}
				return dialer.DialContext(ctx, network, addr)
			},
			MaxIdleConnsPerHost: 4,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	go q.run()
	return q
}

// emit queues event for every active webhook subscribed to it. data is
// encoded now, so later changes do not leak into the event. It must be
// called with s.mu held.
func (s *Server) emit(event aircall.Event, data any) {
	s.emitTS(event, data, s.now().Unix())
}

// emitTS is emit with the envelope timestamp ts (Unix seconds).
func (s *Server) emitTS(event aircall.Event, data any, ts int64) {
	raw, err := json.Marshal(data)
	if err != nil {
		return
	}
	if s.tap != nil {
		s.tap(event, raw, ts)
	}
	for _, h := range s.st.sortedHooks() {
		if !h.active || !h.subscribed(event) || !s.st.hookEnabled(h) {
			continue
		}
		body := eventBody(event, h.token, raw, ts)
		s.q.push(job{hook: h.uuid, url: h.url, token: h.token, event: event, body: body})
	}
}

// eventBody is the documented body of a webhook event, as
// webhooktest.Body builds it for receivers' tests: the envelope of data
// (JSON) with token and the timestamp ts in Unix seconds.
func eventBody(event aircall.Event, token string, data json.RawMessage, ts int64) []byte {
	body, _ := hookbody.Build(event, token, data, time.Unix(ts, 0)) // data is JSON: Build cannot fail
	return body
}

// Emit sends event with data (any JSON value: an *aircall.Call, a map...)
// to every active webhook subscribed to it, as if it happened in the
// company. Every known event already comes from an endpoint or a helper, in
// the recorded shape; use Emit for a hand-made payload (an odd or future
// event).
func (s *Server) Emit(event aircall.Event, data any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.emit(event, data)
}

func (q *queue) push(j job) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return
	}
	q.openLocked()
	q.jobs = append(q.jobs, j)
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *queue) run() {
	defer close(q.done)
	for {
		q.mu.Lock()
		if q.closed {
			q.jobs = nil
			q.finishLocked()
			q.mu.Unlock()
			return
		}
		if len(q.jobs) == 0 {
			q.finishLocked()
			q.mu.Unlock()
			<-q.wake
			continue
		}
		j := q.jobs[0]
		q.jobs = q.jobs[1:]
		q.busy = true
		q.mu.Unlock()
		q.deliver(j)
	}
}

// openLocked marks the queue busy for Flush.
func (q *queue) openLocked() {
	select {
	case <-q.idle:
		q.idle = make(chan struct{})
	default:
	}
}

// hold makes Flush wait for events that a timer will queue later (the AI
// results of a call); release ends the hold.
func (q *queue) hold() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.openLocked()
	q.held++
}

func (q *queue) release() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.held--
	if len(q.jobs) == 0 && !q.busy {
		q.finishLocked()
	}
}

// finishLocked marks the queue idle, unless a hold is pending.
func (q *queue) finishLocked() {
	q.busy = false
	if q.held > 0 && !q.closed {
		return
	}
	select {
	case <-q.idle:
	default:
		close(q.idle)
	}
}

func (q *queue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	select {
	case q.wake <- struct{}{}:
	default:
	}
	<-q.done
	q.client.CloseIdleConnections()
}

// deliver POSTs one event and records the outcome; consecutive failures
// disable the webhook.
func (q *queue) deliver(j job) {
	s := q.s
	s.mu.Lock()
	h, ok := s.st.hooks[j.hook]
	live := j.hook == "" || ok && h.active && s.st.hookEnabled(h)
	s.mu.Unlock()
	if !live {
		return // deleted or disabled since the event was queued
	}
	d := Delivery{WebhookID: j.hook, URL: j.url, Event: j.event, Body: j.body, At: s.now()}
	if err := checkLoopbackURL(j.url); err != nil {
		d.Err = err.Error()
	} else {
		ctx, cancel := context.WithTimeout(context.Background(), s.cfg.hookTimeout)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, j.url, bytes.NewReader(j.body))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("User-Agent", "Aircall-Webhooks (aircalltest)")
			resp, err2 := q.client.Do(req)
			if err2 != nil {
				d.Err = err2.Error()
			} else {
				_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
				resp.Body.Close()
				d.StatusCode = resp.StatusCode
				if !d.OK() {
					d.Err = fmt.Sprintf("answered %d", resp.StatusCode)
				}
			}
		} else {
			d.Err = err.Error()
		}
		cancel()
	}
	s.mu.Lock()
	if h, ok := s.st.hooks[j.hook]; ok {
		if d.OK() {
			h.failures = 0
		} else {
			h.failures++
			if h.active && h.failures >= s.cfg.hookFailLimit {
				h.active = false
				d.Disabled = true
			}
		}
	}
	s.mu.Unlock()
	q.mu.Lock()
	q.deliveries = append(q.deliveries, d)
	q.mu.Unlock()
}

func checkLoopbackURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("invalid URL: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("unsupported scheme %q", u.Scheme)
	}
	if !isLoopbackHost(u.Hostname()) {
		return errors.New("not delivered: aircalltest delivers webhooks to loopback addresses only")
	}
	return nil
}

// Flush waits until every event queued so far was delivered (or failed),
// or until ctx is done.
func (s *Server) Flush(ctx context.Context) error {
	s.q.mu.Lock()
	idle := s.q.idle
	s.q.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Deliveries returns every delivery attempt so far, in order.
func (s *Server) Deliveries() []Delivery {
	s.q.mu.Lock()
	defer s.q.mu.Unlock()
	return append([]Delivery(nil), s.q.deliveries...)
}

// WebhookActive reports whether the webhook (by webhook_id) exists and is
// active.
func (s *Server) WebhookActive(webhookID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	h, ok := s.st.hooks[webhookID]
	return ok && h.active
}
