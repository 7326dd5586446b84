package aircall

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
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

func TestUsersList(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v2/users", 200, "users_v2_list.json")
	opts := &UserListOptions{ListOptions{Page: 1, PerPage: 20}, TimeRange{From: time.Unix(1577000000, 0), Order: OrderDesc}}
	users, resp, err := c.Users.List(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, "GET", "/v2/users", "from=1577000000&order=desc&page=1&per_page=20", "")
	want := []*User{
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
	}
	checkDiff(t, "users", want, users, timeEqual)
	checkDiff(t, "meta", &Meta{Count: 3, Total: 3, CurrentPage: 1, PerPage: 20}, resp.Meta)
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

func TestUsersGet(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v2/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "456" {
			reply(t, 200, "users_v2_get.json")(w, r)
			return
		}
		reply(t, 200, "users_v2_get_variant.json")(w, r)
	})
	c := ts.client(t)
	u, _, err := c.Users.Get(context.Background(), 456)
	if err != nil {
		t.Fatal(err)
	}
	checkDiff(t, "user", fxJohnDoeV2(), u)
	ts.expectRequest(t, "GET", "/v2/users/456", "", "")

	// Realistic variant: string ids, +00:00 offset, a longer extension,
	// missing language and time_zone.
	v, _, err := c.Users.Get(context.Background(), 459)
	if err != nil {
		t.Fatal(err)
	}
	wantV := &User{
		ID: 459, DirectLink: "https://api.aircall.io/v2/users/459", Name: "Nadia Ortiz", Email: "nadia+support@aircall.io",
		AvailabilityStatus: UserUnavailable, Substatus: SubstatusAlwaysClosed, State: "always_opened",
		CreatedAt:  Timestamp{Time: time.Date(2022, 7, 14, 8, 30, 0, 0, time.UTC), Form: FormISO},
		WrapUpTime: 20, Extension: "0042", DefaultNumberID: 1234,
	}
	checkDiff(t, "variant", wantV, v, timeEqual)
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

func TestUsersCreateUpdateDelete(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	// v2 create answers 200, not the reference's 201.
	ts.handle("POST /v2/users", reply(t, 200, "users_v2_create.json"))
	ts.handle("PUT /v2/users/{id}", reply(t, 200, "users_v2_update.json"))
	ts.handle("DELETE /v1/users/{id}", reply(t, 204, ""))
	c := ts.client(t)
	ctx := context.Background()

	u, resp, err := c.Users.Create(ctx, &UserCreateParams{Email: "jeffrey.curtis@aircall.io", FirstName: "Jeffrey", LastName: "Curtis", RoleIDs: []Role{RoleAgent}, WrapUpTime: Ptr(0), TimeZone: "Etc/UTC"})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, "POST", "/v2/users", "", `{"email":"jeffrey.curtis@aircall.io","first_name":"Jeffrey","last_name":"Curtis","role_ids":["agent"],"wrap_up_time":0,"time_zone":"Etc/UTC"}`)
	if resp.StatusCode != 200 || u.ID != 1460 || u.Name != "Jeffrey Curtis" || u.Extension != "004" || u.DefaultNumberID != 0 {
		t.Errorf("created %d %+v", resp.StatusCode, u)
	}

	u, _, err = c.Users.Update(ctx, 1460, &UserUpdateParams{FirstName: Ptr("Jeff Updated"), WrapUpTime: Ptr(55), TimeZone: Ptr("Europe/Madrid"), DefaultNumberID: Ptr[ID](1234)})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, "PUT", "/v2/users/1460", "", `{"first_name":"Jeff Updated","wrap_up_time":55,"time_zone":"Europe/Madrid","default_number_id":1234}`)
	if u.Name != "Jeff Updated Curtis" || u.WrapUpTime != 55 || u.TimeZone != "Europe/Madrid" || u.DefaultNumberID != 1234 {
		t.Errorf("updated %+v", u)
	}

	// Delete has no v2 version: it stays on v1.
	resp, err = c.Users.Delete(ctx, 1460)
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("delete: %v %v", resp, err)
	}
	ts.expectRequest(t, "DELETE", "/v1/users/1460", "", "")
}

func TestUsersNumbers(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v2/users/{id}/numbers", 200, "users_v2_numbers.json")
	ctx := context.Background()
	french := fxNumber1234()
	french.FlowEditorEnabled = Ptr(true)
	want := []*Number{french, fxNumberUK2026(1)}

	got, resp, err := c.Users.ListNumbers(ctx, 456, &ListOptions{PerPage: 20})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, "GET", "/v2/users/456/numbers", "per_page=20", "")
	checkDiff(t, "ListNumbers", want, got)
	if resp.Meta == nil || resp.Meta.Total != 2 {
		t.Errorf("meta = %+v", resp.Meta)
	}
	checkDiff(t, "AllNumbers", want, collect(t, c.Users.AllNumbers(ctx, 456, nil)))
	ts.expectRequest(t, "GET", "/v2/users/456/numbers", "page=1&per_page=50", "")
}

func TestUsersAvailabilities(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/users/availabilities", reply(t, 200, "users_availabilities.json"))
	ts.handle("GET /v1/users/{id}/availability", reply(t, 200, "users_availability.json"))
	c := ts.client(t)
	ctx := context.Background()
	list, _, err := c.Users.ListAvailabilities(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []*UserAvailability{{456, AvailabilityAvailable}, {457, AvailabilityOffline}, {458, AvailabilityDoNotDisturb}}
	checkDiff(t, "ListAvailabilities", want, list)
	checkDiff(t, "AllAvailabilities", want, collect(t, c.Users.AllAvailabilities(ctx, nil)))
	a, _, err := c.Users.GetAvailability(ctx, 456)
	if err != nil || a != AvailabilityAfterCallWork {
		t.Errorf("GetAvailability = %q, %v", a, err)
	}
	ts.expectRequest(t, "GET", "/v1/users/456/availability", "", "")
}

func TestUsersStartCallAndDial(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/users/{id}/calls", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "999" {
			reply(t, 405, `{"error":"Method Not Allowed","troubleshoot":"User not available"}`)(w, r)
			return
		}
		w.WriteHeader(204)
	})
	ts.handle("POST /v1/users/{id}/dial", reply(t, 204, ""))
	c := ts.client(t)
	ctx := context.Background()

	resp, err := c.Users.StartCall(ctx, 456, &StartCallParams{NumberID: 123, To: "+18001231234"})
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("StartCall: %v %v", resp, err)
	}
	ts.expectRequest(t, "POST", "/v1/users/456/calls", "", `{"number_id":123,"to":"+18001231234"}`)
	_, err = c.Users.StartCall(ctx, 999, &StartCallParams{NumberID: 123, To: "+18001231234"})
	if !errors.Is(err, ErrNotAvailable) {
		t.Errorf("StartCall to an unavailable user: %v, want ErrNotAvailable", err)
	}
	if _, err := c.Users.Dial(ctx, 456, "+18001231234"); err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, "POST", "/v1/users/456/dial", "", `{"to":"+18001231234"}`)
}
