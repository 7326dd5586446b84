package aircall

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Sentinel errors, matched with errors.Is against the errors the Client
// returns.
var (
	// ErrNotFound: 404, the resource does not exist.
	ErrNotFound = errors.New("aircall: not found")
	// ErrUnauthorized: 401 or 403, the credentials are missing, wrong or not
	// allowed for this endpoint.
	ErrUnauthorized = errors.New("aircall: unauthorized")
	// ErrRateLimited: 429, the company's request budget is spent.
	ErrRateLimited = errors.New("aircall: rate limited")
	// ErrValidation: 400 or 422 from the server, or params rejected locally
	// before any request was sent (then the error is a *ParamError).
	ErrValidation = errors.New("aircall: validation failed")
	// ErrConflict: 409, for instance a 21st phone number on a contact.
	ErrConflict = errors.New("aircall: conflict")
	// ErrNotAvailable: 405 from an endpoint that documents it as a state
	// error: the user is not available (Users.StartCall, Users.Dial), or
	// recording is disabled on the call's number (Calls.PauseRecording,
	// Calls.ResumeRecording). A 405 from any other request (a wrong method
	// sent through Client.Do) does not match it.
	ErrNotAvailable = errors.New("aircall: not available")
	// ErrOutcomeUnknown: a request that is not safe to repeat (a POST) may
	// have reached the server, but no answer came back (a 5xx or a dropped
	// connection). It was not retried; check before sending it again.
	ErrOutcomeUnknown = errors.New("aircall: outcome unknown, the request may have been applied")
	// ErrAnswerLost: the server answered 2xx, so the request was applied,
	// but the body of its answer could not be read whole (the connection
	// dropped mid-body, the attempt timed out, or the body was over the
	// size limit). A request that is not safe to repeat (a POST) is not
	// sent again: do not repeat it, read the resource back instead (a
	// created contact is in Contacts.Search). A GET, PUT or DELETE is
	// retried first, and fails with ErrAnswerLost only when no retry is
	// left.
	ErrAnswerLost = errors.New("aircall: the request was applied, but its answer was lost")
	// ErrWindowOverflow: an iterator found more items in one second than one
	// 10,000-item window can hold, so it cannot page past the cap.
	ErrWindowOverflow = errors.New("aircall: more items in one second than one list window holds")
)

// APIError is a non-2xx answer from the API. Title, Troubleshoot, Message
// and Errors come from the body's keys of those names; Body keeps the body
// (read up to a size limit) for bodies of other shapes, such as an HTML page
// from a proxy. Credentials never reach an APIError: before anything is
// read, the Authorization credential of the request sent (Basic, raw and in
// base64, with its api_id and api_token; Bearer tokens) and values that look
// like secrets after a secret-named key or an auth scheme are replaced with
// "[redacted]", in Body, in every field parsed from it and in URL.
type APIError struct {
	StatusCode   int
	Method       string
	URL          string // without credentials or query secrets
	Title        string // the body's "error"
	Troubleshoot string // the body's "troubleshoot"
	Message      string // the body's "message", when present
	Errors       any    // the body's "errors": a string or an object
	Body         []byte
}

// Error describes the failure in one line: the method, the URL, the status,
// then what the body says (error, message, troubleshoot, errors), each part
// once, leaving out parts that only repeat the status text.
func (e *APIError) Error() string {
	var b strings.Builder
	status := http.StatusText(e.StatusCode)
	fmt.Fprintf(&b, "aircall: %s %s: %d", e.Method, e.URL, e.StatusCode)
	if status != "" {
		b.WriteString(" " + status)
	}
	said := []string{status}
	for _, s := range []string{e.Title, e.Message, e.Troubleshoot, errorsText(e.Errors)} {
		s = strings.TrimSpace(s)
		if s == "" || slices.ContainsFunc(said, func(t string) bool { return strings.EqualFold(t, s) }) {
			continue
		}
		said = append(said, s)
		b.WriteString(": ")
		b.WriteString(s)
	}
	if e.Title == "" && e.Troubleshoot == "" && e.Message == "" && e.Errors == nil && len(e.Body) > 0 && !json.Valid(e.Body) {
		b.WriteString(": non-JSON body: ")
		b.WriteString(truncate(strings.Join(strings.Fields(string(e.Body)), " "), 120))
	}
	if e.outcomeUnknown() {
		b.WriteString(" (outcome unknown: not retried, the request may have been applied)")
	}
	return b.String()
}

