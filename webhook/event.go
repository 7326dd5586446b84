package webhook

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
	aircall "github.com/seed1279ea27/aircall-go"
)

// Resources named in the envelope's resource field.
const (
	ResourceCall        = "call"
	ResourceContact     = "contact"
	ResourceIntegration = "integration"
	ResourceNumber      = "number"
	ResourceUser        = "user"
)

// Errors returned by Parse and by a Verifier. The Handler answers 400 to
// ErrMalformed and 401 to ErrInvalidToken and ErrNotConfigured.
var (
	// ErrMalformed means the body is not a webhook event: invalid JSON, no
	// event name, or data that does not fit the event.
	ErrMalformed = errors.New("webhook: malformed event")
	// ErrInvalidToken means the body's token is wrong, empty, missing or
	// not a string.
	ErrInvalidToken = errors.New("webhook: invalid token")
	// ErrNotConfigured means no token is configured: verification fails
	// closed and every event is rejected (see InsecureSkipVerify).
	ErrNotConfigured = errors.New("webhook: no token configured, every event is rejected")
)

// Integration is the data of an integration.deleted event.
type Integration struct {
	IntegrationID aircall.ID `json:"integration_id"`
	CompanyID     aircall.ID `json:"company_id"`
}

// Envelope is the JSON body Aircall posts for every event. Parse decodes
// it; tests and fake servers marshal it (see the webhooktest package).
type Envelope struct {
	// Resource is "call", "user", "number", "contact", "integration",
	// "message", "conversation_intelligence", "ai_voice_agent" or
	// "analytics".
	Resource string `json:"resource"`
	// Event is the event name, such as "call.ended".
	Event aircall.Event `json:"event"`
	// Timestamp is when Aircall built the payload, Unix seconds on the wire.
	Timestamp aircall.Timestamp `json:"timestamp"`
	// Token is the secret of the webhook: it identifies the Aircall account.
	Token string `json:"token"`
	// Data is the resource (Call, User, Number, Contact, Message, ...).
	Data stdjson.RawMessage `json:"data"`
}

// Event is a verified webhook event. Its data is decoded according to the
// event name: use the accessor of its type (Call, User, Number, Contact,
// Integration, Message, GroupMessage, Transcription, Summary, ...) to read it.
// Events that Aircall does not document (yet) keep their data in Data only.
// An Event never holds the token.
type Event struct {
	// Name is the event name, such as aircall.EventCallEnded.
	Name aircall.Event
	// Resource is the envelope's resource; when the body has none, the
	// part of Name before the dot.
	Resource string
	// Timestamp is when Aircall built the payload.
	Timestamp aircall.Timestamp
	// Account is what the Verifier matched the token to (for TokenAccounts
	// and Lookup, the tenant's account); nil for Tokens and
	// InsecureSkipVerify.
	Account any
	// Data is the raw JSON of the envelope's data. From Parse and
	// ParseContext it is a slice of the body they were given (see
	// ParseContext); from the Handler it is a copy of its own.
	Data stdjson.RawMessage
	// Dropped lists the values of the data that did not fit their Go
	// type and were dropped (see aircall.Unmarshal), with paths from the
	// root of the body, such as "/data/duration"; nil when every value
	// fit. The fields they were meant for keep their zero values.
	Dropped []aircall.DecodeIssue

	payload any
}

// Call returns the call of a call.* event, or nil.
func (e *Event) Call() *aircall.Call { c, _ := e.payload.(*aircall.Call); return c }

// User returns the user of a user.* event, or nil.
func (e *Event) User() *aircall.User { u, _ := e.payload.(*aircall.User); return u }

// Number returns the number of a number.* event, or nil.
func (e *Event) Number() *aircall.Number { n, _ := e.payload.(*aircall.Number); return n }

// Contact returns the contact of a contact.* event, or nil.
func (e *Event) Contact() *aircall.Contact { c, _ := e.payload.(*aircall.Contact); return c }

// Integration returns the data of an integration.deleted event, or nil.
func (e *Event) Integration() *Integration { i, _ := e.payload.(*Integration); return i }

// Payload returns the decoded data (*aircall.Call, *aircall.User,
// *aircall.Number, *aircall.Contact, *Integration, *aircall.Message, ...:
// each On… method of Handler names the events of its type), or nil for an
// event that is not documented.
func (e *Event) Payload() any { return e.payload }

// Known reports whether the event is one Aircall documents, so that its
// data was decoded.
func (e *Event) Known() bool { return e.payload != nil }

// ResourceID returns the ID of the resource the event is about (the call,
// user, number or contact ID, or the integration ID), or 0 when unknown.
func (e *Event) ResourceID() aircall.ID {
	for _, k := range kinds[kindAny+1:] {
		if id, ok := k.id(e.payload); ok {
			return id
		}
	}
	return 0
}

// Key identifies the content of the event for de-duplication, as
// "call.tagged/812/1585601319/3b0c…": the event name, the resource ID ("-"
// when the data has no numeric "id", as messages, whose ids are strings),
// the envelope timestamp in Unix seconds, and 32 hex digits (128 bits) of
// the SHA-256 of the data.
//
// Aircall retries a failed event with the same body, so an exact
// redelivery has the same Key; two events whose data differ anywhere (a
// second tag on a call, an email added to a contact in the same second)
// have different Keys, and so do two events with the same data sent at
// different seconds (a user opened, closed and opened again). The data is
// hashed as JSON compacted and HTML-escaped, the form encoding/json gives
// it when it re-encodes an event (MarshalEvent, a Queue): whitespace and
// the escaping of <, > and & do not change the Key; member order does
// (Aircall does not reorder a body it retries). The Key is stable across
// processes and releases: the Redis Deduper stores it.
func (e *Event) Key() string {
	return e.key(func(data []byte, v any) bool {
		_, err := aircall.Unmarshal(data, v)
		return err == nil
	})
}

