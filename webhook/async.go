package webhook

import (
	"context"
)

// This file is the Handler's asynchronous mode (WithAsync) and its
// shutdown.

func (h *Handler) isClosed() bool {
	h.closeMu.RLock()
	defer h.closeMu.RUnlock()
	return h.closed
}

// enqueue hands ev to the workers; false when the queue is full or closed.
func (h *Handler) enqueue(ctx context.Context, ev *Event, key string) bool {
	h.closeMu.RLock()
	defer h.closeMu.RUnlock()
	if h.closed {
		return false
	}
	jctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	stop := context.AfterFunc(h.base, cancel)
	j := job{ctx: jctx, cancel: func() { stop(); cancel() }, ev: ev, key: key}
	select {
	case h.queue <- j:
		return true
	default:
		j.cancel()
		return false
	}
}

// work runs queued events until the queue is closed.
func (h *Handler) work() {
	defer h.wg.Done()
	for j := range h.queue {
		if h.base.Err() != nil {
			h.release(j.ctx, j.key, false)
			h.logger.Error("webhook: queued event dropped: Shutdown deadline passed", "event", string(j.ev.Name), "resource_id", j.ev.ResourceID())
			j.cancel()
			continue
		}
		err := h.Dispatch(j.ctx, j.ev)
		h.release(j.ctx, j.key, err == nil)
		if err != nil {
			h.failed(j.ctx, j.ev, err)
		}
		j.cancel()
	}
}

// Shutdown stops accepting events (later requests get 503) and, in async
// mode, waits until the queued events are processed or ctx is done. When
// ctx ends first, the running handlers' contexts are cancelled, the events
// still queued are dropped (logged; Aircall already had its 200), and
// Shutdown returns ctx.Err(). Shutdown the http.Server first, so that no
// request is still being answered. Calling Shutdown again is harmless.
func (h *Handler) Shutdown(ctx context.Context) error {
	h.closeMu.Lock()
	if !h.closed {
		h.closed = true
		if h.queue != nil {
			close(h.queue)
		}
	}
	h.closeMu.Unlock()
	done := make(chan struct{})
	go func() { h.wg.Wait(); close(done) }()
	select {
	case <-done:
		h.cancelAll()
		return nil
	case <-ctx.Done():
		h.cancelAll()
		return ctx.Err()
	}
}
