package webhook

import (
	"context"
	"errors"
	"sync"
	"time"
)

// ErrInProgress is what Deduper.Claim returns for an event that is being
// processed right now, typically a redelivery that Aircall sent because the
// first delivery was slow to answer. The Handler answers it 503 with
// Retry-After: acknowledging it would lose the event if the first delivery
// then failed, since Aircall would not send it again.
var ErrInProgress = errors.New("webhook: event is being processed")

// Deduper drops redelivered events. Aircall retries an event until it gets
// a 2xx (and may deliver out of order), so a receiver can see the same event
// twice, for example when its first answer was lost. The Handler asks Claim
// before calling the event handlers and reports the outcome with Release.
//
// Implementations must be safe for concurrent use. A shared store (Redis,
// SQL) makes de-duplication work across several receivers; MemoryDeduper
// covers one process.
type Deduper interface {
	// Claim reports whether the event with this key should be processed:
	// false when it was processed already, and false with ErrInProgress
	// when it is being processed now. A claim is held until Release.
	Claim(ctx context.Context, key string) (bool, error)
	// Release ends a claim. processed=true records the key as seen, so
	// that redeliveries are dropped; false forgets the claim, so that a
	// redelivery (Aircall's retry of a failed event) is processed.
	Release(ctx context.Context, key string, processed bool) error
}

// DefaultDedupeCapacity is the capacity of NewMemoryDeduper(0).
const DefaultDedupeCapacity = 10000

// ClaimLease bounds a MemoryDeduper claim: a key claimed and not released
// within a minute (Aircall's retry scale; it waits 5 seconds for an answer)
// can be claimed again, so that a claim whose holder never released it does
// not refuse every retry of the event with 503 until Aircall disables the
// webhook. A handler that runs longer than ClaimLease may then run twice
// for one event, and its late Release ends the newer claim too (Release
// names a key, not a claim).
const ClaimLease = time.Minute

// MemoryDeduper is an in-memory Deduper that remembers the last Capacity
// processed keys (a ring: the oldest is forgotten first) plus the keys being
// processed, each for at most ClaimLease. It is safe for concurrent use.
// Make one with NewMemoryDeduper: the zero value is not usable.
type MemoryDeduper struct {
	mu      sync.Mutex
	seen    map[string]struct{}
	pending map[string]time.Time // key -> when its claim expires
	swept   time.Time            // when expired claims were last removed
	ring    []string
	next    int
}

// NewMemoryDeduper returns a MemoryDeduper remembering capacity keys
// (DefaultDedupeCapacity if capacity <= 0). At about 100 bytes a key, the
// default takes about 1 MB.
func NewMemoryDeduper(capacity int) *MemoryDeduper {
	if capacity <= 0 {
		capacity = DefaultDedupeCapacity
	}
	return &MemoryDeduper{
		seen:    make(map[string]struct{}, capacity),
		pending: make(map[string]time.Time),
		ring:    make([]string, capacity),
	}
}

// Claim reports whether key is neither seen nor pending, and marks it
// pending for ClaimLease. A pending key gives ErrInProgress.
func (d *MemoryDeduper) Claim(_ context.Context, key string) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if _, ok := d.seen[key]; ok {
		return false, nil
	}
	now := time.Now()
	if exp, ok := d.pending[key]; ok && now.Before(exp) {
		return false, ErrInProgress
	}
	if now.Sub(d.swept) >= ClaimLease {
		d.swept = now
		for k, exp := range d.pending {
			if !now.Before(exp) {
				delete(d.pending, k)
			}
		}
	}
	d.pending[key] = now.Add(ClaimLease)
	return true, nil
}

// Release removes key from the pending set and, if processed, remembers it,
// forgetting the oldest key when full.
func (d *MemoryDeduper) Release(_ context.Context, key string, processed bool) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	delete(d.pending, key)
	if !processed {
		return nil
	}
	if _, ok := d.seen[key]; ok {
		return nil
	}
	if old := d.ring[d.next]; old != "" {
		delete(d.seen, old)
	}
	d.ring[d.next] = key
	d.next = (d.next + 1) % len(d.ring)
	d.seen[key] = struct{}{}
	return nil
}

// pendingLen returns how many claims are held.
func (d *MemoryDeduper) pendingLen() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.pending)
}

// Len returns how many processed keys are remembered.
func (d *MemoryDeduper) Len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.seen)
}
