package webhook

import (
	"bytes"
	"context"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/internal/wire"
)

// envelope is what readEnvelope reads from the body's top-level object.
type envelope struct {
	resource  string
	event     aircall.Event
	timestamp aircall.Timestamp
	token     string
	isString  bool   // token is a JSON string
	data      []byte // the raw data, a slice of the body
	dataName  string // the name of data in the body, for Dropped's paths
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
	for m, n := range memberNames {
		if n != "" && name == n {
			return m
		}
	}
	for m, n := range memberNames {
		if n != "" && strings.EqualFold(name, n) {
			return m
		}
	}
	return memberOther
}

// newEvent returns the Event of e, without its payload.
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
	return ev
}

// readEnvelope reads the members of the body's object into e. A null body
// is an empty envelope, as with encoding/json. At a data member it calls
// data, when not nil: data either consumes the value (true) or leaves it
// to be skipped (false), and an error of data ends the read.
func readEnvelope(body []byte, e *envelope, data func(*jsontext.Decoder) (bool, error)) error {
	d := wire.NewDecoder(body, wire.Tolerant)
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
			n := name.String()
			switch member(n) {
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
				consumed := false
				if data != nil {
					consumed, err = data(dec)
				}
				if err == nil && !consumed {
					err = dec.SkipValue()
				}
				if err == nil {
					e.data = bytes.TrimLeft(body[start:dec.InputOffset()], " \t\r\n:")
					e.dataName = wire.PointerToken(n)
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

// errTwoPasses stops a one-pass read of a body: read it again, then decode
// its data.
var errTwoPasses = errors.New("webhook: read the body in two passes")

// onePass decodes a body's data in place, in the same pass as the
// envelope, when the body allows it: a documented event name and a token
// before the data, which the token must pass first, one data member, and
// data that decodes strictly. Anything else reads the body again in two
// passes, the envelope first, as if onePass had not been: the result is
// the same either way, only the first is faster. Verify is asked once per
// token (a body holds one).
type onePass struct {
	ctx     context.Context
	v       Verifier
	e       *envelope
	body    []byte        // the body read
	payload any           // the data, decoded in place
	dropped []wire.Issue  // what payload's self-decoding types dropped, paths from the body's root
	event   aircall.Event // the event name payload was decoded for

	verified bool // account and err hold Verify's answer for token
	token    string
	account  any
	err      error
}

// data is readEnvelope's hook at a data member (nil p: no hook).
func (p *onePass) data(dec *jsontext.Decoder) (bool, error) {
	if p == nil || p.v == nil {
		return false, nil
	}
	e := p.e
	if _, known := dataResource[e.event]; !known || !e.isString || p.payload != nil || dec.PeekKind() != '{' {
		return false, errTwoPasses
	}
	if _, err := p.verify(e.token, e.isString); err != nil {
		return false, errTwoPasses // the second pass answers the error
	}
	payload := newPayload(e.event)
	opts, report := wire.SDKOptions(p.body, payload)
	dropped, err := wire.UnmarshalDecode(dec, payload, report, opts)
	if err != nil {
		return false, errTwoPasses // the second pass decodes leniently
	}
	p.payload, p.dropped, p.event = payload, dropped, e.event
	return true, nil
}

// verify is verify, asked once per token.
func (p *onePass) verify(token string, isString bool) (any, error) {
	if p.verified && p.token == token {
		return p.account, p.err
	}
	p.account, p.err = verify(p.ctx, p.v, token, isString)
	p.verified, p.token = true, token
	return p.account, p.err
}

// verify checks the token with v (not nil).
func verify(ctx context.Context, v Verifier, token string, isString bool) (any, error) {
	if _, off := v.(insecureVerifier); off {
		return nil, nil
	}
	if !isString || token == "" {
		return nil, fmt.Errorf("%w: missing, empty or not a string", ErrInvalidToken)
	}
	return v.Verify(ctx, token)
}
