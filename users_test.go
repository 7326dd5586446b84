package aircall

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fxJohnDoeV2 is user 456 as /v2/users sends him: no numbers, a v2
// direct_link, and the v2 keys.
func fxJohnDoeV2() *User {
	return &User{
		ID: 456, DirectLink: "https://api.aircall.io/v2/users/456", Name: "John Doe",
		Email: "john.doe@aircall.io", Available: true, AvailabilityStatus: UserAvailable,
		Substatus: SubstatusAlwaysOpened, State: "always_opened",
		CreatedAt: fxTime("2019-12-29T10:03:18.000Z", FormISOMillis),
		TimeZone:  "America/New_York", Language: "en-US", Extension: "001", DefaultNumberID: 1234,
	}
}

func TestUsersEndpoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	created := &User{
		ID: 1460, DirectLink: "https://api.aircall.io/v2/users/1460", Name: "Jeffrey Curtis", Email: "jeffrey.curtis@aircall.io",
		AvailabilityStatus: UserAvailable, Substatus: SubstatusAlwaysOpened, State: "always_opened",
		CreatedAt: fxTime("2026-06-19T19:39:38.000Z", FormISOMillis), TimeZone: "Etc/UTC", Language: "en-US", Extension: "004",
	}
	french := fxNumber1234()
	french.FlowEditorEnabled = Ptr(true)
	runFamilyCalls(t, []familyCall{
		{name: "list", pattern: "GET /v2/users", reply: "users_v2_list.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Users.List(ctx, &UserListOptions{ListOptions{Page: 1, PerPage: 20}, TimeRange{From: time.Unix(1577000000, 0), Order: OrderDesc}})
			},
			path: "/v2/users", query: "from=1577000000&order=desc&page=1&per_page=20",
			want: []*User{
				fxJohnDoeV2(),
				// default_number_id null decodes as 0.
				{ID: 457, DirectLink: "https://api.aircall.io/v2/users/457", Name: "Amy Rudd", Email: "amy.rudd@aircall.io",
					AvailabilityStatus: UserCustom, Substatus: SubstatusAlwaysOpened, State: "always_opened",
					CreatedAt: fxTime("2019-12-30T18:10:21Z", FormISOMillis), TimeZone: "Etc/UTC", Language: "en-GB",
					WrapUpTime: 45, Extension: "002"},
				// An unavailability reason is a free-text substatus.
				{ID: 458, DirectLink: "https://api.aircall.io/v2/users/458", Name: "Vera Martin", Email: "vera.martin@aircall.io",
					AvailabilityStatus: UserUnavailable, Substatus: "Out for lunch", State: "always_opened",
					CreatedAt: fxTime("2021-03-02T09:01:58Z", FormISOMillis), TimeZone: "Europe/Paris", Language: "fr-FR",
					WrapUpTime: 10, Extension: "017"},
			},
			meta: &Meta{Count: 3, Total: 3, CurrentPage: 1, PerPage: 20}, opts: cmp.Options{timeEqual}},
		{name: "get", pattern: "GET /v2/users/{id}", reply: "users_v2_get.json",
			call: func(c *Client) (any, *Response, error) { return c.Users.Get(ctx, 456) },
			path: "/v2/users/456", want: fxJohnDoeV2()},
		// Realistic variant: string ids, +00:00 offset, a longer extension,
		// missing language and time_zone.
		{name: "get realistic variant", pattern: "GET /v2/users/{id}", reply: "users_v2_get_variant.json",
			call: func(c *Client) (any, *Response, error) { return c.Users.Get(ctx, 459) },
			path: "/v2/users/459",
			want: &User{
				ID: 459, DirectLink: "https://api.aircall.io/v2/users/459", Name: "Nadia Ortiz", Email: "nadia+support@aircall.io",
				AvailabilityStatus: UserUnavailable, Substatus: SubstatusAlwaysClosed, State: "always_opened",
				CreatedAt:  Timestamp{Time: time.Date(2022, 7, 14, 8, 30, 0, 0, time.UTC), Form: FormISO},
				WrapUpTime: 20, Extension: "0042", DefaultNumberID: 1234,
			},
			opts: cmp.Options{timeEqual}},
		// v2 create answers 200, not the reference's 201.
		{name: "create", pattern: "POST /v2/users", reply: "users_v2_create.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Users.Create(ctx, &UserCreateParams{Email: "jeffrey.curtis@aircall.io", FirstName: "Jeffrey", LastName: "Curtis",
					RoleIDs: []Role{RoleAgent}, WrapUpTime: Ptr(0), TimeZone: "Etc/UTC"})
			},
			path: "/v2/users",
			body: `{"email":"jeffrey.curtis@aircall.io","first_name":"Jeffrey","last_name":"Curtis","role_ids":["agent"],"wrap_up_time":0,"time_zone":"Etc/UTC"}`,
			want: created},
		{name: "update", pattern: "PUT /v2/users/{id}", reply: "users_v2_update.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Users.Update(ctx, 1460, &UserUpdateParams{FirstName: Ptr("Jeff Updated"), WrapUpTime: Ptr(55),
					TimeZone: Ptr("Europe/Madrid"), DefaultNumberID: Ptr[ID](1234)})
			},
			path: "/v2/users/1460", body: `{"first_name":"Jeff Updated","wrap_up_time":55,"time_zone":"Europe/Madrid","default_number_id":1234}`,
			want: edit(new(*created), func(u *User) {
				u.Name, u.TimeZone, u.WrapUpTime, u.DefaultNumberID = "Jeff Updated Curtis", "Europe/Madrid", 55, 1234
			})},
		// Delete has no v2 version: it stays on v1.
		{name: "delete", pattern: "DELETE /v1/users/{id}", status: 204,
			call: func(c *Client) (any, *Response, error) { return answered(c.Users.Delete(ctx, 1460)) },
			path: "/v1/users/1460"},
		{name: "list numbers", pattern: "GET /v2/users/{id}/numbers", reply: "users_v2_numbers.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Users.ListNumbers(ctx, 456, &ListOptions{PerPage: 20})
			},
			path: "/v2/users/456/numbers", query: "per_page=20",
			want: []*Number{french, fxNumberUK2026(1)}, meta: &Meta{Count: 2, Total: 2, CurrentPage: 1, PerPage: 20}},
		{name: "list availabilities", pattern: "GET /v1/users/availabilities", reply: "users_availabilities.json",
			call: func(c *Client) (any, *Response, error) { return c.Users.ListAvailabilities(ctx, nil) },
			path: "/v1/users/availabilities", want: usersAvailabilities(),
			meta: &Meta{Count: 3, Total: 3, CurrentPage: 1, PerPage: 20}},
		{name: "get availability", pattern: "GET /v1/users/{id}/availability", reply: "users_availability.json",
			call: func(c *Client) (any, *Response, error) { return c.Users.GetAvailability(ctx, 456) },
			path: "/v1/users/456/availability", want: AvailabilityAfterCallWork},
		{name: "start call", pattern: "POST /v1/users/{id}/calls", status: 204,
			call: func(c *Client) (any, *Response, error) {
				return answered(c.Users.StartCall(ctx, 456, &StartCallParams{NumberID: 123, To: "+18001231234"}))
			},
			path: "/v1/users/456/calls", body: `{"number_id":123,"to":"+18001231234"}`},
		{name: "dial", pattern: "POST /v1/users/{id}/dial", status: 204,
			call: func(c *Client) (any, *Response, error) { return answered(c.Users.Dial(ctx, 456, "+18001231234")) },
			path: "/v1/users/456/dial", body: `{"to":"+18001231234"}`},
	})
}

