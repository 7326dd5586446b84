package aircall

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
)

func TestAPIErrorBodies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		body   string
		want   APIError // Body, Method and URL are checked apart
		text   string   // Error() after "aircall: GET <url>: "
	}{
		{
			name: "error and troubleshoot", status: 404,
			body: `{"error":"Not found","troubleshoot":"Id does not exist"}`,
			want: APIError{StatusCode: 404, Title: "Not found", Troubleshoot: "Id does not exist"},
			text: "404 Not Found: Id does not exist",
		},
		{
			name: "the status is not repeated", status: 404,
			body: `{"error":"Not Found","message":"Not Found","troubleshoot":"User not found"}`,
			want: APIError{StatusCode: 404, Title: "Not Found", Message: "Not Found", Troubleshoot: "User not found"},
			text: "404 Not Found: User not found",
		},
		{
			name: "long shape, errors as string", status: 400,
			body: `{"error":"Bad Request","data":null,"message":"Invalid parameters","errors":"to is not a valid phone number","troubleshoot":"Check the to param","success":false}`,
			want: APIError{StatusCode: 400, Title: "Bad Request", Message: "Invalid parameters", Errors: "to is not a valid phone number", Troubleshoot: "Check the to param"},
			text: "400 Bad Request: Invalid parameters: Check the to param: to is not a valid phone number",
		},
		{
			name: "long shape, errors as object", status: 422,
			body: `{"error":"Unprocessable Entity","data":{},"message":"Validation failed","errors":{"email":["has already been taken"]},"troubleshoot":"","success":false}`,
			want: APIError{StatusCode: 422, Title: "Unprocessable Entity", Message: "Validation failed", Errors: map[string]any{"email": []any{"has already been taken"}}},
			text: "422 Unprocessable Entity: Validation failed: email: has already been taken",
		},
		{
			name: "422 of a dialer campaign create", status: 422,
			body: `{"error":"Unprocessable Entity","success":false,"errors":{"dialer_campaign":["+33631000000 already imported, but not called"],"base":["invalid","stale"]}}`,
			want: APIError{StatusCode: 422, Title: "Unprocessable Entity", Errors: map[string]any{
				"dialer_campaign": []any{"+33631000000 already imported, but not called"}, "base": []any{"invalid", "stale"}}},
			text: "422 Unprocessable Entity: base: invalid, stale; dialer_campaign: +33631000000 already imported, but not called",
		},
		{
			name: "405 user unavailable", status: 405,
			body: `{"error":"Method Not Allowed","troubleshoot":"The user is currently unavailable","success":false}`,
			want: APIError{StatusCode: 405, Title: "Method Not Allowed", Troubleshoot: "The user is currently unavailable"},
			text: "405 Method Not Allowed: The user is currently unavailable",
		},
		{
			name: "edge 401, no Authorization header", status: 401,
			body: `{"message":"Unauthorized"}`,
			want: APIError{StatusCode: 401, Message: "Unauthorized"},
			text: "401 Unauthorized",
		},
		{
			name: "edge 403, bogus Basic pair", status: 403,
			body: `{"message":"Forbidden"}`,
			want: APIError{StatusCode: 403, Message: "Forbidden"},
			text: "403 Forbidden",
		},
		{
			name: "edge 404, unknown route", status: 404,
			body: `{"message":"Not Found"}`,
			want: APIError{StatusCode: 404, Message: "Not Found"},
			text: "404 Not Found",
		},
		{
			name: "edge message with its own text", status: 403,
			body: `{"message":"User is not authorized to access this resource with an explicit deny"}`,
			want: APIError{StatusCode: 403, Message: "User is not authorized to access this resource with an explicit deny"},
			text: "403 Forbidden: User is not authorized to access this resource with an explicit deny",
		},
		{
			name: "a key of an unexpected type hides nothing else", status: 400,
			body: `{"error":"Bad Request","message":{"code":17},"troubleshoot":"Check the params"}`,
			want: APIError{StatusCode: 400, Title: "Bad Request", Message: `{"code":17}`, Troubleshoot: "Check the params"},
			text: `400 Bad Request: {"code":17}: Check the params`,
		},
		{
			name: "HTML from a proxy", status: 502,
			body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>",
			want: APIError{StatusCode: 502},
			text: "502 Bad Gateway: non-JSON body: <html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>",
		},
		{
			name: "empty body", status: 403,
			want: APIError{StatusCode: 403},
			text: "403 Forbidden",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			ts.handle("GET /v1/teams/{id}", reply(t, tt.status, tt.body))
			_, _, err := ts.client(t, WithRetryPolicy(RetryPolicy{})).Teams.Get(context.Background(), 678)
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("err = %T %v, want *APIError", err, err)
			}
			if ae.Method != "GET" || !strings.HasSuffix(ae.URL, "/v1/teams/678") || string(ae.Body) != tt.body {
				t.Errorf("Method %q URL %q Body %q", ae.Method, ae.URL, ae.Body)
			}
			got := *ae
			got.Method, got.URL, got.Body = "", "", nil
			checkDiff(t, "APIError", tt.want, got)
			if want := "aircall: GET " + ts.URL + "/v1/teams/678: " + tt.text; err.Error() != want {
				t.Errorf("Error() = %q\n   want %q", err.Error(), want)
			}
		})
	}
}

