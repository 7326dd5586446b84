package aircall

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDoSendsBodiesAndDecodesAnswers(t *testing.T) {
	t.Parallel()
	const answer = `{"message":{"id":"SM1","status":"pending","undocumented":[1,2]}}`
	type sent struct {
		To   string `json:"to"`
		Body string `json:"body"`
	}
	tests := []struct {
		name string
		body any
		want string // body the server receives, as JSON
	}{
		{"bytes", []byte(`{"to":"+33631000000","body":"Hi <b>"}`), `{"to":"+33631000000","body":"Hi <b>"}`},
		{"raw message", json.RawMessage(`{"to":"+33631000000", "body":"Hi"}`), `{"to":"+33631000000","body":"Hi"}`},
		{"struct", sent{To: "+33631000000", Body: "Hi"}, `{"to":"+33631000000","body":"Hi"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts, c := serve(t, "POST /v1/numbers/{id}/messages/send", http.StatusCreated, answer)
			var got struct {
				Message struct {
					ID     string `json:"id"`
					Status string `json:"status"`
				} `json:"message"`
			}
			resp, err := c.Do(context.Background(), "POST", "/v1/numbers/123/messages/send", nil, tt.body, &got)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != http.StatusCreated || got.Message.ID != "SM1" || got.Message.Status != "pending" {
				t.Errorf("status %d, decoded %+v", resp.StatusCode, got)
			}
			r := ts.expectRequest(t, "POST", "/v1/numbers/123/messages/send", "", tt.want)
			if r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type = %q", r.Header.Get("Content-Type"))
			}
			if u, p, ok := (&http.Request{Header: r.Header}).BasicAuth(); !ok || u != "api-id" || p != "api-token" {
				t.Errorf("Authorization = %q, want the Client's Basic credential", r.Header.Get("Authorization"))
			}
		})
	}
}

func TestDoRawAnswerAndQuery(t *testing.T) {
	t.Parallel()
	const answer = `{"calls":[{"id":1,"sid":"CA1","brand_new_key":{"x":1}}],"meta":{"count":1}}`
	ts, c := serve(t, "GET /v1/calls", http.StatusOK, answer)
	var raw json.RawMessage
	q := url.Values{"fetch_call_timeline": {"true"}, "per_page": {"1"}}
	if _, err := c.Do(context.Background(), http.MethodGet, "/v1/calls", q, nil, &raw); err != nil {
		t.Fatal(err)
	}
	if string(raw) != answer {
		t.Errorf("raw = %s, want the body as sent", raw)
	}
	ts.expectRequest(t, "GET", "/v1/calls", "fetch_call_timeline=true&per_page=1", "")
	var b []byte
	if _, err := c.Do(context.Background(), http.MethodGet, "/v1/calls", nil, nil, &b); err != nil || string(b) != answer {
		t.Errorf("*[]byte = %s, %v", b, err)
	}
	if _, err := c.Do(context.Background(), http.MethodGet, "/v1/calls", nil, nil, nil); err != nil {
		t.Errorf("nil v: %v", err)
	}
}

func TestDoMapsErrorsAndRetries(t *testing.T) {
	t.Parallel()
	t.Run("404 is an APIError", func(t *testing.T) {
		t.Parallel()
		_, c := serve(t, "GET /v1/users/{id}", http.StatusNotFound, `{"error":"Not found","troubleshoot":"User not found"}`)
		_, err := c.Do(context.Background(), http.MethodGet, "/v1/users/9", nil, nil, nil)
		var ae *APIError
		if !errors.As(err, &ae) || !errors.Is(err, ErrNotFound) || ae.Troubleshoot != "User not found" {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("a secret in the query stays out of the error", func(t *testing.T) {
		t.Parallel()
		_, c := serve(t, "GET /v1/legacy", http.StatusNotFound, `{"message":"Not Found"}`)
		const secret = "9f86d081884c7d659a2feaa0c55ad015"
		_, err := c.Do(context.Background(), http.MethodGet, "/v1/legacy", url.Values{"access_token": {secret}, "page": {"2"}}, nil, nil)
		if !errors.Is(err, ErrNotFound) || strings.Contains(err.Error(), secret) || !strings.Contains(err.Error(), "page=2") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("GET retried after a 503", func(t *testing.T) {
		t.Parallel()
		ts := newTestServer(t)
		n := 0
		ts.handle("GET /v1/ping", func(w http.ResponseWriter, r *http.Request) {
			if n++; n == 1 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			w.Write([]byte(`{"ping":"pong"}`))
		})
		var out struct{ Ping string }
		if _, err := ts.client(t).Do(context.Background(), http.MethodGet, "/v1/ping", nil, nil, &out); err != nil || out.Ping != "pong" {
			t.Errorf("ping = %q, %v", out.Ping, err)
		}
		if n != 2 {
			t.Errorf("requests = %d, want 2", n)
		}
	})
	t.Run("POST not retried after a 503", func(t *testing.T) {
		t.Parallel()
		ts, c := serve(t, "POST /v1/contacts", http.StatusServiceUnavailable, "")
		_, err := c.Do(context.Background(), http.MethodPost, "/v1/contacts", nil, map[string]any{"first_name": "A"}, nil)
		if !errors.Is(err, ErrOutcomeUnknown) || ts.requests.Load() != 1 {
			t.Errorf("err = %v after %d requests; want ErrOutcomeUnknown after 1", err, ts.requests.Load())
		}
	})
}

func TestDoRefusesBadInput(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, method, path string
		body               any
	}{
		{"relative path", "GET", "v1/ping", nil},
		{"absolute URL", "GET", "https://evil.example/v1/ping", nil},
		{"scheme-relative URL", "GET", "//evil.example/v1/ping", nil},
		{"query in the path", "GET", "/v1/calls?page=2", nil},
		{"empty method", "", "/v1/ping", nil},
		{"method with a space", "GET /x", "/v1/ping", nil},
		{"invalid JSON bytes", "POST", "/v1/contacts", []byte(`{"first_name":`)},
		{"unencodable body", "POST", "/v1/contacts", func() {}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			_, err := ts.client(t).Do(context.Background(), tc.method, tc.path, nil, tc.body, nil)
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), "api-token") || strings.Contains(err.Error(), base64.StdEncoding.EncodeToString([]byte("api-id:api-token"))) {
				t.Errorf("error leaks the credential: %v", err)
			}
			ts.expectNoRequests(t)
		})
	}
}

// TestDoDecodeFailure checks that a body that does not fit v at all (a
// list for a struct) or is not JSON is an error of Do, with the Response.
func TestDoDecodeFailure(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`["company"]`, `{"company":{"name":1}`} {
		_, c := serve(t, "GET /v1/company", http.StatusOK, body)
		var out struct {
			Company struct {
				Name string `json:"name"`
			} `json:"company"`
		}
		resp, err := c.Do(context.Background(), http.MethodGet, "/v1/company", nil, nil, &out)
		if err == nil || resp == nil || resp.StatusCode != 200 {
			t.Errorf("%s: resp %v, err %v; want the response and a decoding error", body, resp, err)
		}
	}
}

// TestDoDecodesAsTypedMethods checks that Client.Do decodes with the SDK's
// one decoder (issue 19): an empty object is a nil *User, as with
// Calls.Get, and a value that does not fit its type is dropped alone and
// listed in Response.Dropped instead of failing the answer.
func TestDoDecodesAsTypedMethods(t *testing.T) {
	t.Parallel()
	_, c := serve(t, "GET /v1/calls/1", http.StatusOK,
		`{"call":{"id":1,"user":{},"contact":{ },"duration":"40","direction":"inbound"}}`)
	var out struct {
		Call Call `json:"call"`
	}
	resp, err := c.Do(context.Background(), http.MethodGet, "/v1/calls/1", nil, nil, &out)
	if err != nil {
		t.Fatal(err)
	}
	checkDiff(t, "Do decoded", Call{ID: 1, Direction: CallInbound}, out.Call)
	if d := cmp.Diff([]DecodeIssue{{Path: "/call/duration", Want: "int"}}, resp.Dropped); d != "" {
		t.Errorf("Response.Dropped (-want +got):\n%s", d)
	}
	typed, _, err := c.Calls.Get(context.Background(), 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := diff(typed, &out.Call); d != "" {
		t.Errorf("Do and Calls.Get differ (-Get +Do):\n%s", d)
	}
}
