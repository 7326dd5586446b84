package webhook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Event names, re-exported from the aircall package so that a receiver can
// write webhook.CallEnded. They are the same constants, of type
// aircall.Event; see aircall.Events for the documented list.
const (
	CallAgentDeclined        = aircall.EventCallAgentDeclined
	CallAnswered             = aircall.EventCallAnswered
	CallArchived             = aircall.EventCallArchived
	CallAssigned             = aircall.EventCallAssigned
	CallCommAssetsGenerated  = aircall.EventCallCommAssetsGenerated
	CallCommented            = aircall.EventCallCommented
	CallCreated              = aircall.EventCallCreated
	CallEnded                = aircall.EventCallEnded
	CallHold                 = aircall.EventCallHold
	CallHungup               = aircall.EventCallHungup
	CallIvrOptionSelected    = aircall.EventCallIvrOptionSelected
	CallRingingOnAgent       = aircall.EventCallRingingOnAgent
	CallTagged               = aircall.EventCallTagged
	CallTransferred          = aircall.EventCallTransferred
	CallUnhold               = aircall.EventCallUnhold
	CallUnsuccessfulTransfer = aircall.EventCallUnsuccessfulTransfer
	CallUntagged             = aircall.EventCallUntagged
	CallVoicemailLeft        = aircall.EventCallVoicemailLeft
	ContactCreated           = aircall.EventContactCreated
	ContactDeleted           = aircall.EventContactDeleted
	ContactUpdated           = aircall.EventContactUpdated
	IntegrationDeleted       = aircall.EventIntegrationDeleted
	NumberClosed             = aircall.EventNumberClosed
	NumberCreated            = aircall.EventNumberCreated
	NumberDeleted            = aircall.EventNumberDeleted
	NumberOpened             = aircall.EventNumberOpened
	UserClosed               = aircall.EventUserClosed
	UserConnected            = aircall.EventUserConnected
	UserCreated              = aircall.EventUserCreated
	UserDeleted              = aircall.EventUserDeleted
	UserDisconnected         = aircall.EventUserDisconnected
	UserOpened               = aircall.EventUserOpened
	UserWutEnd               = aircall.EventUserWutEnd
	UserWutStart             = aircall.EventUserWutStart
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
	// Resource is "call", "user", "number", "contact" or "integration".
	Resource string `json:"resource"`
	// Event is the event name, such as "call.ended".
	Event aircall.Event `json:"event"`
	// Timestamp is when Aircall built the payload, Unix seconds on the wire.
	Timestamp aircall.Timestamp `json:"timestamp"`
	// Token is the secret of the webhook: it identifies the Aircall account.
	Token string `json:"token"`
	// Data is the resource (Call, User, Number, Contact or Integration).
	Data json.RawMessage `json:"data"`
}