func TestSentinels(t *testing.T) {
	t.Parallel()
	all := []error{ErrNotFound, ErrUnauthorized, ErrRateLimited, ErrValidation, ErrConflict, ErrNotAvailable}
	tests := []struct {
		status int
		want   error
	}{
		{400, ErrValidation}, {401, ErrUnauthorized}, {403, ErrUnauthorized}, {404, ErrNotFound},
		{405, ErrNotAvailable}, {409, ErrConflict}, {422, ErrValidation}, {429, ErrRateLimited}, {418, nil},
	}
	for _, tt := range tests {
		ts := newTestServer(t)
		ts.handle("POST /v1/users/{id}/dial", reply(t, tt.status, `{"error":"x","troubleshoot":"y"}`))
		_, err := ts.client(t, WithRetryPolicy(RetryPolicy{})).Users.Dial(context.Background(), 456, "+18001231234")
		if err == nil {
			t.Fatalf("%d: no error", tt.status)
		}
		for _, s := range all {
			if got := errors.Is(err, s); got != (s == tt.want) {
				t.Errorf("%d: errors.Is(err, %v) = %v", tt.status, s, got)
			}
		}
	}
}

func TestLocalValidationSendsNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	long := strings.Repeat("é", MaxTeamNameLength+1)
	runParamCases(t, []paramCase{
		{"create without email", func(c *Client) error {
			_, _, err := c.Users.Create(ctx, &UserCreateParams{FirstName: "a", LastName: "b"})
			return err
		}, "email"},
		{"create without last name", func(c *Client) error {
			_, _, err := c.Users.Create(ctx, &UserCreateParams{Email: "a@b.c", FirstName: "a", LastName: " "})
			return err
		}, "last_name"},
		{"create nil", func(c *Client) error { _, _, err := c.Users.Create(ctx, nil); return err }, ""},
		{"update blank first name", func(c *Client) error {
			_, _, err := c.Users.Update(ctx, 1, &UserUpdateParams{FirstName: Ptr("")})
			return err
		}, "first_name"},
		{"start call without number", func(c *Client) error {
			_, err := c.Users.StartCall(ctx, 1, &StartCallParams{To: "+18001231234"})
			return err
		}, "number_id"},
		{"start call to non-E.164", func(c *Client) error {
			_, err := c.Users.StartCall(ctx, 1, &StartCallParams{NumberID: 1, To: "+1 800-123-1234"})
			return err
		}, "to"},
		{"dial without plus", func(c *Client) error { _, err := c.Users.Dial(ctx, 1, "18001231234"); return err }, "to"},
		{"team without name", func(c *Client) error { _, _, err := c.Teams.Create(ctx, &TeamCreateParams{}); return err }, "name"},
		{"team name of 65 characters", func(c *Client) error { _, _, err := c.Teams.Create(ctx, &TeamCreateParams{Name: long}); return err }, "name"},
	})
	// 64 characters, counted in runes, is allowed.
	ts := newTestServer(t)
	c := ts.client(t)
	ts.handle("POST /v1/teams", reply(t, http.StatusCreated, `{"team":{"id":1,"name":"x","users":[]}}`))
	if _, _, err := c.Teams.Create(ctx, &TeamCreateParams{Name: strings.Repeat("é", MaxTeamNameLength)}); err != nil {
		t.Errorf("64-character name refused: %v", err)
	}
}

