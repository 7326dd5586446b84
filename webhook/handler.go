package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/internal/option"
)

// DefaultMaxBodyBytes is the default cap on a request body: 1 MiB, far above
// any Aircall event.
const DefaultMaxBodyBytes = 1 << 20

// Handler is an http.Handler that receives Aircall webhook events. For each
// POST it caps the body, decodes the envelope, checks the token with its
// Verifier, drops redeliveries (WithDeduper) and calls the handler
// registered for the event:
//
//  1. the typed handler for the event name (OnCall, OnUser, OnNumber,
//     OnContact, OnIntegration, OnMessage, OnGroupMessage, OnTranscription,
//     OnSummary, OnTopics, OnSentiment, OnActionItem, OnPlaybookResult,
//     OnRealtimeTranscription, OnCustomSummaryResult, OnCallEvaluation,
//     OnAIVoiceAgent, OnAnalytics) or the untyped one (On);
//  2. otherwise the handler for the event's resource (OnAnyCall, OnAnyUser,
//     OnAnyNumber, OnAnyContact, OnAnyIntegration, OnAnyMessage,
//     OnAnyConversationIntelligence, OnAnyAIVoiceAgent, OnAnyAnalytics);
//  3. otherwise the Fallback, which also receives undocumented events;
//  4. otherwise nothing: the event is acknowledged and ignored.
//
// Answers: 200 when the event was handled, ignored or a duplicate; 405
// (with Allow: POST) for another method; 413 for a body over the cap; 400
// for a body that is not an event (checked first); 401 for a wrong, empty,
// missing or non-string token, and for every well-formed event when no
// token is configured; 500 when the event handler returned an error or
// panicked, or a durable Queue's Enqueue panicked (the panic is recovered
// and logged), so that Aircall retries the event; 503 when the Verifier
// could not decide (a lookup error), when the event is still being
// processed by an earlier delivery (WithDeduper), when the Deduper's store
// is unavailable (ErrUnavailable), when the async queue is full, when a
// durable Queue failed to persist the event (WithQueue) or after Shutdown,
// so that Aircall retries later.
// Bad input never gets a 5xx.
//
// Aircall waits 5 seconds for the answer and disables a webhook after
// repeated failures: handlers should be quick, or the Handler should be
// asynchronous (WithAsync).
//
// Register handlers before serving. A Handler is safe for concurrent use.
type Handler struct {
	verifier Verifier
	maxBody  int64
	logger   *slog.Logger
	dedupe   Deduper
	durable  Queue
	onError  func(ctx context.Context, ev *Event, err error)

	mu         sync.RWMutex
	byName     map[aircall.Event]func(context.Context, *Event) error
	byResource map[string]func(context.Context, *Event) error
	fallback   func(context.Context, *Event) error

	workers   int
	queue     chan job
	closeMu   sync.RWMutex
	closed    bool
	wg        sync.WaitGroup
	base      context.Context
	cancelAll context.CancelFunc
}

// job is an event waiting for an async worker.
type job struct {
	ctx    context.Context
	cancel func()
	ev     *Event
	key    string
}

// Option configures a Handler.
type Option func(*Handler) error

// WithMaxBodyBytes caps request bodies at n bytes (DefaultMaxBodyBytes by
// default); a longer body gets 413.
func WithMaxBodyBytes(n int64) Option {
	return checkedOption("WithMaxBodyBytes", n <= 0, fmt.Sprintf("must be positive, got %d", n), func(h *Handler) { h.maxBody = n })
}

// WithLogger sets the logger for rejected requests (at Debug and Warn),
// failed handlers and recovered panics (at Error). The default is
// slog.Default(). Tokens are never logged.
func WithLogger(l *slog.Logger) Option {
	return checkedOption("WithLogger", l == nil, "nil logger", func(h *Handler) { h.logger = l })
}

// WithDeduper drops redelivered events: an event whose Key was processed
// successfully is answered 200 without calling its handler again. An event
// whose handler failed is not recorded, so Aircall's retry is processed. A
// redelivery that arrives while an earlier delivery of the same event is
// still being handled is answered 503 with Retry-After (ErrInProgress), so
// that it is not lost if that delivery fails.
// Every claim is released, also when the handler or a durable Queue panics.
// Keys identify content (see Event.Key): two events that differ in data are
// never duplicates of each other.
// NewMemoryDeduper covers one process. If the Deduper returns an error, the
// event is processed anyway (at least once beats at most once), unless the
// error wraps ErrUnavailable: then it is refused with 503 and Retry-After.
func WithDeduper(d Deduper) Option {
	return checkedOption("WithDeduper", d == nil, "nil Deduper", func(h *Handler) { h.dedupe = d })
}

