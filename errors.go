package aircall

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
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
	// ErrNotAvailable: 405, the user is not available (StartCall, Dial).
	ErrNotAvailable = errors.New("aircall: user not available")
	// ErrOutcomeUnknown: a request that is not safe to repeat (a POST) may
	// have reached the server, but no answer came back (a 5xx or a dropped
	// connection). It was not retried; check before sending it again.
	ErrOutcomeUnknown = errors.New("aircall: outcome unknown, the request may have been applied")
	// ErrWindowOverflow: an iterator found more items in one second than one
	// 10,000-item window can hold, so it cannot page past the cap.
	ErrWindowOverflow = errors.New("aircall: more items in one second than one list window holds")
)

// APIError is a non-2xx answer from the API. Title and Troubleshoot come from
// the body's "error" and "troubleshoot" keys; Body keeps the raw body (read
// up to a size limit) for bodies of other shapes, such as an HTML page from a
// proxy.
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

// Error describes the failure in one line.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "aircall: %s %s: %d %s", e.Method, e.URL, e.StatusCode, http.StatusText(e.StatusCode))
	for _, s := range []string{e.Title, e.Message, e.Troubleshoot, errorsText(e.Errors)} {
		if s != "" {
			b.WriteString(": ")
			b.WriteString(s)
		}
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

func errorsText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

func (e *APIError) outcomeUnknown() bool {
	return e.StatusCode >= 500 && !idempotent(e.Method)
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
	case ErrNotAvailable:
		return e.StatusCode == http.StatusMethodNotAllowed
	case ErrOutcomeUnknown:
		return e.outcomeUnknown()
	}
	return false
}

// RateLimitError is a 429 that survived the retries.
type RateLimitError struct {
	APIError
	// Rate is the budget the server announced with the 429.
	Rate Rate
	// RetryAfter is how long until the budget resets.
	RetryAfter time.Duration
}

// Error describes the failure and when to try again.
func (e *RateLimitError) Error() string {
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

// errorBody is the union of the error body shapes the API sends.
type errorBody struct {
	Error        string          `json:"error"`
	Troubleshoot string          `json:"troubleshoot"`
	Message      string          `json:"message"`
	Errors       json.RawMessage `json:"errors"`
}

// newAPIError builds the error for a non-2xx response whose body was read.
func newAPIError(resp *http.Response, method, rawURL string, body []byte) error {
	e := APIError{StatusCode: resp.StatusCode, Method: method, URL: rawURL, Body: body}
	var eb errorBody
	if len(bytes.TrimSpace(body)) > 0 && json.Unmarshal(body, &eb) == nil {
		e.Title, e.Troubleshoot, e.Message = eb.Error, eb.Troubleshoot, eb.Message
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
		}
		return &RateLimitError{APIError: e, Rate: rate, RetryAfter: wait}
	}
	return &e
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