// errorsText renders the body's "errors": a string as is; an object of
// arrays, such as {"email": ["has already been taken"]}, as
// "email: has already been taken", keys sorted; anything else as JSON.
func errorsText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case []any:
		parts := make([]string, 0, len(v))
		for _, x := range v {
			parts = append(parts, errorsText(x))
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		keys := slices.Sorted(maps.Keys(v))
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, k+": "+errorsText(v[k]))
		}
		return strings.Join(parts, "; ")
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

func (e *APIError) outcomeUnknown() bool {
	// 501 Not Implemented says the server did not act on the request.
	return e.StatusCode >= 500 && e.StatusCode != http.StatusNotImplemented && !idempotent(e.Method)
}

// Is matches the sentinel errors by status code.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrValidation:
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity
	case ErrConflict:
		return e.StatusCode == http.StatusConflict
	case ErrOutcomeUnknown:
		return e.outcomeUnknown()
	}
	return false
}

// notAvailableError is a 405 from an endpoint that documents it as a state
// error (see ErrNotAvailable): the *APIError, matching ErrNotAvailable too.
type notAvailableError struct{ err *APIError }

func (e notAvailableError) Error() string        { return e.err.Error() }
func (e notAvailableError) Unwrap() error        { return e.err }
func (e notAvailableError) Is(target error) bool { return target == ErrNotAvailable }

// notAvailableOn405 makes the 405 of an endpoint that documents it (user
// not available, recording disabled) match ErrNotAvailable.
func notAvailableOn405(resp *Response, err error) (*Response, error) {
	if ae, ok := err.(*APIError); ok && ae.StatusCode == http.StatusMethodNotAllowed {
		return resp, notAvailableError{ae}
	}
	return resp, err
}

// RateLimitError is a 429 that survived the retries.
type RateLimitError struct {
	APIError
	// Rate is the budget the server announced with the 429.
	Rate Rate
	// RetryAfter is how long until the budget resets, from
	// X-AircallApi-Reset or else Retry-After (seconds or an HTTP date); 0
	// when the answer said neither (a bare 429, from a proxy say).
	RetryAfter time.Duration
}

// Error describes the failure and, when the answer said it, when to try
// again.
func (e *RateLimitError) Error() string {
	if e.RetryAfter <= 0 && e.Rate.Reset.IsZero() {
		return e.APIError.Error() + " (the answer did not say when to retry)"
	}
	return fmt.Sprintf("%s (retry after %s)", e.APIError.Error(), e.RetryAfter.Round(time.Millisecond))
}

// Unwrap exposes the embedded APIError to errors.As.
func (e *RateLimitError) Unwrap() error { return &e.APIError }

// ParamError reports params rejected before any request was sent. It
// matches ErrValidation.
type ParamError struct {
	Op      string // the method, such as "Users.StartCall"
	Field   string // the JSON name of the field, if one
	Problem string
}

// Error describes the rejected field.
func (e *ParamError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("aircall: %s: %s", e.Op, e.Problem)
	}
	return fmt.Sprintf("aircall: %s: %s %s", e.Op, e.Field, e.Problem)
}

// Is matches ErrValidation.
func (e *ParamError) Is(target error) bool { return target == ErrValidation }

func paramErr(op, field, problem string, args ...any) error {
	return &ParamError{Op: op, Field: field, Problem: fmt.Sprintf(problem, args...)}
}

