package aircallsync

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook"
)

// DefaultCatchUp is how often Follow runs a catch-up sync: webhooks can be
// missed, or disabled by Aircall after repeated failures.
const DefaultCatchUp = 5 * time.Minute

// FollowOptions configures Syncer.Follow.
type FollowOptions struct {
	// Listener receives Aircall's webhook deliveries (the Handler is
	// served at every path).
	Listener net.Listener
	// Tokens are the webhook tokens accepted; at least one.
	Tokens []string
	// Deduper drops redeliveries; default an in-memory one. Replicas share
	// one on Redis (aircallredis.NewDeduper).
	Deduper webhook.Deduper
	// CatchUp is the time between catch-up syncs (default DefaultCatchUp).
	CatchUp time.Duration
	// OnSync receives the summary or the error of each catch-up sync.
	OnSync func(*Summary, error)
	// OnEvent is told of each event applied (changed: the row was written;
	// false when a newer version was stored already).
	OnEvent func(ev *webhook.Event, changed bool)
}

// Follow keeps the Store live until ctx ends: it serves the SDK's webhook
// Handler on o.Listener (token checked, deduplicated, bodies capped at
// webhook.DefaultMaxBodyBytes), upserts the call, contact, user and number
// events as they arrive (an event older than the stored row is dropped:
// Aircall delivers at least once and out of order), and runs a catch-up
// sync every o.CatchUp. Call Run first to catch up.
func (s *Syncer) Follow(ctx context.Context, o FollowOptions) error {
	if o.Listener == nil || len(o.Tokens) == 0 {
		return errors.New("aircallsync: Follow: a Listener and a webhook token are needed")
	}
	if o.CatchUp <= 0 {
		o.CatchUp = DefaultCatchUp
	}
	if o.Deduper == nil {
		o.Deduper = webhook.NewMemoryDeduper(100_000)
	}
	h, err := webhook.NewHandler(webhook.Tokens(o.Tokens...), webhook.WithDeduper(o.Deduper))
	if err != nil {
		return err
	}
	h.Fallback(func(ctx context.Context, ev *webhook.Event) error {
		changed, err := s.ApplyEvent(ctx, ev)
		if err == nil && o.OnEvent != nil {
			o.OnEvent(ev, changed)
		}
		return err
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(o.CatchUp)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
				defer cancel()
				_ = srv.Shutdown(sctx)
				return
			case <-t.C:
				sum, err := s.Run(ctx)
				if o.OnSync != nil && ctx.Err() == nil {
					o.OnSync(sum, err)
				}
			}
		}
	}()
	err = srv.Serve(o.Listener)
	wg.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// ApplyEvent writes a webhook event to the Store: the call, contact, user
// or number it carries (the row's raw is the event's data), or deleted_at
// for a deletion. An event older than the stored row changes nothing
// (changed is false). Other events are ignored.
func (s *Syncer) ApplyEvent(ctx context.Context, ev *webhook.Event) (changed bool, err error) {
	at := ev.Timestamp.Time.UTC()
	if at.IsZero() {
		at = time.Now().UTC().Truncate(time.Second)
	}
	row := func(r Resource, id aircall.ID, values []any) (bool, error) {
		if !s.wants(r) || id == 0 {
			return false, nil
		}
		if strings.HasSuffix(strings.TrimSuffix(string(ev.Name), ".v2"), ".deleted") {
			return true, s.st.MarkDeleted(ctx, r, id, at)
		}
		return s.st.ApplyEvent(ctx, r, Row{ID: id, Values: values, Raw: ev.Data, ObservedAt: at})
	}
	switch call, contact, user, number := ev.Call(), ev.Contact(), ev.User(), ev.Number(); {
	case call != nil:
		changed, err = row(Calls, call.ID, callValues(call))
	case contact != nil:
		changed, err = row(Contacts, contact.ID, contactValues(contact))
	case user != nil:
		changed, err = row(Users, user.ID, userValues(user))
	case number != nil:
		changed, err = row(Numbers, number.ID, numberValues(number))
	}
	if err != nil {
		return false, fmt.Errorf("aircallsync: applying %s: %w", ev.Name, err)
	}
	return changed, nil
}