// echoAuth answers status with a body that repeats the request's
// Authorization header and its parts, as a misconfigured proxy or debug
// page may.
func echoAuth(status int, html bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		scheme, cred, _ := strings.Cut(auth, " ")
		parts := []string{auth, cred}
		if scheme == "Basic" {
			dec, _ := base64.StdEncoding.DecodeString(cred)
			id, token, _ := strings.Cut(string(dec), ":")
			parts = append(parts, string(dec), id, token, "api_token="+token)
		}
		if html {
			w.WriteHeader(status)
			fmt.Fprintf(w, "<html><body><h1>Denied</h1><pre>Authorization: %s</pre><p>%s</p></body></html>", auth, strings.Join(parts, " | "))
			return
		}
		esc := strings.ReplaceAll(cred, "/", `\/`) // PHP-style JSON escapes "/"
		b, _ := json.Marshal(map[string]any{"error": "Forbidden", "message": "bad credential " + auth,
			"troubleshoot": strings.Join(parts, " | "), "errors": map[string]any{"authorization": parts}})
		b = append(b[:len(b)-1], []byte(`,"escaped":"`+esc+`"}`)...)
		w.WriteHeader(status)
		w.Write(b)
	}
}

func TestErrorsNeverCarryCredentials(t *testing.T) {
	t.Parallel()
	// Credentials whose base64 holds "/" and "+", to test the escaped forms.
	const apiID, apiToken, bearer = "4f8c1a2b9d3e", "tok+/?~~>>>??secret", "oauth-access-token-Zx81/+q"
	basic := base64.StdEncoding.EncodeToString([]byte(apiID + ":" + apiToken))
	tests := []struct {
		name    string
		auth    Option
		secrets []string
	}{
		{"basic", WithBasicAuth(apiID, apiToken), []string{apiID, apiToken, basic, basic[:12], apiID + ":" + apiToken}},
		{"bearer", WithBearerToken(bearer), []string{bearer}},
	}
	for _, tt := range tests {
		for _, status := range []int{400, 403, 429, 500} {
			for _, html := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s/%d/html=%v", tt.name, status, html), func(t *testing.T) {
					t.Parallel()
					ts := newTestServer(t)
					ts.handle("GET /v1/teams/{id}", echoAuth(status, html))
					var logs bytes.Buffer
					c := clientWithOnlyAuth(t, ts, tt.auth, &logs)
					_, _, err := c.Teams.Get(context.Background(), 678)
					var ae *APIError
					if !errors.As(err, &ae) {
						t.Fatalf("err = %v, want an *APIError", err)
					}
					if !strings.Contains(string(ae.Body), "[redacted]") {
						t.Errorf("Body = %s: nothing redacted, so the server's echo was not seen", ae.Body)
					}
					all := strings.Join([]string{err.Error(), string(ae.Body), ae.Title, ae.Message, ae.Troubleshoot, errorsText(ae.Errors), ae.URL, logs.String()}, "\n")
					for _, s := range tt.secrets {
						for _, form := range []string{s, strings.ReplaceAll(s, "/", `\/`)} {
							if strings.Contains(all, form) {
								t.Errorf("%q appears in the error, its body or the log:\n%s", form, all)
							}
						}
					}
				})
			}
		}
	}
}

