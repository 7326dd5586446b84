package webhook

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/internal/wire"
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
	// UserClosed is a User events V1 event.
	//
	// Deprecated: use UserClosedV2 (User events V1 are being deprecated).
	UserClosed = aircall.Event("user.closed")
	// UserConnected is a User events V1 event.
	//
	// Deprecated: use UserConnectedV2 (User events V1 are being deprecated).
	UserConnected = aircall.Event("user.connected")
	// UserCreated is a User events V1 event.
	//
	// Deprecated: use UserCreatedV2 (User events V1 are being deprecated).
	UserCreated = aircall.Event("user.created")
	// UserDeleted is a User events V1 event.
	//
	// Deprecated: use UserDeletedV2 (User events V1 are being deprecated).
	UserDeleted = aircall.Event("user.deleted")
	// UserDisconnected is a User events V1 event.
	//
	// Deprecated: use UserDisconnectedV2 (User events V1 are being deprecated).
	UserDisconnected = aircall.Event("user.disconnected")
	// UserOpened is a User events V1 event.
	//
	// Deprecated: use UserOpenedV2 (User events V1 are being deprecated).
	UserOpened = aircall.Event("user.opened")
	// UserWutEnd is a User events V1 event.
	//
	// Deprecated: use UserWutEndV2 (User events V1 are being deprecated).
	UserWutEnd = aircall.Event("user.wut_end")
	// UserWutStart is a User events V1 event.
	//
	// Deprecated: use UserWutStartV2 (User events V1 are being deprecated).
	UserWutStart = aircall.Event("user.wut_start")
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
	// Data is the raw JSON of the envelope's data. From Parse and
	// ParseContext it is a slice of the body they were given (see
	// ParseContext); from the Handler it is a copy of its own.
	Data stdjson.RawMessage

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
	return resourceID2026(e.payload)
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
	var id string
	if n := e.ResourceID(); n != 0 {
		id = n.String()
	} else {
		var w struct {
			ID aircall.ID `json:"id"`
		}
		if json.Unmarshal(e.Data, &w, decodeOptions) == nil && w.ID != 0 {
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

// decodeOptions are the options of every decode: the SDK's, shared with
// its REST decoding (see aircall.DecodeOptions).
var decodeOptions = aircall.DecodeOptions()

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
//
// The Event's Data is a slice of body, not a copy: body must not change
// while the Event is in use (clone Data first to keep it past a reuse of
// body, as the Handler does with its pooled buffer). Nothing else in the
// Event refers to body.
func ParseContext(ctx context.Context, body []byte, v Verifier) (*Event, error) {
	p := parser{ctx: ctx, v: v}
	if ev := p.parseFast(body); ev != nil {
		return ev, nil
	}
	ev, err := p.parse(body, v != nil)
	if err == errRetry {
		ev, err = p.parse(body, false)
	}
	return ev, err
}

// errRetry makes ParseContext parse the body again without decoding the
// data on the fly: the body is unusual (an error in data, or a member that
// changes the event or the token after data).
var errRetry = errors.New("webhook: parse again")

// parser decodes one body. Aircall sends resource, event, timestamp, token
// and data in that order, so that by the time data arrives the event name
// and the token are known: the token is verified there and data is decoded
// straight into the type of the event, in the same pass over the body.
// Otherwise data is kept raw and decoded once the envelope is read.
type parser struct {
	ctx context.Context
	v   Verifier

	// The last verification, so that a second pass over the body does not
	// ask v again about the same token.
	verified bool
	token    string
	account  any
	err      error
}

// envelope is what parse reads from the body's top-level object.
type envelope struct {
	resource  string
	event     aircall.Event
	timestamp aircall.Timestamp
	token     string
	isString  bool   // token is a JSON string
	data      []byte // the raw data, a slice of the body

	decoded bool // payload holds data, decoded on the fly
	payload any
}

// Members of the envelope.
const (
	memberOther = iota
	memberResource
	memberEvent
	memberTimestamp
	memberToken
	memberData
)

var memberNames = [...]string{
	memberResource:  "resource",
	memberEvent:     "event",
	memberTimestamp: "timestamp",
	memberToken:     "token",
	memberData:      "data",
}

// member returns which member name is: the exact name, or else one that
// matches it case-insensitively, as encoding/json does.
func member(name string) int {
	switch name {
	case "resource":
		return memberResource
	case "event":
		return memberEvent
	case "timestamp":
		return memberTimestamp
	case "token":
		return memberToken
	case "data":
		return memberData
	}
	for m, n := range memberNames {
		if n != "" && strings.EqualFold(name, n) {
			return m
		}
	}
	return memberOther
}

// parse decodes body. With onTheFly, data is decoded as it is read when
// the event and token came before it; parse returns errRetry when the body
// needs the ordinary path.
func (p *parser) parse(body []byte, onTheFly bool) (*Event, error) {
	var e envelope
	if err := p.readEnvelope(body, &e, onTheFly); err != nil {
		if err == errRetry {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if p.v == nil {
		return nil, ErrNotConfigured
	}
	account, err := p.verify(e.token, e.isString)
	if err != nil {
		return nil, err
	}
	if e.event == "" {
		return nil, fmt.Errorf("%w: no event name", ErrMalformed)
	}
	ev := e.newEvent(account)
	if e.decoded {
		return ev, nil
	}
	if _, known := dataResource[e.event]; !known {
		return ev, nil
	}
	if len(e.data) == 0 || e.data[0] != '{' {
		return nil, fmt.Errorf("%w: %s data is not an object", ErrMalformed, e.event)
	}
	ev.payload = newPayload(e.event)
	if err := json.Unmarshal(e.data, ev.payload, wire.For(e.data, decodeOptions)); err != nil {
		// A member that does not fit its type (a string duration, say)
		// costs that member, not the event: answering 400 would make
		// Aircall retry it, then disable the webhook.
		ev.payload = newPayload(e.event)
		if stdjson.Valid(e.data) && wire.Lenient(e.data, ev.payload, unmarshalData) == nil {
			return ev, nil
		}
		return nil, fmt.Errorf("%w: %s data: %w", ErrMalformed, e.event, err)
	}
	return ev, nil
}

// newEvent returns the Event of e, with its payload when e.decoded.
func (e *envelope) newEvent(account any) *Event {
	ev := &Event{
		Name:      e.event,
		Resource:  e.resource,
		Timestamp: e.timestamp,
		Account:   account,
		Data:      stdjson.RawMessage(e.data),
	}
	if ev.Resource == "" {
		ev.Resource = e.event.Resource()
	}
	if e.decoded {
		ev.payload = e.payload
	}
	return ev
}

// envelopeNames are the names of the envelope's members, for the
// Scanner's check of names in another case.
var envelopeNames = memberNames[memberResource:]

// parseFast is ParseContext for the usual body, read with the SDK's fast
// path (wire.Scanner): the members named as member reads them, each once;
// the token a string that v accepts, before data; data an object of a type
// with a scan function (a call, user, contact or number event), that the
// Scanner reads in full. It returns nil on any other body, which
// ParseContext then reads with the ordinary parser; the Scanner accepts
// only what that parser reads the same way, and the verification is not
// repeated.
func (p *parser) parseFast(body []byte) *Event {
	if p.v == nil {
		return nil
	}
	s := wire.NewScanner(body)
	defer s.Release()
	var (
		e    envelope
		seen uint8
	)
	for o := s.Object(envelopeNames); o.Next(s); {
		m := member(string(o.Key))
		if m != memberOther && seen&(1<<m) != 0 {
			return nil // a repeated member
		}
		seen |= 1 << m
		switch m {
		case memberResource:
			s.String(&e.resource)
		case memberEvent:
			s.String((*string)(&e.event))
		case memberTimestamp:
			if b := s.Value(); s.OK() && e.timestamp.UnmarshalJSON(b) != nil {
				return nil
			}
		case memberToken:
			if s.Peek() != '"' {
				return nil
			}
			s.String(&e.token)
			e.isString = true
		case memberData:
			_, known := dataResource[e.event]
			if !known || seen&(1<<memberToken) == 0 || s.Peek() != '{' {
				return nil
			}
			payload := newPayload(e.event)
			if !wire.Scannable(payload) {
				return nil
			}
			if _, err := p.verify(e.token, e.isString); err != nil {
				return nil // the ordinary parser reports it
			}
			start := s.Offset()
			if wire.ScanValue(s, payload); !s.OK() {
				return nil
			}
			e.data, e.decoded, e.payload = body[start:s.Offset()], true, payload
		}
	}
	if !s.End() || !e.decoded {
		return nil
	}
	account, err := p.verify(e.token, e.isString)
	if err != nil {
		return nil
	}
	return e.newEvent(account)
}

// unmarshalData decodes b into v with the SDK's options.
func unmarshalData(b []byte, v any) error { return json.Unmarshal(b, v, wire.For(b, decodeOptions)) }

// readEnvelope reads the members of the body's object into e. A null body
// is an empty envelope, as with encoding/json.
func (p *parser) readEnvelope(body []byte, e *envelope, onTheFly bool) error {
	d := wire.NewDecoder(body, wire.For(body, decodeOptions))
	defer d.Release()
	dec := &d.Decoder
	tok, err := dec.ReadToken()
	if err != nil {
		return err
	}
	switch tok.Kind() {
	case 'n':
	case '{':
		for dec.PeekKind() != '}' {
			name, err := dec.ReadToken()
			if err != nil {
				return err
			}
			m := member(name.String())
			if e.decoded && m >= memberEvent && m != memberTimestamp {
				return errRetry // the event, token or data changes after data
			}
			switch m {
			case memberResource:
				err = json.UnmarshalDecode(dec, &e.resource)
			case memberEvent:
				err = json.UnmarshalDecode(dec, &e.event)
			case memberTimestamp:
				err = json.UnmarshalDecode(dec, &e.timestamp)
			case memberToken:
				e.token, e.isString = "", dec.PeekKind() == '"'
				if !e.isString {
					err = dec.SkipValue()
					break
				}
				if tok, err = dec.ReadToken(); err == nil {
					e.token = tok.String()
				}
			case memberData:
				start := dec.InputOffset()
				if err = p.readData(dec, e, onTheFly); err == nil {
					e.data = bytes.TrimLeft(body[start:dec.InputOffset()], " \t\r\n:")
				}
			default:
				err = dec.SkipValue()
			}
			if err != nil {
				return err
			}
		}
		if _, err := dec.ReadToken(); err != nil { // '}'
			return err
		}
	default:
		return fmt.Errorf("the body is a JSON %s, not an object", kindName(tok.Kind()))
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		if err == nil {
			err = errors.New("the body holds more than one JSON value")
		}
		return err
	}
	return nil
}

// readData reads the value of the data member. When onTheFly, the event is
// documented, data is an object and the token came before it, it verifies
// the token and, if v accepts it, decodes data into the event's type.
// Otherwise it skips data, to be decoded after the envelope.
func (p *parser) readData(dec *jsontext.Decoder, e *envelope, onTheFly bool) error {
	_, known := dataResource[e.event]
	if !onTheFly || !known || dec.PeekKind() != '{' {
		return dec.SkipValue()
	}
	if _, err := p.verify(e.token, e.isString); err != nil {
		return dec.SkipValue() // the error is reported after the envelope
	}
	payload := newPayload(e.event)
	if err := json.UnmarshalDecode(dec, payload); err != nil {
		return errRetry // report it as the ordinary path does
	}
	e.decoded, e.payload = true, payload
	return nil
}

// verify checks the token with p.v (not nil) and remembers the answer.
func (p *parser) verify(token string, isString bool) (any, error) {
	if _, off := p.v.(insecureVerifier); off {
		return nil, nil
	}
	if !isString || token == "" {
		return nil, fmt.Errorf("%w: missing, empty or not a string", ErrInvalidToken)
	}
	if !p.verified || p.token != token {
		p.account, p.err = p.v.Verify(p.ctx, token)
		p.verified, p.token = true, token
	}
	return p.account, p.err
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