// key is Key with decode reading the numeric "id" of data when the event
// has no ResourceID.
func (e *Event) key(decode func(data []byte, v any) bool) string {
	var id string
	if n := e.ResourceID(); n != 0 {
		id = n.String()
	} else {
		var w struct {
			ID aircall.ID `json:"id"`
		}
		if decode(e.Data, &w) && w.ID != 0 {
			id = w.ID.String()
		} else {
			id = "-"
		}
	}
	var ts int64
	if !e.Timestamp.Time.IsZero() {
		ts = e.Timestamp.Unix()
	}
	return string(e.Name) + "/" + id + "/" + strconv.FormatInt(ts, 10) + "/" + dataHash(e.Data)
}

// dataHash returns 32 hex digits of the SHA-256 of data in its canonical
// form for Key: compacted and HTML-escaped (the bytes as they are when data
// is not valid JSON).
func dataHash(data []byte) string {
	var c bytes.Buffer
	if stdjson.Compact(&c, data) == nil {
		var esc bytes.Buffer
		stdjson.HTMLEscape(&esc, c.Bytes())
		data = esc.Bytes()
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// CallEvent is a call.* event with its call.
type CallEvent struct {
	*Event
	// Call is the call at the time of the event; never nil.
	Call *aircall.Call
}

// UserEvent is a user.* event with its user.
type UserEvent struct {
	*Event
	// User is the user at the time of the event; never nil.
	User *aircall.User
}

// NumberEvent is a number.* event with its number.
type NumberEvent struct {
	*Event
	// Number is the number at the time of the event; never nil.
	Number *aircall.Number
}

// ContactEvent is a contact.* event with its contact.
type ContactEvent struct {
	*Event
	// Contact is the contact at the time of the event; never nil.
	Contact *aircall.Contact
}

// IntegrationEvent is an integration.* event with its data.
type IntegrationEvent struct {
	*Event
	// Integration identifies the integration and its company; never nil.
	Integration *Integration
}

// dataResource maps each documented event to its resource, which selects
// the OnAny… handler; the type of its data is in eventKinds.
var dataResource = func() map[aircall.Event]string {
	m := make(map[aircall.Event]string, len(eventKinds))
	for e := range eventKinds {
		m[e] = e.Resource()
	}
	return m
}()

// Parse decodes and verifies an event body, for receivers that have their
// own HTTP stack. It is ParseContext with context.Background.
func Parse(body []byte, v Verifier) (*Event, error) {
	return ParseContext(context.Background(), body, v)
}

// ParseContext decodes the envelope, checks its token with v (a nil v
// rejects every event with ErrNotConfigured) and decodes the data into the
// type of the event, as aircall.Unmarshal does: a value that does not fit
// its type (a string duration, say) costs that value, listed in
// Event.Dropped, not the event, since answering 400 would make Aircall
// retry it, then disable the webhook. ctx is passed to v.
//
// Errors wrap ErrMalformed (the body is not an event), ErrInvalidToken or
// ErrNotConfigured (the token was not accepted), or the error of v. The
// token is checked before the data is decoded, and no error includes it.
// An event name that is not documented is not an error: its data stays raw.
//
// The Event's Data is a slice of body, not a copy: body must not change
// while the Event is in use (clone Data first to keep it past a reuse of
// body, as the Handler does with its pooled buffer). Nothing else in the
// Event refers to body.
func ParseContext(ctx context.Context, body []byte, v Verifier) (*Event, error) {
	var e envelope
	var p onePass
	if v != nil {
		p = onePass{ctx: ctx, v: v, e: &e, body: body}
	}
	err := readEnvelope(body, &e, p.data)
	if err == errTwoPasses || (err == nil && p.payload != nil && p.event != e.event) { // a later event name
		e, p.payload = envelope{}, nil
		err = readEnvelope(body, &e, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if v == nil {
		return nil, ErrNotConfigured
	}
	account, err := p.verify(e.token, e.isString)
	if err != nil {
		return nil, err
	}
	if p.payload != nil {
		ev := e.newEvent(account)
		ev.payload = p.payload
		for _, is := range p.dropped {
			ev.Dropped = append(ev.Dropped, aircall.DecodeIssue(is))
		}
		return ev, nil
	}
	if e.event == "" {
		return nil, fmt.Errorf("%w: no event name", ErrMalformed)
	}
	ev := e.newEvent(account)
	if _, known := dataResource[e.event]; !known {
		return ev, nil
	}
	if len(e.data) == 0 || e.data[0] != '{' {
		return nil, fmt.Errorf("%w: %s data is not an object", ErrMalformed, e.event)
	}
	payload := newPayload(e.event)
	dropped, err := aircall.Unmarshal(e.data, payload)
	if err != nil {
		return nil, fmt.Errorf("%w: %s data: %w", ErrMalformed, e.event, err)
	}
	for i := range dropped {
		dropped[i].Path = "/" + e.dataName + dropped[i].Path
	}
	ev.payload, ev.Dropped = payload, dropped
	return ev, nil
}

// newPayload returns a new value of the type of the documented event's
// data, from the per-event table eventKinds.
func newPayload(event aircall.Event) any { return eventKinds[event].new() }

// kindName names a JSON kind for errors.
func kindName(k jsontext.Kind) string {
	switch k {
	case '"':
		return "string"
	case '0':
		return "number"
	case 't', 'f':
		return "boolean"
	case '[':
		return "array"
	}
	return "value"
}