// clientWithOnlyAuth returns a Client for ts authenticated by auth alone,
// with fast retries, no spacing and a debug logger writing to logs.
func clientWithOnlyAuth(t *testing.T, ts *testServer, auth Option, logs *bytes.Buffer) *Client {
	t.Helper()
	return ts.clientAuth(t, auth, WithRetryPolicy(RetryPolicy{MaxRetries: 1, MinWait: time.Millisecond, MaxWait: time.Millisecond}),
		WithLogger(slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
}

// TestErrorsNeverCarryCredentialsWithoutTheRequest uses a base transport
// whose responses do not point back at the request sent (a custom
// RoundTripper may not set Response.Request): the header-shaped and
// key=value forms of a credential are still hidden. (A bare token with
// nothing around it cannot be told from other text without the request.)
func TestErrorsNeverCarryCredentialsWithoutTheRequest(t *testing.T) {
	t.Parallel()
	const apiID, apiToken = "4f8c1a2b9d3e7a61", "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	mt := httpmock.NewMockTransport()
	c := testClientAuth(t, WithBasicAuth(apiID, apiToken), WithTransport(mt), WithRetryPolicy(RetryPolicy{}))
	mt.RegisterResponder("GET", "https://api.aircall.io/v1/ping", func(req *http.Request) (*http.Response, error) {
		rec := httptest.NewRecorder()
		echoAuth(http.StatusForbidden, false)(rec, req)
		return httpmock.NewBytesResponse(rec.Code, rec.Body.Bytes()), nil
	})
	_, err := c.Ping(context.Background())
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v", err)
	}
	basic := base64.StdEncoding.EncodeToString([]byte(apiID + ":" + apiToken))
	for _, s := range []string{"Basic " + basic, "api_token=" + apiToken, `"authorization":["Basic ` + basic} {
		if strings.Contains(err.Error(), s) || strings.Contains(string(ae.Body), s) {
			t.Errorf("%q leaks: %v\n%s", s, err, ae.Body)
		}
	}
}

func TestRedactShapesKeepsExplanations(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`{"troubleshoot":"Use Basic authentication with your api_id and api_token"}`: `{"troubleshoot":"Use Basic authentication with your api_id and api_token"}`,
		`{"message":"Bearer token missing"}`:                                         `{"message":"Bearer token missing"}`,
		`{"message":"password: must be present"}`:                                    `{"message":"password: must be present"}`,
		`{"message":"got Bearer eyJhbGciOiJIUzI1NiJ9.e30.x"}`:                        `{"message":"got Bearer [redacted]"}`,
		`<p>Authorization: Basic NGY4YzFhMmI6MGExYjJj</p>`:                           `<p>Authorization: Basic [redacted]</p>`,
		`api_token=0a1b2c3d4e5f&x=1`:                                                 `api_token=[redacted]&x=1`,
		`{"client_secret": "Zq8-secret"}`:                                            `{"client_secret": "[redacted]"}`,
	} {
		if got := string(redactShapes([]byte(in))); got != want {
			t.Errorf("redactShapes(%s)\n got %s\nwant %s", in, got, want)
		}
	}
}

// TestAny2xxAnswersACreate: the API answers creates with 200 where the
// reference says 201, and the SDK must not care which 2xx comes.
func TestAny2xxAnswersACreate(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	creates := []struct {
		name, pattern, fixture string
		call                   func(*Client) error
	}{
		{"Teams.Create", "POST /v1/teams", "teams_create.json", func(c *Client) error {
			_, _, err := c.Teams.Create(ctx, &TeamCreateParams{Name: "Support"})
			return err
		}},
		{"Tags.Create", "POST /v1/tags", "tags_create.json", func(c *Client) error {
			_, _, err := c.Tags.Create(ctx, &TagCreateParams{Name: "VIP", Color: "#00B388"})
			return err
		}},
		{"Teams.AddUser", "POST /v1/teams/{team_id}/users/{user_id}", "teams_add_user.json", func(c *Client) error {
			_, _, err := c.Teams.AddUser(ctx, 1, 2)
			return err
		}},
		{"Calls.AddComment", "POST /v1/calls/{id}/comments", "", func(c *Client) error {
			_, err := c.Calls.AddComment(ctx, 1, &CommentParams{Content: "called back"})
			return err
		}},
	}
	for _, tc := range creates {
		for _, status := range []int{200, 201, 202, 204} {
			if status == 204 && tc.fixture != "" {
				continue // a create that returns the resource needs its body
			}
			t.Run(fmt.Sprintf("%s/%d", tc.name, status), func(t *testing.T) {
				t.Parallel()
				_, c := serve(t, tc.pattern, status, tc.fixture)
				if err := tc.call(c); err != nil {
					t.Errorf("answered %d: %v", status, err)
				}
			})
		}
	}
}