// errorBody is the union of the error body shapes the API sends: the
// application's {"error", "troubleshoot"} and its variants with "message",
// "errors" (a string or an object of arrays), "data" and "success", and the
// API gateway's {"message"} (401, 403 and 404 rejected at the edge). Each
// key is read on its own, so that one of an unexpected type does not hide
// the others.
type errorBody struct {
	Error        json.RawMessage `json:"error"`
	Troubleshoot json.RawMessage `json:"troubleshoot"`
	Message      json.RawMessage `json:"message"`
	Errors       json.RawMessage `json:"errors"`
}

// errorText returns a JSON string's value, or the compact JSON of any other
// non-null value.
func errorText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return ""
	}
	return b.String()
}

// newAPIError builds the error for a non-2xx response whose body was read.
// The credentials of the request that was sent (its Authorization header)
// are removed from the body and the URL first, so that an error page that
// echoes them leaks them nowhere.
func newAPIError(resp *http.Response, method, rawURL string, body []byte) error {
	if secrets := requestSecrets(resp.Request); len(secrets) > 0 {
		body = redact(body, secrets...)
		rawURL = string(redact([]byte(rawURL), secrets...))
	}
	body, rawURL = redactShapes(body), string(redactShapes([]byte(rawURL)))
	e := APIError{StatusCode: resp.StatusCode, Method: method, URL: rawURL, Body: body}
	var eb errorBody
	if len(bytes.TrimSpace(body)) > 0 && json.Unmarshal(body, &eb) == nil {
		e.Title, e.Troubleshoot, e.Message = errorText(eb.Error), errorText(eb.Troubleshoot), errorText(eb.Message)
		if len(eb.Errors) > 0 && string(eb.Errors) != "null" {
			var v any
			if json.Unmarshal(eb.Errors, &v) == nil {
				e.Errors = v
			}
		}
	}
	if resp.StatusCode == http.StatusTooManyRequests {
		rate := parseRate(resp.Header)
		var wait time.Duration
		if !rate.Reset.IsZero() {
			wait = max(time.Until(rate.Reset), 0)
		} else if d, ok := retryAfter(resp.Header, time.Now()); ok {
			wait = d
		}
		return &RateLimitError{APIError: e, Rate: rate, RetryAfter: wait}
	}
	return &e
}

// shownQueryKeys are the query params whose values errors and log lines
// show: paging, ordering, time windows and flags. Every other value (an
// email, a phone number, a search term, a token) reads REDACTED.
var shownQueryKeys = map[string]bool{
	"page": true, "per_page": true, "order": true, "order_by": true, "sort": true,
	"direction": true, "from": true, "to": true, "limit": true,
}

// shownURL is u as errors and log lines show it: without a password (as
// url.URL.Redacted), with the path segment personal (see personalSegment;
// "" for none) REDACTED, and with the value of every query param REDACTED
// except those of shownQueryKeys and fetch_* flags, keys kept in their
// order: "?email=REDACTED&per_page=50". An empty value stays empty.
func shownURL(u *url.URL, personal string) string {
	c := shownPath(u, personal)
	if u.RawQuery == "" {
		return c.Redacted()
	}
	parts := strings.Split(u.RawQuery, "&")
	for i, p := range parts {
		k, v, ok := strings.Cut(p, "=")
		if !ok || v == "" {
			continue
		}
		name, err := url.QueryUnescape(k)
		if err == nil && (shownQueryKeys[name] || strings.HasPrefix(name, "fetch_")) {
			continue
		}
		parts[i] = k + "=REDACTED"
	}
	c.RawQuery = strings.Join(parts, "&")
	return c.Redacted()
}

// shownPath returns a copy of u whose path segment personal (escaped, as
// in the path; "" for none) reads REDACTED: its Path is the path that log
// lines show.
func shownPath(u *url.URL, personal string) url.URL {
	c := *u
	if personal == "" {
		return c
	}
	p := redactSegment(c.EscapedPath(), personal)
	if unescaped, err := url.PathUnescape(p); err == nil {
		c.Path, c.RawPath = unescaped, p
	}
	return c
}