// Event is a verified webhook event. Its data is decoded according to the
// event name: use Call, User, Number, Contact or Integration to read it.
// Events that Aircall does not document (yet) keep their data in Data only.
// An Event never holds the token.
type Event struct {
	// Name is the event name, such as webhook.CallEnded.
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
	// Data is the raw JSON of the envelope's data.
	Data json.RawMessage

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

// Payload returns the decoded data: *aircall.Call, *aircall.User,
// *aircall.Number, *aircall.Contact or *Integration, or nil for an event
// that is not documented.
func (e *Event) Payload() any { return e.payload }

// Known reports whether the event is one Aircall documents, so that its
// data was decoded.
func (e *Event) Known() bool { return e.payload != nil }

// ResourceID returns the ID of the resource the event is about (the call,
// user, number or contact ID, or the integration ID), or 0 when unknown.
func (e *Event) ResourceID() aircall.ID {
	switch p := e.payload.(type) {
	case *aircall.Call:
		return p.ID
	case *aircall.User:
		return p.ID
	case *aircall.Number:
		return p.ID
	case *aircall.Contact:
		return p.ID
	case *Integration:
		return p.IntegrationID
	}
	return 0
}

// Key identifies a delivery of the event for de-duplication: the event
// name, the resource ID and the timestamp, as "call.ended/812/1585002050".
// Aircall retries a failed event with the same body, so a redelivery has
// the same Key. For an undocumented event without an "id" in its data, a
// hash of the data stands in for the ID.
func (e *Event) Key() string {
	var id string
	if n := e.ResourceID(); n != 0 {
		id = n.String()
	} else {
		var w struct {
			ID aircall.ID `json:"id"`
		}
		if json.Unmarshal(e.Data, &w) == nil && w.ID != 0 {
			id = w.ID.String()
		} else {
			h := fnv.New64a()
			h.Write(e.Data)
			id = "h" + strconv.FormatUint(h.Sum64(), 16)
		}
	}
	var ts int64
	if !e.Timestamp.Time.IsZero() {
		ts = e.Timestamp.Time.Unix()
	}
	return string(e.Name) + "/" + id + "/" + strconv.FormatInt(ts, 10)
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

// dataResource maps each documented event to the resource of its data.
var dataResource = func() map[aircall.Event]string {
	m := make(map[aircall.Event]string, len(aircall.Events()))
	for _, e := range aircall.Events() {
		m[e] = e.Resource()
	}
	return m
}()

// wireEnvelope is the decoding form of Envelope: token and data are kept
// raw so that a non-string token is told apart from bad JSON.
type wireEnvelope struct {
	Resource  string            `json:"resource"`
	Event     aircall.Event     `json:"event"`
	Timestamp aircall.Timestamp `json:"timestamp"`
	Token     rawValue          `json:"token"`
	Data      rawValue          `json:"data"`
}

// rawValue is a json.RawMessage that aliases the decoded input instead of
// copying it.
type rawValue []byte

// UnmarshalJSON keeps b (a slice of the input of json.Unmarshal).
func (r *rawValue) UnmarshalJSON(b []byte) error { *r = b; return nil }

// Parse decodes and verifies an event body, for receivers that have their
// own HTTP stack. It is ParseContext with context.Background.
func Parse(body []byte, v Verifier) (*Event, error) {
	return ParseContext(context.Background(), body, v)
}

// ParseContext decodes the envelope, checks its token with v (a nil v
// rejects every event with ErrNotConfigured) and decodes the data into the
// type of the event. ctx is passed to v.
//
// Errors wrap ErrMalformed (the body is not an event), ErrInvalidToken or
// ErrNotConfigured (the token was not accepted), or the error of v. The
// token is checked before the data is decoded, and no error includes it.
// An event name that is not documented is not an error: its data stays raw.
func ParseContext(ctx context.Context, body []byte, v Verifier) (*Event, error) {
	w, err := scanEnvelope(body)
	if err != nil { // the fast path declined: encoding/json decides
		w = wireEnvelope{}
		if err := json.Unmarshal(body, &w); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
	}
	if v == nil {
		return nil, ErrNotConfigured
	}
	var account any
	if _, off := v.(insecureVerifier); !off {
		token, ok := tokenString(w.Token)
		if !ok || token == "" {
			return nil, fmt.Errorf("%w: missing, empty or not a string", ErrInvalidToken)
		}
		a, err := v.Verify(ctx, token)
		if err != nil {
			return nil, err
		}
		account = a
	}
	if w.Event == "" {
		return nil, fmt.Errorf("%w: no event name", ErrMalformed)
	}
	ev := &Event{
		Name:      w.Event,
		Resource:  w.Resource,
		Timestamp: w.Timestamp,
		Account:   account,
		Data:      json.RawMessage(append([]byte(nil), w.Data...)),
	}
	if ev.Resource == "" {
		ev.Resource = w.Event.Resource()
	}
	res, known := dataResource[w.Event]
	if !known {
		return ev, nil
	}
	if len(w.Data) == 0 || w.Data[0] != '{' {
		return nil, fmt.Errorf("%w: %s data is not an object", ErrMalformed, w.Event)
	}
	var p any
	switch res {
	case ResourceCall:
		p, err = decodePayload[aircall.Call](w.Data)
	case ResourceUser:
		p, err = decodePayload[aircall.User](w.Data)
	case ResourceNumber:
		p, err = decodePayload[aircall.Number](w.Data)
	case ResourceContact:
		p, err = decodePayload[aircall.Contact](w.Data)
	case ResourceIntegration:
		p, err = decodePayload[Integration](w.Data)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s data: %w", ErrMalformed, w.Event, err)
	}
	ev.payload = p
	return ev, nil
}

// tokenString returns the value of a raw JSON token and whether it was a
// JSON string.
func tokenString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	for _, c := range inner {
		if c == '\\' {
			var s string
			if json.Unmarshal(raw, &s) != nil {
				return "", false
			}
			return s, true
		}
	}
	return string(inner), true
}
