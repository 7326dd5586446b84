package webhook

import (
	"context"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
)

// ErrUnavailable marks the error of a shared store (a Deduper or a Queue)
// that cannot be reached. A Deduper whose Claim error wraps ErrUnavailable
// makes the Handler answer 503 with Retry-After instead of processing the
// event without de-duplication, so that Aircall delivers it again once the
// store is back.
var ErrUnavailable = errors.New("webhook: store unavailable")

// Queue persists verified events, to be processed later by workers that may
// run in other processes (a durable async mode, as opposed to WithAsync's
// in-memory queue). The aircallredis module has one on a Redis stream.
//
// Enqueue must return nil only once the event is stored durably: the
// Handler then answers 200, and Aircall will not deliver the event again.
// Implementations must be safe for concurrent use.
type Queue interface {
	Enqueue(ctx context.Context, ev *Event) error
}

// WithQueue makes the Handler persist each verified event with q and
// answer 200 only after q.Enqueue returned nil; when it fails, the event
// is refused with 503 and Retry-After, and when it panics with 500, so that
// Aircall delivers it again (either way its Deduper claim is released).
// No handler runs in ServeHTTP: the queue's workers call Dispatch. With a
// Deduper, the event's key is recorded as processed once it is persisted,
// so that redeliveries are not queued twice. WithQueue and WithAsync
// exclude each other.
func WithQueue(q Queue) Option {
	return checkedOption("WithQueue", q == nil, "nil Queue", func(h *Handler) { h.durable = q })
}

// storedEvent is the form of an event in a Queue: the envelope without the
// token, which never leaves the receiver.
type storedEvent struct {
	Resource  string             `json:"resource"`
	Event     string             `json:"event"`
	Timestamp stdjson.RawMessage `json:"timestamp"`
	Data      stdjson.RawMessage `json:"data"`
}

// MarshalEvent encodes ev for a Queue: its envelope without the token (an
// Event never holds it) and without Account, which the Queue stores its
// own way if at all. UnmarshalEvent decodes it.
func MarshalEvent(ev *Event) ([]byte, error) {
	if ev == nil {
		return nil, errors.New("webhook: MarshalEvent: nil event")
	}
	ts, err := ev.Timestamp.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("webhook: MarshalEvent: timestamp: %w", err)
	}
	data := ev.Data
	if len(data) == 0 {
		data = stdjson.RawMessage("null")
	}
	b, err := stdjson.Marshal(storedEvent{Resource: ev.Resource, Event: string(ev.Name), Timestamp: ts, Data: data})
	if err != nil {
		return nil, fmt.Errorf("webhook: MarshalEvent: %w", err)
	}
	return b, nil
}

// UnmarshalEvent decodes an event encoded by MarshalEvent, with its typed
// payload, without checking a token: the event was verified when it was
// received. Its Account is nil. Errors wrap ErrMalformed.
func UnmarshalEvent(b []byte) (*Event, error) {
	return ParseContext(context.Background(), b, insecureVerifier{})
}

// enqueueDurable persists ev and returns the status to answer: 200 once
// it is stored, 503 when the Queue failed, 500 when Enqueue panicked (the
// panic is recovered, logged and passed to the error handler).
func (h *Handler) enqueueDurable(ctx context.Context, ev *Event) (status int) {
	defer func() {
		if p := recover(); p != nil {
			h.failed(ctx, ev, &PanicError{Value: p, Stack: debug.Stack()})
			status = http.StatusInternalServerError
		}
	}()
	if err := h.durable.Enqueue(ctx, ev); err != nil {
		h.logger.WarnContext(ctx, "webhook: queue failed, event refused with 503", "event", string(ev.Name), "resource_id", ev.ResourceID(), "err", err)
		return http.StatusServiceUnavailable
	}
	return http.StatusOK
}