// usersAvailabilities are the availabilities of users_availabilities.json.
func usersAvailabilities() []*UserAvailability {
	return []*UserAvailability{{456, AvailabilityAvailable}, {457, AvailabilityOffline}, {458, AvailabilityDoNotDisturb}}
}

func TestUsersAll(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v2/users", reply(t, 200, "users_v2_list.json"))
	var names []string
	for u, err := range ts.client(t).Users.All(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, u.Name)
	}
	checkDiff(t, "names", []string{"John Doe", "Amy Rudd", "Vera Martin"}, names)
	ts.expectRequest(t, "GET", "/v2/users", "page=1&per_page=50", "")
}

func TestUsersGetByEmail(t *testing.T) {
	t.Parallel()
	tests := []struct {
		email, wantURI string
	}{
		{"nadia+support@aircall.io", "/v2/users/nadia+support@aircall.io"},
		// "/" and "?" would change the path or start a query: escaped. "@"
		// stays as it is, as the reference writes it.
		{"a/b?c@aircall.io", "/v2/users/a%2Fb%3Fc@aircall.io"},
		{"50%#off@aircall.io", "/v2/users/50%25%23off@aircall.io"},
	}
	for _, tt := range tests {
		t.Run(tt.email, func(t *testing.T) {
			t.Parallel()
			ts := newTestServer(t)
			var uri, id string
			ts.handle("GET /v2/users/{id}", func(w http.ResponseWriter, r *http.Request) {
				uri, id = r.RequestURI, r.PathValue("id")
				reply(t, 200, "users_v2_get_variant.json")(w, r)
			})
			u, _, err := ts.client(t).Users.GetByEmail(context.Background(), tt.email)
			if err != nil {
				t.Fatal(err)
			}
			if uri != tt.wantURI || id != tt.email {
				t.Errorf("request URI %q (id %q), want %q (id %q)", uri, id, tt.wantURI, tt.email)
			}
			if u.ID != 459 {
				t.Errorf("user %d, want 459", u.ID)
			}
		})
	}
	runParamCases(t, []paramCase{
		{"empty", func(c *Client) error { return errOf(c.Users.GetByEmail(context.Background(), "")) }, "email"},
		{"no at", func(c *Client) error { return errOf(c.Users.GetByEmail(context.Background(), "john.doe")) }, "email"},
		{"nothing after at", func(c *Client) error { return errOf(c.Users.GetByEmail(context.Background(), "john@")) }, "email"},
	})
}