// TestAPIErrorOutcome checks which answers leave a POST's outcome unknown: a
// 5xx may come after the server acted, but 501 Not Implemented says it did
// not, and an idempotent method can simply be sent again.
func TestAPIErrorOutcome(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		method string
		status int
		want   bool
	}{
		{http.MethodPost, http.StatusInternalServerError, true},
		{http.MethodPost, http.StatusBadGateway, true},
		{http.MethodPost, http.StatusNotImplemented, false},
		{http.MethodPost, http.StatusBadRequest, false},
		{http.MethodPut, http.StatusInternalServerError, false},
	} {
		err := &APIError{StatusCode: tc.status, Method: tc.method}
		if got := errors.Is(err, ErrOutcomeUnknown); got != tc.want {
			t.Errorf("%s answered %d: errors.Is(err, ErrOutcomeUnknown) = %v, want %v", tc.method, tc.status, got, tc.want)
		}
	}
}

// 405 matches ErrNotAvailable only on the endpoints that document it as a
// state error: StartCall and Dial (the user is not available),
// PauseRecording and ResumeRecording (recording is disabled on the number).
// A 405 elsewhere, such as a wrong method sent through Client.Do, is a
// plain *APIError.
func TestNotAvailableOnlyWhereDocumented(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const unavailable = `{"error":"Method Not Allowed","troubleshoot":"The user is currently unavailable","success":false}`
	tests := []struct {
		name, pattern string
		call          func(*Client) error
		want          bool
	}{
		{"StartCall", "POST /v1/users/{id}/calls", func(c *Client) error {
			_, err := c.Users.StartCall(ctx, 456, &StartCallParams{NumberID: 1234, To: "+18001231234"})
			return err
		}, true},
		{"Dial", "POST /v1/users/{id}/dial", func(c *Client) error { _, err := c.Users.Dial(ctx, 456, "+18001231234"); return err }, true},
		{"PauseRecording", "POST /v1/calls/{id}/pause_recording", func(c *Client) error { _, err := c.Calls.PauseRecording(ctx, 812); return err }, true},
		{"ResumeRecording", "POST /v1/calls/{id}/resume_recording", func(c *Client) error { _, err := c.Calls.ResumeRecording(ctx, 812); return err }, true},
		{"wrong method through Do", "PATCH /v1/contacts/{id}", func(c *Client) error {
			_, err := c.Do(ctx, "PATCH", "/v1/contacts/710", nil, map[string]string{"first_name": "x"}, nil)
			return err
		}, false},
		{"405 on a typed method that does not document it", "DELETE /v1/tags/{id}", func(c *Client) error { _, err := c.Tags.Delete(ctx, 1); return err }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, c := serve(t, tt.pattern, 405, unavailable)
			err := tt.call(c)
			if got := errors.Is(err, ErrNotAvailable); got != tt.want {
				t.Errorf("errors.Is(%v, ErrNotAvailable) = %v, want %v", err, got, tt.want)
			}
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != 405 || ae.Troubleshoot != "The user is currently unavailable" {
				t.Errorf("errors.As *APIError: %+v", ae)
			}
			if errors.Is(err, ErrNotFound) || errors.Is(err, ErrValidation) {
				t.Errorf("%v matches another sentinel", err)
			}
		})
	}
}