// WithAsync acknowledges verified events at once (200) and processes them
// in the background with workers goroutines, through a queue of queueSize
// events. When the queue is full, the event is refused with 503 and
// Retry-After, and Aircall delivers it again later; nothing is dropped
// silently. Since Aircall has its answer before the handler runs, a handler
// error does not make Aircall retry: it is logged and passed to
// WithErrorHandler. Call Shutdown to drain the queue.
//
// Event handlers then run with a context that keeps the request's values
// (and the account) but not its cancellation; it is cancelled when Shutdown's
// context expires.
func WithAsync(workers, queueSize int) Option {
	bad := workers <= 0 || queueSize <= 0
	why := fmt.Sprintf("workers and queueSize must be positive, got %d and %d", workers, queueSize)
	return checkedOption("WithAsync", bad, why, func(h *Handler) {
		h.workers = workers
		h.queue = make(chan job, queueSize)
	})
}

// WithErrorHandler calls fn for every event whose handler returned an error
// or panicked (then err is a *PanicError), in synchronous and asynchronous
// mode, after logging it.
func WithErrorHandler(fn func(ctx context.Context, ev *Event, err error)) Option {
	return checkedOption("WithErrorHandler", fn == nil, "nil function", func(h *Handler) { h.onError = fn })
}

// checkedOption returns the Option named name that fails with why when bad
// is true, and else sets the Handler with set.
func checkedOption(name string, bad bool, why string, set func(*Handler)) Option {
	return option.Checked("webhook", name, bad, why, set)
}

// NewHandler returns a Handler that accepts the events whose token v
// accepts (Tokens, TokenAccounts, Lookup). With a nil v every event is
// rejected with 401: verification fails closed. Use InsecureSkipVerify to
// turn it off explicitly.
func NewHandler(v Verifier, opts ...Option) (*Handler, error) {
	if err := checkVerifier(v); err != nil {
		return nil, err
	}
	h := &Handler{
		verifier:   v,
		maxBody:    DefaultMaxBodyBytes,
		logger:     slog.Default(),
		byName:     make(map[aircall.Event]func(context.Context, *Event) error),
		byResource: make(map[string]func(context.Context, *Event) error),
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(h); err != nil {
			return nil, err
		}
	}
	if h.durable != nil && h.queue != nil {
		return nil, errors.New("webhook: NewHandler: WithQueue and WithAsync exclude each other")
	}
	switch {
	case v == nil:
		h.logger.Warn("webhook: no Verifier configured: every event will be rejected with 401")
	case isInsecure(v):
		h.logger.Warn("webhook: token verification is OFF (InsecureSkipVerify): anyone can post events")
	}
	h.base, h.cancelAll = context.WithCancel(context.Background())
	for range h.workers {
		h.wg.Add(1)
		go h.work()
	}
	return h, nil
}

func isInsecure(v Verifier) bool { _, ok := v.(insecureVerifier); return ok }

// PanicError is the error of an event handler that panicked.
type PanicError struct {
	// Value is the value passed to panic.
	Value any
	// Stack is the goroutine's stack at the panic.
	Stack []byte
}

// Error describes the panic, without the stack.
func (e *PanicError) Error() string {
	return fmt.Sprintf("webhook: event handler panicked: %v", e.Value)
}

// handlerFor returns the handler that takes ev, or nil.
func (h *Handler) handlerFor(ev *Event) func(context.Context, *Event) error {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if fn := h.byName[ev.Name]; fn != nil {
		return fn
	}
	if res, ok := dataResource[ev.Name]; ok && ev.payload != nil {
		if fn := h.byResource[res]; fn != nil {
			return fn
		}
	}
	return h.fallback
}

// Dispatch calls the handler registered for ev (see Handler), for
// receivers that Parse events themselves. It returns the handler's error,
// a *PanicError if it panicked, or nil when no handler takes the event.
// It does not de-duplicate, log or call the error handler.
func (h *Handler) Dispatch(ctx context.Context, ev *Event) (err error) {
	if ev == nil {
		return errors.New("webhook: Dispatch: nil event")
	}
	fn := h.handlerFor(ev)
	if fn == nil {
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			err = &PanicError{Value: p, Stack: debug.Stack()}
		}
	}()
	return fn(ctx, ev)
}

