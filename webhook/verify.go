package webhook

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
)

// Verifier checks the token of an event body and tells which account it
// belongs to. Aircall puts the webhook's token in every body; it is the only
// proof that a request comes from Aircall, and it identifies the account.
//
// Verify is called with a non-empty token. It returns the account (any
// value, possibly nil) or an error: ErrInvalidToken for a token it does not
// know, ErrNotConfigured when it has no token at all, any other error when
// it could not decide (a lookup failure; the Handler answers 503 so that
// Aircall retries). Use Tokens, TokenAccounts or Lookup; InsecureSkipVerify
// turns verification off.
type Verifier interface {
	Verify(ctx context.Context, token string) (account any, err error)
}

// Tokens returns a Verifier that accepts the given webhook tokens (the
// token of each webhook, as shown in the Dashboard or returned by
// Webhooks.Create) and reports a nil account. The body's token is compared
// with every configured token in constant time. Empty tokens are ignored.
// With none left (Tokens(os.Getenv("X")) with X unset), NewHandler fails
// with an error matching ErrNotConfigured, so that a receiver that would
// answer 401 to every event does not start; Parse rejects every event with
// ErrNotConfigured.
func Tokens(tokens ...string) Verifier {
	var s tokenList
	for _, t := range tokens {
		if t != "" {
			s = append(s, sha256.Sum256([]byte(t)))
		}
	}
	return s
}

// tokenList holds the SHA-256 of each accepted token, so that comparisons
// have a fixed length and leak nothing about the tokens' lengths.
type tokenList [][sha256.Size]byte

// Verify compares the token with every configured one, without stopping at
// the first match.
func (l tokenList) Verify(_ context.Context, token string) (any, error) {
	sum, err := tokenDigest(len(l), token)
	if err != nil {
		return nil, err
	}
	match := 0
	for i := range l {
		match |= subtle.ConstantTimeCompare(sum[:], l[i][:])
	}
	if match != 1 {
		return nil, ErrInvalidToken
	}
	return nil, nil
}

// tokenDigest returns the SHA-256 of token for a Verifier that has
// configured tokens: ErrNotConfigured when it has none, ErrInvalidToken
// for an empty token.
func tokenDigest(configured int, token string) ([sha256.Size]byte, error) {
	switch {
	case configured == 0:
		return [sha256.Size]byte{}, ErrNotConfigured
	case token == "":
		return [sha256.Size]byte{}, ErrInvalidToken
	}
	return sha256.Sum256([]byte(token)), nil
}

// TokenAccounts returns a Verifier for a multi-tenant receiver that knows
// its tenants' tokens: accounts maps each webhook token to its account (a
// tenant ID, a struct, anything), which is handed to the event handlers in
// Event.Account and through the context (AccountFromContext). Tokens are
// kept as SHA-256 digests: the lookup is by digest and the final comparison
// is constant-time. Empty tokens are ignored; with none left, NewHandler
// fails and Parse rejects every event, both with ErrNotConfigured. The map
// is copied.
func TokenAccounts[A any](accounts map[string]A) Verifier {
	m := make(tokenAccounts, len(accounts))
	for t, a := range accounts {
		if t != "" {
			m[sha256.Sum256([]byte(t))] = a
		}
	}
	return m
}

type tokenAccounts map[[sha256.Size]byte]any

// Verify looks the token up by its digest.
func (m tokenAccounts) Verify(_ context.Context, token string) (any, error) {
	sum, err := tokenDigest(len(m), token)
	if err != nil {
		return nil, err
	}
	// A map lookup on a digest leaks no usable timing about the token:
	// the caller cannot choose the digest's bytes.
	a, ok := m[sum]
	if !ok {
		return nil, ErrInvalidToken
	}
	return a, nil
}

// checkVerifier refuses, for NewHandler, a Verifier that was built from no
// token at all: Tokens with only empty tokens, TokenAccounts of an empty
// map, Lookup(nil). A nil Verifier is left to NewHandler's own warning.
func checkVerifier(v Verifier) error {
	var why string
	switch v := v.(type) {
	case tokenList:
		if len(v) == 0 {
			why = "Tokens was given no non-empty token (is the token's environment variable set?)"
		}
	case tokenAccounts:
		if len(v) == 0 {
			why = "TokenAccounts was given no non-empty token"
		}
	}
	if why == "" {
		return nil
	}
	return fmt.Errorf("webhook: NewHandler: %s: %w", why, ErrNotConfigured)
}

// Lookup returns a Verifier for a multi-tenant receiver whose tokens live
// elsewhere (a database, a secret store): fn finds the account of a token and
// reports ok=false when the token is unknown. fn is only called with
// non-empty tokens; a nil fn makes NewHandler fail. It should find the account by an index that does not leak
// timing (store and look up a SHA-256 of the token, not the token), or compare
// with crypto/subtle. An error of fn (the store is down) is returned wrapped;
// the Handler answers 503 to it so that Aircall retries.
func Lookup[A any](fn func(ctx context.Context, token string) (account A, ok bool, err error)) Verifier {
	if fn == nil {
		return tokenList(nil) // fails closed
	}
	return lookupFunc(func(ctx context.Context, token string) (any, bool, error) {
		return fn(ctx, token)
	})
}

type lookupFunc func(ctx context.Context, token string) (any, bool, error)

// Verify calls the lookup function.
func (f lookupFunc) Verify(ctx context.Context, token string) (any, error) {
	if token == "" {
		return nil, ErrInvalidToken
	}
	a, ok, err := f(ctx, token)
	if err != nil {
		return nil, fmt.Errorf("webhook: token lookup: %w", err)
	}
	if !ok {
		return nil, ErrInvalidToken
	}
	return a, nil
}

// InsecureSkipVerify returns a Verifier that accepts every event, whatever
// its token (even none), with a nil account. Anyone who can reach the
// endpoint can then forge events: use it only for local experiments or
// behind another authentication layer. Verification is otherwise never off:
// a nil Verifier, Tokens() or TokenAccounts of an empty map reject
// everything.
func InsecureSkipVerify() Verifier { return insecureVerifier{} }

type insecureVerifier struct{}

// Verify accepts every token.
func (insecureVerifier) Verify(context.Context, string) (any, error) { return nil, nil }

type accountKey struct{}

// ContextWithAccount returns a copy of ctx carrying account, as the Handler
// does before calling event handlers.
func ContextWithAccount(ctx context.Context, account any) context.Context {
	return context.WithValue(ctx, accountKey{}, account)
}

// AccountFromContext returns the account that the Verifier matched to the
// event's token, as passed to event handlers, and whether ctx carries one.
func AccountFromContext(ctx context.Context) (any, bool) {
	a := ctx.Value(accountKey{})
	return a, a != nil
}

// AccountAs returns the account in ctx as an A: for a Handler built with
// TokenAccounts(map[string]*Tenant), AccountAs[*Tenant](ctx).
func AccountAs[A any](ctx context.Context) (A, bool) {
	a, ok := ctx.Value(accountKey{}).(A)
	return a, ok
}