// TestUsersAllNumbersAndAvailabilities walks the users' numbers and
// availabilities; their pages are checked by TestUsersEndpoints.
func TestUsersAllNumbersAndAvailabilities(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ts, c := serve(t, "GET /v2/users/{id}/numbers", 200, "users_v2_numbers.json")
	french := fxNumber1234()
	french.FlowEditorEnabled = Ptr(true)
	checkDiff(t, "AllNumbers", []*Number{french, fxNumberUK2026(1)}, collect(t, c.Users.AllNumbers(ctx, 456, nil)))
	ts.expectRequest(t, "GET", "/v2/users/456/numbers", "page=1&per_page=50", "")

	ts, c = serve(t, "GET /v1/users/availabilities", 200, "users_availabilities.json")
	checkDiff(t, "AllAvailabilities", usersAvailabilities(), collect(t, c.Users.AllAvailabilities(ctx, nil)))
	ts.expectRequest(t, "GET", "/v1/users/availabilities", "page=1&per_page=50", "")
}

// TestUsersStartCallUnavailable: a 405 to StartCall means the user is not
// available.
func TestUsersStartCallUnavailable(t *testing.T) {
	t.Parallel()
	_, c := serve(t, "POST /v1/users/{id}/calls", 405, `{"error":"Method Not Allowed","troubleshoot":"User not available"}`)
	_, err := c.Users.StartCall(context.Background(), 999, &StartCallParams{NumberID: 123, To: "+18001231234"})
	if !errors.Is(err, ErrNotAvailable) {
		t.Errorf("StartCall to an unavailable user: %v, want ErrNotAvailable", err)
	}
}

