package wire

import (
	"errors"

	"github.com/go-json-experiment/json/jsontext"
)

// ErrNotObject is the error of WalkObject for a value that is not an
// object.
var ErrNotObject = errors.New("not a JSON object")

// WalkObject reads the next value of dec, an object, calling member with
// each member's name while dec is at the member's value. member reports
// whether it consumed the value; the values it leaves are skipped. A value
// that is not an object (null included) is ErrNotObject, and an error of
// member ends the walk.
func WalkObject(dec *jsontext.Decoder, member func(name string) (consumed bool, err error)) error {
	if tok, err := dec.ReadToken(); err != nil {
		return err
	} else if tok.Kind() != '{' {
		return ErrNotObject
	}
	for dec.PeekKind() != '}' {
		name, err := dec.ReadToken()
		if err != nil {
			return err
		}
		consumed, err := member(name.String())
		if err != nil {
			return err
		}
		if !consumed {
			if err := dec.SkipValue(); err != nil {
				return err
			}
		}
	}
	_, err := dec.ReadToken()
	return err
}