// redactSegment returns the escaped path with each segment that is
// personal (not "") replaced by REDACTED.
func redactSegment(path, personal string) string {
	if personal == "" || !strings.Contains(path, personal) {
		return path
	}
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if s == personal {
			segs[i] = "REDACTED"
		}
	}
	return strings.Join(segs, "/")
}

// credentialShapes match what may be a credential whatever the request
// was: an Authorization value ("Basic ...", "Bearer ...") and a
// secret-named key with its value (api_token=..., "access_token": "...").
// They catch an echo even when the base transport's responses do not point
// back at the request sent (Response.Request nil). Group 1 is kept, group 2
// is the candidate value.
var credentialShapes = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b((?:basic|bearer)(?:\s|%20|\+)+)([A-Za-z0-9+/=._~\\-]+)`),
	regexp.MustCompile(`(?i)(\b(?:api_?token|access_?token|refresh_?token|client_?secret|api_?key|password|authorization)\\?"?\s*(?:[:=]|%3D)\s*\\?"?)([^"&\s,;|}<\\]+)`),
}

// redactShapes replaces the values credentialShapes find with [redacted],
// when they look like a secret rather than a word of an explanation ("use
// Basic authentication").
func redactShapes(b []byte) []byte {
	for _, re := range credentialShapes {
		b = re.ReplaceAllFunc(b, func(m []byte) []byte {
			sub := re.FindSubmatchIndex(m)
			if !looksLikeSecret(m[sub[4]:sub[5]]) {
				return m
			}
			return append(append([]byte(nil), m[:sub[3]]...), "[redacted]"...)
		})
	}
	return b
}

// looksLikeSecret reports whether s has the look of a token: 8 characters
// or more, with a digit, an uppercase letter after the first character, or
// one of + / = (base64).
func looksLikeSecret(s []byte) bool {
	if len(s) < 8 {
		return false
	}
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9', c == '+', c == '/', c == '=', i > 0 && c >= 'A' && c <= 'Z':
			return true
		}
	}
	return false
}

// minSecretLen is the shortest credential part redacted: replacing every
// "1" of a body because an api_id is "1" would hide the error itself.
const minSecretLen = 4

// requestSecrets lists what req's Authorization header reveals, longest
// first: the credential as sent and, for Basic auth, the decoded
// "api_id:api_token" pair, the api_token and the api_id, each also in the
// form JSON encoders that escape "/" give it.
func requestSecrets(req *http.Request) []string {
	if req == nil {
		return nil
	}
	var out []string
	add := func(s string) {
		if len(s) >= minSecretLen {
			out = append(out, s)
			if strings.Contains(s, "/") {
				out = append(out, strings.ReplaceAll(s, "/", `\/`))
			}
		}
	}
	for _, h := range req.Header.Values("Authorization") {
		scheme, cred, ok := strings.Cut(strings.TrimSpace(h), " ")
		if !ok {
			add(h)
			continue
		}
		cred = strings.TrimSpace(cred)
		add(cred)
		if strings.EqualFold(scheme, "Basic") {
			if dec, err := base64.StdEncoding.DecodeString(cred); err == nil {
				id, token, _ := strings.Cut(string(dec), ":")
				add(string(dec))
				add(token)
				add(id)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// ErrOAuthOnly is returned, before any request, by the endpoints that only
// accept an OAuth access token (the Integrations service) when the Client
// uses Basic auth. It matches ErrUnauthorized, as the API's 403 would.
var ErrOAuthOnly error = oauthOnlyError{}

type oauthOnlyError struct{}

func (oauthOnlyError) Error() string {
	return "aircall: OAuth only: authenticate with WithBearerToken or WithTokenSource, not WithBasicAuth"
}

func (oauthOnlyError) Is(target error) bool { return target == ErrUnauthorized }
