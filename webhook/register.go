package webhook

import (
	"context"
	"errors"
	"fmt"

	aircall "github.com/seed1279ea27/aircall-go"
)

// This file registers event handlers on a Handler (see Handler for the
// order in which they are chosen).

// register stores fn for name, after checking that name's data is of
// kind k (kindAny accepts any name).
func (h *Handler) register(method string, name aircall.Event, k dataKind, fn func(context.Context, *Event) error) {
	if k != kindAny && eventKinds[name] != k {
		panic(fmt.Sprintf("webhook: %s(%q): not a documented event whose data is %s", method, name, k))
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, dup := h.byName[name]; dup {
		panic(fmt.Sprintf("webhook: %s(%q): a handler is already registered for this event", method, name))
	}
	h.byName[name] = fn
}

// registerResource stores fn for the events of resource res that have no
// handler of their own, after checking that fn is not nil.
func (h *Handler) registerResource(method, res string, fn func(context.Context, *Event) error) {
	mustFn(method, fn != nil)
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, dup := h.byResource[res]; dup {
		panic(fmt.Sprintf("webhook: %s: a handler is already registered for %s events", method, res))
	}
	h.byResource[res] = fn
}

func mustFn(method string, ok bool) {
	if !ok {
		panic("webhook: " + method + ": nil handler function")
	}
}

// OnCall registers fn for the call event name, such as aircall.EventCallEnded. Like
// http.ServeMux, it panics on a programming error found at start-up: a
// name that is not a documented call event, a nil fn, or a second handler
// for the same name.
func (h *Handler) OnCall(name aircall.Event, fn func(ctx context.Context, ev *CallEvent) error) {
	onTyped(h, "OnCall", name, kindCall, callEvent, fn)
}

// OnUser registers fn for the user event name, such as UserCreated. It
// panics like OnCall.
func (h *Handler) OnUser(name aircall.Event, fn func(ctx context.Context, ev *UserEvent) error) {
	onTyped(h, "OnUser", name, kindUser, userEvent, fn)
}

// OnNumber registers fn for the number event name, such as aircall.EventNumberClosed. It
// panics like OnCall.
func (h *Handler) OnNumber(name aircall.Event, fn func(ctx context.Context, ev *NumberEvent) error) {
	onTyped(h, "OnNumber", name, kindNumber, numberEvent, fn)
}

// OnContact registers fn for the contact event name, such as
// aircall.EventContactUpdated. It panics like OnCall.
func (h *Handler) OnContact(name aircall.Event, fn func(ctx context.Context, ev *ContactEvent) error) {
	onTyped(h, "OnContact", name, kindContact, contactEvent, fn)
}

// OnIntegration registers fn for the integration event name
// (aircall.EventIntegrationDeleted). It panics like OnCall.
func (h *Handler) OnIntegration(name aircall.Event, fn func(ctx context.Context, ev *IntegrationEvent) error) {
	onTyped(h, "OnIntegration", name, kindIntegration, integrationEvent, fn)
}

// On registers fn for any event name, documented or not; fn reads the data
// with the Event's accessors or from Event.Data. It panics like OnCall.
func (h *Handler) On(name aircall.Event, fn func(ctx context.Context, ev *Event) error) {
	mustFn("On", fn != nil)
	if name == "" {
		panic("webhook: On: empty event name")
	}
	h.register("On", name, kindAny, fn)
}

// OnAnyCall registers fn for every documented call event that has no
// handler of its own. It panics on a nil fn or a second registration.
func (h *Handler) OnAnyCall(fn func(ctx context.Context, ev *CallEvent) error) {
	onAnyTyped(h, "OnAnyCall", ResourceCall, callEvent, fn)
}

// OnAnyUser registers fn for every documented user event that has no
// handler of its own. It panics like OnAnyCall.
func (h *Handler) OnAnyUser(fn func(ctx context.Context, ev *UserEvent) error) {
	onAnyTyped(h, "OnAnyUser", ResourceUser, userEvent, fn)
}

// OnAnyNumber registers fn for every documented number event that has no
// handler of its own. It panics like OnAnyCall.
func (h *Handler) OnAnyNumber(fn func(ctx context.Context, ev *NumberEvent) error) {
	onAnyTyped(h, "OnAnyNumber", ResourceNumber, numberEvent, fn)
}

// OnAnyContact registers fn for every documented contact event that has no
// handler of its own. It panics like OnAnyCall.
func (h *Handler) OnAnyContact(fn func(ctx context.Context, ev *ContactEvent) error) {
	onAnyTyped(h, "OnAnyContact", ResourceContact, contactEvent, fn)
}

// OnAnyIntegration registers fn for every documented integration event that
// has no handler of its own. It panics like OnAnyCall.
func (h *Handler) OnAnyIntegration(fn func(ctx context.Context, ev *IntegrationEvent) error) {
	onAnyTyped(h, "OnAnyIntegration", ResourceIntegration, integrationEvent, fn)
}

// Fallback registers fn for every event that no other handler takes,
// including events Aircall does not document (yet). Without a fallback such
// events are acknowledged and ignored. It panics on a nil fn or a second
// registration.
func (h *Handler) Fallback(fn func(ctx context.Context, ev *Event) error) {
	mustFn("Fallback", fn != nil)
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fallback != nil {
		panic("webhook: Fallback: already registered")
	}
	h.fallback = fn
}

var errNoData = errors.New("webhook: event has no decoded data of the registered type")

// The wraps of the 2024 event kinds, for adapter.
func callEvent(e *Event, c *aircall.Call) *CallEvent { return &CallEvent{Event: e, Call: c} }
func userEvent(e *Event, u *aircall.User) *UserEvent { return &UserEvent{Event: e, User: u} }
func numberEvent(e *Event, n *aircall.Number) *NumberEvent {
	return &NumberEvent{Event: e, Number: n}
}
func contactEvent(e *Event, c *aircall.Contact) *ContactEvent {
	return &ContactEvent{Event: e, Contact: c}
}
func integrationEvent(e *Event, i *Integration) *IntegrationEvent {
	return &IntegrationEvent{Event: e, Integration: i}
}
