package aircall

// Encoding rule of the resource types (Call, Contact, Tag, Team, Integration,
// ...): a field whose tag has no omitempty is one the real API always sends,
// and its empty value encodes the way the API sends it, so that encoding an
// SDK struct gives the keys of the wire:
//   - an empty string as null (voicemail, company_name, description, ...),
//   - a nil list as [] (comments, tags, teams, emails, ...),
//   - a nil object as null.
// A field that some answers carry and others leave out (webhook-only keys,
// keys behind a fetch_* param, v2-only user fields) keeps omitempty. The
// types whose empty strings become null have a MarshalJSON that applies the
// rule; the helpers below are shared by them.

// nullIfEmpty returns nil (encoded null) for "", else a pointer to s.
func nullIfEmpty[S ~string](s S) *S {
	if s == "" {
		return nil
	}
	return &s
}

// orEmpty returns s, or an empty non-nil slice (encoded []) when s is nil.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
