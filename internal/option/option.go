// Package option builds the functional options of the SDK's packages
// (aircall, aircalltest, webhook) that check their argument: each package
// keeps its own Option type and error prefix, and the check is written once.
package option

import "errors"

// Checked returns an option named name that applies set when bad is false,
// and otherwise fails with "pkg: name: why". The argument is checked when
// the option is built; the error is returned when it is applied.
func Checked[T any](pkg, name string, bad bool, why string, set func(T)) func(T) error {
	return func(v T) error {
		if bad {
			return errors.New(pkg + ": " + name + ": " + why)
		}
		set(v)
		return nil
	}
}
