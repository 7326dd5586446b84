package aircall

import (
	"context"
	"testing"
)

func teamUsers() []*User {
	return []*User{
		{ID: 456, DirectLink: "https://api.aircall.io/v1/users/4c56", Name: "John Doe", Email: "john.doe@aircall.io", CreatedAt: fxTime("2019-12-29T10:03:18Z", FormISOMillis), TimeZone: "America/New_York"},
		{ID: 457, DirectLink: "https://api.aircall.io/v1/users/457", Name: "Amy Rudd", Email: "amy.rudd@aircall.io", CreatedAt: fxTime("2019-12-30T18:10:21Z", FormISOMillis), TimeZone: "Etc/UTC"},
	}
}

func TestTeamsListAllGet(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/teams", reply(t, 200, "teams_list.json"))
	ts.handle("GET /v1/teams/{id}", reply(t, 200, "teams_get.json"))
	c := ts.client(t)
	ctx := context.Background()
	want := &Team{ID: 678, Name: "Global Sales", DirectLink: "https://api.aircall.io/v1/teams/678", CreatedAt: fxTime("2020-03-10T08:31:43Z", FormISOMillis), Users: teamUsers()}

	teams, _, err := c.Teams.List(ctx, &TeamListOptions{Order: OrderDesc})
	if err != nil {
		t.Fatal(err)
	}
	checkDiff(t, "List", []*Team{want}, teams)
	ts.expectRequest(t, "GET", "/v1/teams", "order=desc", "")
	checkDiff(t, "All", []*Team{want}, collect(t, c.Teams.All(ctx, nil)))
	got, _, err := c.Teams.Get(ctx, 678)
	if err != nil {
		t.Fatal(err)
	}
	checkDiff(t, "Get", want, got)
}

func TestTeamsCreateDeleteMembers(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/teams", reply(t, 201, "teams_create.json"))
	ts.handle("DELETE /v1/teams/{id}", reply(t, 200, "")) // the example says 200, the table 204
	ts.handle("POST /v1/teams/{team_id}/users/{user_id}", reply(t, 201, "teams_add_user.json"))
	ts.handle("DELETE /v1/teams/{team_id}/users/{user_id}", reply(t, 200, "teams_remove_user.json"))
	c := ts.client(t)
	ctx := context.Background()

	tm, _, err := c.Teams.Create(ctx, &TeamCreateParams{Name: "Support USA"})
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, "POST", "/v1/teams", "", `{"name":"Support USA"}`)
	checkDiff(t, "Create", &Team{ID: 679, Name: "Support USA", DirectLink: "https://api.aircall.io/v1/teams/679", CreatedAt: fxTime("2020-03-10T20:29:52Z", FormISOMillis), Users: []*User{}}, tm)

	tm, _, err = c.Teams.AddUser(ctx, 679, 456)
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, "POST", "/v1/teams/679/users/456", "", "")
	checkDiff(t, "AddUser users", teamUsers()[:1], tm.Users)

	tm, _, err = c.Teams.RemoveUser(ctx, 679, 456)
	if err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, "DELETE", "/v1/teams/679/users/456", "", "")
	if len(tm.Users) != 0 || tm.CreatedAt.Time.Nanosecond() != 906000000 {
		t.Errorf("RemoveUser = %+v", tm)
	}

	if _, err := c.Teams.Delete(ctx, 679); err != nil {
		t.Fatal(err)
	}
	ts.expectRequest(t, "DELETE", "/v1/teams/679", "", "")
}

// TestTeamsMembers2026 reads a team in the shape of recorded 2026 traffic:
// members carry availability_status, default_number_id (null or an ID),
// language, wrap_up_time and time_zone, and no available key. Adding a
// member answers 200 and deleting a team 204, as recorded.
func TestTeamsMembers2026(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("POST /v1/teams/{team_id}/users/{user_id}", reply(t, 200, "teams_get_2026.json"))
	ts.handle("DELETE /v1/teams/{id}", reply(t, 204, ""))
	c := ts.client(t)
	ctx := context.Background()
	tm, resp, err := c.Teams.AddUser(ctx, 680, 457)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("AddUser: %v, %v", resp, err)
	}
	want := &Team{ID: 680, Name: "Renewals EMEA", DirectLink: "https://api.aircall.io/v1/teams/680",
		CreatedAt: fxTime("2026-06-19T19:38:35Z", FormISOMillis), Users: []*User{
			{ID: 1460, DirectLink: "https://api.aircall.io/v1/users/1460", Name: "Jeffrey Curtis", Email: "jeffrey.curtis@aircall.io",
				AvailabilityStatus: UserAvailable, CreatedAt: fxTime("2026-06-19T19:39:38Z", FormISOMillis),
				TimeZone: "Europe/Madrid", Language: "es-ES", WrapUpTime: 30},
			{ID: 457, DirectLink: "https://api.aircall.io/v1/users/457", Name: "Amy Rudd", Email: "amy.rudd@aircall.io",
				AvailabilityStatus: UserCustom, DefaultNumberID: 2345, CreatedAt: fxTime("2019-12-30T18:10:21Z", FormISOMillis),
				TimeZone: "Etc/UTC", Language: "en-GB", WrapUpTime: 45},
		}}
	checkDiff(t, "team", want, tm, timeEqual)
	resp, err = c.Teams.Delete(ctx, 680)
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("Delete: %v, %v", resp, err)
	}
}
