package aircall

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestUsersList(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v1/users", 200, "users_list.json")
	opts := &UserListOptions{ListOptions{Page: 1, PerPage: 20}, TimeRange{From: time.Unix(1577000000, 0), Order: OrderDesc}}
	users, resp, err := c.Users.List(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, "GET", "/v1/users", "from=1577000000&order=desc&page=1&per_page=20", "")
	want := []*User{
		fxJohnDoe(),
		{ID: 457, DirectLink: "https://api.aircall.io/v1/users/457", Name: "Amy Rudd", Email: "amy.rudd@aircall.io", Available: true, AvailabilityStatus: UserCustom, CreatedAt: fxTime("2019-12-30T18:10:21Z", FormISOMillis), TimeZone: "Etc/UTC", Language: "en-US"},
		// The spec's example has the year 20120: kept as text, not a failure.
		{ID: 458, DirectLink: "https://api.aircall.io/v1/users/458", Name: "Vera Martin", Email: "vera.martin@aircall.io", AvailabilityStatus: UserUnavailable, CreatedAt: Timestamp{Text: "20120-01-02T09:01:58.000Z", Form: FormText}, TimeZone: "Europe/Paris", Language: "fr-FR"},
	}
	if d := diff(want, users); d != "" {
		t.Errorf("users (-want +got):\n%s", d)
	}
	if d := diff(&Meta{Count: 3, Total: 3, CurrentPage: 1, PerPage: 20}, resp.Meta); d != "" {
		t.Errorf("meta (-want +got):\n%s", d)
	}
}

func TestUsersAll(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/users", reply(t, 200, "users_list.json"))
	var names []string
	for u, err := range ts.client(t).Users.All(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, u.Name)
	}
	if d := diff([]string{"John Doe", "Amy Rudd", "Vera Martin"}, names); d != "" {
		t.Errorf("names (-want +got):\n%s", d)
	}
	ts.expectRequest(t, "GET", "/v1/users", "page=1&per_page=50", "")
}

func TestUsersGet(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "456" {
			reply(t, 200, "users_get.json")(w, r)
			return
		}
		reply(t, 200, "users_get_variant.json")(w, r)
	})
	c := ts.client(t)
	u, _, err := c.Users.Get(context.Background(), 456)
	if err != nil {
		t.Fatal(err)
	}
	want := fxJohnDoe()
	want.DefaultNumberID = 1234
	want.Numbers = []*Number{fxNumber1234()}
	if d := diff(want, u); d != "" {
		t.Errorf("user (-want +got):\n%s", d)
	}
	ts.expectRequest(t, "GET", "/v1/users/456", "", "")

	// Realistic variant: string id, +00:00 offset, extra and missing keys.
	v, _, err := c.Users.Get(context.Background(), 457)
	if err != nil {
		t.Fatal(err)
	}
	wantV := &User{
		ID: 456, Name: "John Doe", Email: "john.doe@aircall.io", Available: true,
		Substatus: SubstatusAlwaysOpened, Extension: "101",
		CreatedAt: Timestamp{Time: time.Date(2019, 12, 29, 10, 3, 18, 0, time.UTC), Form: FormISO},
		Numbers:   []*Number{{ID: 1234, Name: "French Office", Digits: "+33 1 76 11 11 11", CreatedAt: fxTime("2020-01-02T11:41:01Z", FormISO), Priority: Ptr(1)}},
	}
	if d := diff(wantV, v, timeEqual); d != "" {
		t.Errorf("variant (-want +got):\n%s", d)
	}
}

func TestUsersCreateUpdateDelete(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/users", reply(t, 201, "users_create.json"))
	ts.handle("PUT /v1/users/{id}", reply(t, 200, "users_update.json"))
	ts.handle("DELETE /v1/users/{id}", reply(t, 204, ""))
	c := ts.client(t)
	ctx := context.Background()

	u, resp, err := c.Users.Create(ctx, &UserCreateParams{Email: "jeffrey.curtis@aircall.io", FirstName: "Jeffrey", LastName: "Curtis", RoleIDs: []Role{RoleAgent}, WrapUpTime: Ptr(0)})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, "POST", "/v1/users", "", `{"email":"jeffrey.curtis@aircall.io","first_name":"Jeffrey","last_name":"Curtis","role_ids":["agent"],"wrap_up_time":0}`)
	if resp.StatusCode != 201 || u.ID != 458 || u.Name != "Jeffrey Curtis" || len(u.Numbers) != 0 {
		t.Errorf("created %d %+v", resp.StatusCode, u)
	}

	u, _, err = c.Users.Update(ctx, 458, &UserUpdateParams{FirstName: Ptr("Jeff Updated"), WrapUpTime: Ptr(55)})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, "PUT", "/v1/users/458", "", `{"first_name":"Jeff Updated","wrap_up_time":55}`)
	if u.Name != "Jeff Updated Curtis" || u.WrapUpTime != 55 {
		t.Errorf("updated %+v", u)
	}

	resp, err = c.Users.Delete(ctx, 458)
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("delete: %v %v", resp, err)
	}
	ts.expectRequest(t, "DELETE", "/v1/users/458", "", "")
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
	if d := diff(want, list); d != "" {
		t.Errorf("ListAvailabilities (-want +got):\n%s", d)
	}
	if d := diff(want, collect(t, c.Users.AllAvailabilities(ctx, nil))); d != "" {
		t.Errorf("AllAvailabilities (-want +got):\n%s", d)
	}
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
