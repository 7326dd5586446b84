package aircall

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// WithBaseURL never echoes a URL it cannot parse: its userinfo may be a
// credential (issue 9, finding 5).
func TestReviewWithBaseURLUnparsableHidesUserinfo(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{"https://my-id:s3cr3tT0ken@api.aircall.io:bad", "my-id:s3cr3tT0ken@api.aircall.io"} {
		_, err := NewClient(WithBasicAuth("a", "b"), WithBaseURL(raw))
		if err == nil {
			t.Fatalf("WithBaseURL(%q): no error", raw)
		}
		if strings.Contains(err.Error(), "s3cr3tT0ken") {
			t.Errorf("WithBaseURL error leaks the credential: %v", err)
		}
	}
}

// failingSource is a TokenSource that cannot give a token (its token
// endpoint is down).
type failingSource struct{}

func (failingSource) Token() (*oauth2.Token, error) {
	return nil, errors.New("token endpoint unreachable")
}

// A POST whose token could not be obtained never left the process: it is
// not "outcome unknown", and the server saw nothing.
func TestReviewTokenSourceFailureIsNotOutcomeUnknown(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/contacts", reply(t, http.StatusCreated, `{"contact":{"id":1}}`))
	c, err := NewClient(WithTokenSource(failingSource{}), WithBaseURL(ts.URL), WithRetryPolicy(RetryPolicy{}), WithPacer(NewPacer(0, time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Do(context.Background(), http.MethodPost, "/v1/contacts", nil, map[string]string{"first_name": "A"}, nil)
	if err == nil {
		t.Fatal("no error")
	}
	if errors.Is(err, ErrOutcomeUnknown) {
		t.Errorf("err = %v: matches ErrOutcomeUnknown, but the request was never sent", err)
	}
	if n := ts.requests.Load(); n != 0 {
		t.Errorf("the server saw %d requests, want 0", n)
	}
}

// Every service method, called with zero arguments (nil params and
// options, zero IDs, empty strings), returns (or yields) without a panic.
func TestReviewZeroArgumentsDoNotPanic(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{}`)
	})
	c := ts.client(t, WithRetryPolicy(RetryPolicy{}))
	cv := reflect.ValueOf(c).Elem()
	ctx := reflect.ValueOf(context.Background())
	for i := range cv.NumField() {
		f := cv.Field(i)
		if !cv.Type().Field(i).IsExported() || f.Kind() != reflect.Pointer {
			continue
		}
		for j := range f.NumMethod() {
			m := f.Method(j)
			name := f.Type().Elem().Name() + "." + f.Type().Method(j).Name
			mt := m.Type()
			args := make([]reflect.Value, mt.NumIn())
			for k := range args {
				if k == 0 && mt.In(0).String() == "context.Context" {
					args[k] = ctx
					continue
				}
				args[k] = reflect.Zero(mt.In(k))
			}
			if mt.IsVariadic() {
				args = args[:len(args)-1]
			}
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("%s with zero arguments panics: %v", name, p)
					}
				}()
				out := m.Call(args)
				if len(out) == 1 && out[0].Kind() == reflect.Func { // an iterator: range over it once
					seq := out[0]
					seq.Call([]reflect.Value{reflect.MakeFunc(seq.Type().In(0), func([]reflect.Value) []reflect.Value {
						return []reflect.Value{reflect.ValueOf(false)}
					})})
				}
			}()
		}
	}
}

// A Pacer not made by NewPacer (its zero value) is refused by WithPacer,
// rather than panicking on the first request.
func TestReviewZeroPacerRefused(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/ping", reply(t, http.StatusOK, `{"ping":"pong"}`))
	c, err := NewClient(WithBasicAuth("api-id", "api-token"), WithBaseURL(ts.URL), WithPacer(&Pacer{}))
	if err != nil {
		return // refused: fine
	}
	defer func() {
		if p := recover(); p != nil {
			t.Errorf("Ping with a zero Pacer panics: %v", p)
		}
	}()
	c.Ping(context.Background())
}

// A list whose meta has a total but no current_page nor link keys, served
// by a server that ignores page, ends once the total is passed instead of
// yielding the same full page forever.
func TestReviewPagesPastTotalEnd(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	items := make([]string, 50)
	for i := range items {
		items[i] = fmt.Sprintf(`{"webhook_id":"w%d","url":"https://example.com/h","active":true}`, i)
	}
	body := `{"webhooks":[` + strings.Join(items, ",") + `],"meta":{"count":50,"total":50,"per_page":50}}`
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ts.handle("GET /v1/webhooks", func(w http.ResponseWriter, r *http.Request) {
		if ts.requests.Load() > 5 {
			cancel() // the iteration loops: stop it
		}
		io.WriteString(w, body)
	})
	got := 0
	for _, err := range ts.client(t).Webhooks.All(ctx, nil) {
		if err != nil {
			t.Fatalf("All: %v after %d webhooks", err, got)
		}
		got++
	}
	if got != 50 {
		t.Errorf("All yielded %d webhooks, want the 50 of the total", got)
	}
}