// A 429 that survives the retries says when to try again only when the
// answer said it: from X-AircallApi-Reset, else from Retry-After in
// seconds or as an HTTP date. A bare 429 (a proxy's) says it did not say,
// instead of "retry after 0s".
func TestRateLimitErrorSaysWhatTheAnswerSaid(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		header func(now time.Time) http.Header
		want   time.Duration // 0: not said
		text   string
	}{
		{"bare", func(time.Time) http.Header { return http.Header{} }, 0, "(the answer did not say when to retry)"},
		{"seconds", func(time.Time) http.Header { return http.Header{"Retry-After": {"30"}} }, 30 * time.Second, "(retry after 30s)"},
		{"date", func(now time.Time) http.Header {
			return http.Header{"Retry-After": {now.Add(2 * time.Minute).UTC().Format(http.TimeFormat)}}
		}, 2 * time.Minute, "(retry after"},
		{"reset", func(now time.Time) http.Header {
			return http.Header{"X-Aircallapi-Reset": {strconv.FormatInt(now.Add(45*time.Second).Unix(), 10)}}
		}, 45 * time.Second, "(retry after"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			resp := &http.Response{StatusCode: http.StatusTooManyRequests, Status: "429 Too Many Requests", Header: tt.header(time.Now())}
			var rl *RateLimitError
			if !errors.As(newAPIError(resp, "GET", "https://api.aircall.io/v1/calls", nil), &rl) {
				t.Fatal("a 429 is not a *RateLimitError")
			}
			if d := rl.RetryAfter - tt.want; d < -2*time.Second || d > 0 && tt.want == 0 || d > time.Second {
				t.Errorf("RetryAfter = %s, want about %s", rl.RetryAfter, tt.want)
			}
			if !strings.Contains(rl.Error(), tt.text) || strings.Contains(rl.Error(), "retry after 0s") {
				t.Errorf("Error() = %q, want it to contain %q", rl.Error(), tt.text)
			}
		})
	}
}

// Query values leave error strings and log lines: the keys stay, with the
// values of paging and ordering params; every other value (an email, a
// phone number) reads REDACTED.
func TestQueryValuesRedacted(t *testing.T) {
	t.Parallel()
	const email, phone = "vicente.abad@lerox.example", "+34664673697"
	for _, status := range []int{404, 500} {
		ts := newTestServer(t)
		ts.handle("GET /v1/contacts/search", reply(t, status, `{"error":"x"}`))
		logger, logs := testLoggerBuffer()
		c := ts.client(t, WithLogger(logger), WithRetryPolicy(RetryPolicy{MaxRetries: 1}))
		_, _, err := c.Contacts.Search(context.Background(), &ContactSearchOptions{Email: email, PhoneNumber: phone, ContactListOptions: ContactListOptions{ListOptions: ListOptions{PerPage: 50}}})
		if err == nil {
			t.Fatal("no error")
		}
		var ae *APIError
		for what, s := range map[string]string{"error": err.Error(), "logs": logs.String()} {
			if strings.Contains(s, "lerox") || strings.Contains(s, "34664673697") || strings.Contains(s, "664673697") {
				t.Errorf("%d: %s keep a query value: %s", status, what, s)
			}
		}
		if !errors.As(err, &ae) || !strings.Contains(ae.URL, "email=REDACTED") || !strings.Contains(ae.URL, "phone_number=REDACTED") || !strings.Contains(ae.URL, "per_page=50") {
			t.Errorf("%d: APIError.URL = %q, want the keys with email=REDACTED, phone_number=REDACTED, per_page=50", status, ae.URL)
		}
		if r := ts.last(t); !strings.Contains(r.Query, "lerox") {
			t.Errorf("the request itself must carry the value: %q", r.Query)
		}
	}
}

func TestShownURL(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, want string }{
		{"https://api.aircall.io/v1/calls/search?from=1585000000&order=desc&page=2&per_page=50&phone_number=%2B33612345678&tags%5B%5D=7",
			"https://api.aircall.io/v1/calls/search?from=1585000000&order=desc&page=2&per_page=50&phone_number=REDACTED&tags%5B%5D=REDACTED"},
		{"https://api.aircall.io/v1/contacts?fetch_contact=true&search=bob", "https://api.aircall.io/v1/contacts?fetch_contact=true&search=REDACTED"},
		{"https://api.aircall.io/v1/ping", "https://api.aircall.io/v1/ping"},
		{"https://api.aircall.io/v1/x?flag&email=", "https://api.aircall.io/v1/x?flag&email="},
		{"https://u:secret@api.aircall.io/v1/x?api_token=abc", "https://u:xxxxx@api.aircall.io/v1/x?api_token=REDACTED"},
	} {
		u := mustParseURL(t, tt.in)
		if got := shownURL(u, ""); got != tt.want {
			t.Errorf("shownURL(%s)\n = %s\nwant %s", tt.in, got, tt.want)
		}
		if u.String() != mustParseURL(t, tt.in).String() {
			t.Errorf("shownURL changed its argument: %s", u)
		}
	}
}
