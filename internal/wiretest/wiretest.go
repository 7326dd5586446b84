// Package wiretest helps the differential tests of package aircall and
// package webhook compare the SDK's decoding with encoding/json's.
package wiretest

import (
	"reflect"

	"github.com/google/go-cmp/cmp"
)

// ZeroToNil is a go-cmp option under which a *T that points to a zero T
// equals nil: the SDK decodes an empty object {} where a *User, *Contact
// or *Number is expected to nil, where encoding/json gives a pointer to a
// zero value (issue 13: call.created sends "user": {}, call.archived
// "tagged_by": {}).
func ZeroToNil[T any]() cmp.Option {
	return cmp.Transformer("emptyObjectIsNil", func(p *T) *T {
		if p != nil && reflect.ValueOf(p).Elem().IsZero() {
			return nil
		}
		return p
	})
}