// ServeHTTP receives one event; see Handler for the answers.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		http.Error(w, "method not allowed: Aircall webhooks are POST", http.StatusMethodNotAllowed)
		return
	}
	if h.isClosed() {
		w.Header().Set("Retry-After", "5")
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	bp, status := h.readBody(w, r)
	if status != 0 {
		http.Error(w, http.StatusText(status), status)
		return
	}
	ev, err := ParseContext(r.Context(), *bp, h.verifier)
	if err == nil {
		ev.Data = bytes.Clone(ev.Data) // the only reference to the buffer
	}
	putBuf(bp)
	if err != nil {
		status := h.rejection(r, err)
		if status == http.StatusServiceUnavailable {
			w.Header().Set("Retry-After", "5")
		}
		http.Error(w, http.StatusText(status), status)
		return
	}
	ctx := ContextWithAccount(r.Context(), ev.Account)

	var key string
	if h.dedupe != nil {
		key = ev.Key()
		fresh, err := h.dedupe.Claim(ctx, key)
		switch {
		case errors.Is(err, ErrInProgress):
			// A redelivery while the first delivery runs: if that one
			// fails, this one must be retried, so do not acknowledge it.
			h.logger.DebugContext(ctx, "webhook: event already being processed, refused with 503", "event", string(ev.Name), "key", key)
			w.Header().Set("Retry-After", "5")
			http.Error(w, "event being processed, retry later", http.StatusServiceUnavailable)
			return
		case errors.Is(err, ErrUnavailable):
			h.logger.WarnContext(ctx, "webhook: deduper unavailable, event refused with 503", "event", string(ev.Name), "key", key, "err", err)
			w.Header().Set("Retry-After", "5")
			http.Error(w, "store unavailable, retry later", http.StatusServiceUnavailable)
			return
		case err != nil:
			h.logger.WarnContext(ctx, "webhook: deduper failed, processing the event anyway", "event", string(ev.Name), "key", key, "err", err)
			key = ""
		case !fresh:
			h.logger.DebugContext(ctx, "webhook: duplicate event dropped", "event", string(ev.Name), "key", key)
			w.WriteHeader(http.StatusOK)
			return
		}
	}

	if h.durable != nil {
		status := h.enqueueDurable(ctx, ev)
		h.release(ctx, key, status == http.StatusOK)
		switch status {
		case http.StatusOK:
			w.WriteHeader(http.StatusOK)
		case http.StatusServiceUnavailable:
			w.Header().Set("Retry-After", "5")
			http.Error(w, "event not persisted, retry later", status)
		default:
			http.Error(w, "event queue failed", status)
		}
		return
	}

	if h.queue != nil {
		if !h.enqueue(ctx, ev, key) {
			h.release(ctx, key, false)
			h.logger.WarnContext(ctx, "webhook: queue full or closed, event refused with 503", "event", string(ev.Name), "resource_id", ev.ResourceID())
			w.Header().Set("Retry-After", "5")
			http.Error(w, "busy, retry later", http.StatusServiceUnavailable)
			return
		}
		w.WriteHeader(http.StatusOK)
		return
	}

	err = h.Dispatch(ctx, ev)
	h.release(ctx, key, err == nil)
	if err != nil {
		h.failed(ctx, ev, err)
		http.Error(w, "event handler failed", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// rejection logs a Parse error and returns its status.
func (h *Handler) rejection(r *http.Request, err error) int {
	ctx := r.Context()
	switch {
	case errors.Is(err, ErrMalformed):
		h.logger.DebugContext(ctx, "webhook: malformed body rejected", "remote", r.RemoteAddr, "err", err)
		return http.StatusBadRequest
	case errors.Is(err, ErrNotConfigured):
		h.logger.ErrorContext(ctx, "webhook: event rejected: no token configured", "remote", r.RemoteAddr)
		return http.StatusUnauthorized
	case errors.Is(err, ErrInvalidToken):
		h.logger.WarnContext(ctx, "webhook: event with an invalid token rejected", "remote", r.RemoteAddr)
		return http.StatusUnauthorized
	default:
		h.logger.ErrorContext(ctx, "webhook: token verification failed", "err", err)
		return http.StatusServiceUnavailable
	}
}

var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// putBuf returns a body buffer to the pool, unless it grew large.
func putBuf(bp *[]byte) {
	if cap(*bp) <= 64<<10 {
		*bp = (*bp)[:0]
		bufPool.Put(bp)
	}
}

// readBody reads at most maxBody bytes into a pooled buffer; a non-zero
// status means the request must be refused.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) (*[]byte, int) {
	if r.ContentLength > h.maxBody {
		return nil, http.StatusRequestEntityTooLarge
	}
	bp := bufPool.Get().(*[]byte)
	buf := (*bp)[:0]
	if n := r.ContentLength; n > 0 && int64(cap(buf)) < n+1 {
		buf = make([]byte, 0, n+1)
	}
	rd := http.MaxBytesReader(w, r.Body, h.maxBody)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := rd.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			*bp = buf
			return bp, 0
		}
		if err != nil {
			*bp = buf
			putBuf(bp)
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return nil, http.StatusRequestEntityTooLarge
			}
			return nil, http.StatusBadRequest
		}
	}
}

func (h *Handler) release(ctx context.Context, key string, processed bool) {
	if key == "" || h.dedupe == nil {
		return
	}
	if err := h.dedupe.Release(context.WithoutCancel(ctx), key, processed); err != nil {
		h.logger.WarnContext(ctx, "webhook: deduper release failed", "key", key, "err", err)
	}
}

// failed logs a handler error and passes it to the error handler.
func (h *Handler) failed(ctx context.Context, ev *Event, err error) {
	if p, ok := err.(*PanicError); ok {
		h.logger.ErrorContext(ctx, "webhook: event handler panicked (recovered)", "event", string(ev.Name), "resource_id", ev.ResourceID(), "panic", fmt.Sprint(p.Value), "stack", string(p.Stack))
	} else {
		h.logger.ErrorContext(ctx, "webhook: event handler failed", "event", string(ev.Name), "resource_id", ev.ResourceID(), "err", err)
	}
	if h.onError != nil {
		func() {
			defer func() {
				if p := recover(); p != nil {
					h.logger.ErrorContext(ctx, "webhook: error handler panicked (recovered)", "panic", fmt.Sprint(p))
				}
			}()
			h.onError(ctx, ev, err)
		}()
	}
}