// TestGetByEmailRedactsTheAddress checks issue 18 (b) on Users.GetByEmail,
// whose address is in the URL path: its errors (a 404, a 5xx after the
// retries, a transport error, an answer without a user), their APIError.URL,
// and every line the Client logs (debug and warnings, retries and dropped
// values included) show the path with the address REDACTED, while the
// request sent carries it.
func TestGetByEmailRedactsTheAddress(t *testing.T) {
	t.Parallel()
	for _, email := range []string{"nadia+support@aircall.io", "a/b?c@aircall.io", "50%#off@aircall.io"} {
		t.Run(email, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
			ts := newTestServer(t)
			var got []string // the addresses the server received
			status := http.StatusNotFound
			body := `{"error":"Not found","troubleshoot":"Check the user exists"}`
			ts.handle("GET /v2/users/{id}", func(w http.ResponseWriter, r *http.Request) {
				got = append(got, r.PathValue("id"))
				reply(t, status, body)(w, r)
			})
			c := ts.client(t, WithLogger(logger))
			ctx := context.Background()
			wantURL := ts.URL + "/v2/users/REDACTED"
			var errs []error

			_, _, err := c.Users.GetByEmail(ctx, email)
			var ae *APIError
			if !errors.As(err, &ae) || ae.StatusCode != http.StatusNotFound || ae.URL != wantURL {
				t.Errorf("404: error %v, want an *APIError of URL %s", err, wantURL)
			}
			errs = append(errs, err)

			status = http.StatusServiceUnavailable // retried, then given up
			_, _, err = c.Users.GetByEmail(ctx, email)
			if !errors.As(err, &ae) || ae.StatusCode != http.StatusServiceUnavailable || ae.URL != wantURL {
				t.Errorf("503: error %v, want an *APIError of URL %s", err, wantURL)
			}
			errs = append(errs, err)

			status, body = http.StatusOK, `{"users":[]}`
			_, _, err = c.Users.GetByEmail(ctx, email)
			if err == nil || !strings.Contains(err.Error(), "/v2/users/REDACTED") {
				t.Errorf("200 without a user: error %v, want one naming /v2/users/REDACTED", err)
			}
			errs = append(errs, err)

			body = `{"user":{"id":"x459","email":"` + email + `"}}` // an odd id: a warning with the path
			if _, resp, err := c.Users.GetByEmail(ctx, email); err != nil || len(resp.Dropped) != 1 {
				t.Errorf("200 with an odd id: error %v, Dropped %v; want one dropped value", err, resp.Dropped)
			}
			if !strings.Contains(buf.String(), `"path":"/v2/users/REDACTED","json_path":"/user/id"`) {
				t.Errorf("no warning for the odd id with the path REDACTED in:\n%s", buf.String())
			}

			// A transport error: nothing listens any more.
			down := newTestServer(t)
			down.Close()
			_, _, err = down.client(t, WithLogger(logger), WithRetryPolicy(RetryPolicy{})).Users.GetByEmail(ctx, email)
			if err == nil || !strings.Contains(err.Error(), down.URL+"/v2/users/REDACTED") {
				t.Errorf("transport error %v, want one naming %s/v2/users/REDACTED", err, down.URL)
			}
			errs = append(errs, err)

			if len(got) != 1+1+testRetry.MaxRetries+1+1 {
				t.Errorf("the server got %d requests: %q", len(got), got)
			}
			for _, g := range got {
				if g != email {
					t.Errorf("the server got %q, want %q", g, email)
				}
			}
			forms := []string{email, url.PathEscape(email), strings.SplitN(email, "@", 2)[0] + "@"}
			for _, err := range errs {
				for _, f := range forms {
					if err != nil && strings.Contains(err.Error(), f) {
						t.Errorf("error %q shows %q", err, f)
					}
				}
			}
			logged := buf.String()
			if !strings.Contains(logged, "/v2/users/REDACTED") {
				t.Errorf("no log line names /v2/users/REDACTED:\n%s", logged)
			}
			for _, f := range forms {
				if strings.Contains(logged, f) {
					t.Errorf("the log shows %q:\n%s", f, logged)
				}
			}
		})
	}
}
