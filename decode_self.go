package aircall

import (
	"errors"
	"io"
	"reflect"
	"sync"

	json "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/seed1279ea27/aircall-go/internal/wire"
)

// selfDecoder is a type that decodes itself leniently (Message, Summary,
// AnalyticsExport, ...): decodeLenient is its UnmarshalJSON, returning
// what it dropped, with paths from the root of b.
type selfDecoder interface {
	decodeLenient(b []byte) ([]wire.Issue, error)
}

// reportingOptions are decodeOptions plus an unmarshaler that decodes the
// selfDecoders as their UnmarshalJSON does, reporting what they drop to
// the decode (wire.Report), which encoding/json's call of UnmarshalJSON
// cannot.
var reportingOptions = json.JoinOptions(
	wire.Tolerant,
	json.WithUnmarshalers(json.JoinUnmarshalers(
		nilIfEmpty,
		json.UnmarshalFromFunc(func(dec *jsontext.Decoder, v selfDecoder) error {
			b, err := dec.ReadValue()
			if err != nil {
				return err
			}
			issues, err := v.decodeLenient(b)
			wire.Report(dec, issues)
			return err
		}),
	)),
)

// optionsFor returns the options to decode data into v: reportingOptions
// when v's type holds a selfDecoder (report is then true: decode with a
// collector, wire.UnmarshalDecode), else wire.For's choice (the faster
// options when data has no empty object).
func optionsFor(data []byte, v any) (opts json.Options, report bool) {
	if holdsSelfDecoder(reflect.TypeOf(v)) {
		return reportingOptions, true
	}
	return wire.For(data, decodeOptions), false
}

var selfDecoderType = reflect.TypeFor[selfDecoder]()

// holdsSelfDecoder reports whether a value of type t may hold a
// selfDecoder (through fields, pointers, lists and maps), cached by type.
func holdsSelfDecoder(t reflect.Type) bool {
	if t == nil {
		return false
	}
	if h, ok := holdsCache.Load(t); ok {
		return h.(bool)
	}
	h := holds(t, map[reflect.Type]bool{})
	holdsCache.Store(t, h)
	return h
}

var holdsCache sync.Map // reflect.Type → bool

func holds(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	if reflect.PointerTo(t).Implements(selfDecoderType) {
		return true
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return holds(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if holds(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

// unmarshalSDK decodes b into v with the SDK's options, strictly.
func unmarshalSDK(b []byte, v any) error {
	_, err := decodeSDK(b, v)
	return err
}

// decodeSDK is unmarshalSDK that also returns the values dropped inside
// the selfDecoders, with paths from the root of b.
func decodeSDK(b []byte, v any) ([]wire.Issue, error) {
	opts, report := optionsFor(b, v)
	if !report {
		return nil, json.Unmarshal(b, v, opts) // the faster, with nothing to collect
	}
	d := wire.NewDecoder(b, opts)
	defer d.Release()
	return unmarshalWhole(d, v, report)
}

// unmarshalWhole decodes the whole input of d into v with d's options
// (report as wire.UnmarshalDecode's).
func unmarshalWhole(d *wire.Decoder, v any, report bool) ([]wire.Issue, error) {
	issues, err := wire.UnmarshalDecode(&d.Decoder, v, report)
	if err != nil {
		return nil, err
	}
	if _, err := d.ReadToken(); err != io.EOF {
		if err == nil {
			err = errors.New("the JSON holds more than one value")
		}
		return nil, err
	}
	return issues, nil
}

// decodeSelf is the UnmarshalJSON of a selfDecoder: what it drops is not
// reported (only the SDK's decode has somewhere to report it).
func decodeSelf(v selfDecoder, b []byte) error {
	_, err := v.decodeLenient(b)
	return err
}
