package aircall

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func teamUsers() []*User {
	return []*User{
		{ID: 456, DirectLink: "https://api.aircall.io/v1/users/4c56", Name: "John Doe", Email: "john.doe@aircall.io", CreatedAt: fxTime("2019-12-29T10:03:18Z", FormISOMillis), TimeZone: "America/New_York"},
		{ID: 457, DirectLink: "https://api.aircall.io/v1/users/457", Name: "Amy Rudd", Email: "amy.rudd@aircall.io", CreatedAt: fxTime("2019-12-30T18:10:21Z", FormISOMillis), TimeZone: "Etc/UTC"},
	}
}

// teamFx678 is the spec's Global Sales team.
func teamFx678() *Team {
	return &Team{ID: 678, Name: "Global Sales", DirectLink: "https://api.aircall.io/v1/teams/678",
		CreatedAt: fxTime("2020-03-10T08:31:43Z", FormISOMillis), Users: teamUsers()}
}

// team679 is the spec's Support USA team, with the given members, as
// created at createdAt (RFC 3339).
func teamFx679(createdAt string, users ...*User) *Team {
	return &Team{ID: 679, Name: "Support USA", DirectLink: "https://api.aircall.io/v1/teams/679",
		CreatedAt: fxTime(createdAt, FormISOMillis), Users: append([]*User{}, users...)}
}

func TestTeamsEndpoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	team678 := teamFx678()
	addUser := func(team, user ID) func(*Client) (any, *Response, error) {
		return func(c *Client) (any, *Response, error) { return c.Teams.AddUser(ctx, team, user) }
	}
	deleteTeam := func(id ID) func(*Client) (any, *Response, error) {
		return func(c *Client) (any, *Response, error) { return answered(c.Teams.Delete(ctx, id)) }
	}
	runFamilyCalls(t, []familyCall{
		{name: "list", pattern: "GET /v1/teams", reply: "teams_list.json",
			call: func(c *Client) (any, *Response, error) { return c.Teams.List(ctx, &TeamListOptions{Order: OrderDesc}) },
			path: "/v1/teams", query: "order=desc", want: []*Team{team678}, meta: &Meta{Count: 1, Total: 1, CurrentPage: 1, PerPage: 20}},
		{name: "get", pattern: "GET /v1/teams/{id}", reply: "teams_get.json",
			call: func(c *Client) (any, *Response, error) { return c.Teams.Get(ctx, 678) },
			path: "/v1/teams/678", want: team678},
		{name: "create", pattern: "POST /v1/teams", status: 201, reply: "teams_create.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Teams.Create(ctx, &TeamCreateParams{Name: "Support USA"})
			},
			path: "/v1/teams", body: `{"name":"Support USA"}`, want: teamFx679("2020-03-10T20:29:52Z")},
		{name: "add user", pattern: "POST /v1/teams/{team_id}/users/{user_id}", status: 201, reply: "teams_add_user.json",
			call: addUser(679, 456), path: "/v1/teams/679/users/456", want: teamFx679("2020-03-10T20:29:52Z", teamUsers()[0])},
		{name: "remove user", pattern: "DELETE /v1/teams/{team_id}/users/{user_id}", reply: "teams_remove_user.json",
			call: func(c *Client) (any, *Response, error) { return c.Teams.RemoveUser(ctx, 679, 456) },
			path: "/v1/teams/679/users/456", want: teamFx679("2020-03-10T20:29:52.906Z")},
		// The example says 200, the table 204.
		{name: "delete, 200", pattern: "DELETE /v1/teams/{id}", call: deleteTeam(679), path: "/v1/teams/679"},
		// A team in the shape of recorded 2026 traffic: members carry
		// availability_status, default_number_id (null or an ID), language,
		// wrap_up_time and time_zone, and no available key. Adding a member
		// answers 200 and deleting a team 204, as recorded.
		{name: "add user, 2026 shape", pattern: "POST /v1/teams/{team_id}/users/{user_id}", reply: "teams_get_2026.json",
			call: addUser(680, 457), path: "/v1/teams/680/users/457",
			want: &Team{ID: 680, Name: "Renewals EMEA", DirectLink: "https://api.aircall.io/v1/teams/680",
				CreatedAt: fxTime("2026-06-19T19:38:35Z", FormISOMillis), Users: []*User{
					{ID: 1460, DirectLink: "https://api.aircall.io/v1/users/1460", Name: "Jeffrey Curtis", Email: "jeffrey.curtis@aircall.io",
						AvailabilityStatus: UserAvailable, CreatedAt: fxTime("2026-06-19T19:39:38Z", FormISOMillis),
						TimeZone: "Europe/Madrid", Language: "es-ES", WrapUpTime: 30},
					{ID: 457, DirectLink: "https://api.aircall.io/v1/users/457", Name: "Amy Rudd", Email: "amy.rudd@aircall.io",
						AvailabilityStatus: UserCustom, DefaultNumberID: 2345, CreatedAt: fxTime("2019-12-30T18:10:21Z", FormISOMillis),
						TimeZone: "Etc/UTC", Language: "en-GB", WrapUpTime: 45},
				}},
			opts: cmp.Options{timeEqual}},
		{name: "delete, 204", pattern: "DELETE /v1/teams/{id}", status: 204, call: deleteTeam(680), path: "/v1/teams/680"},
	})
}

func TestTeamsAll(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v1/teams", 200, "teams_list.json")
	checkDiff(t, "All", []*Team{teamFx678()}, collect(t, c.Teams.All(context.Background(), nil)))
	ts.expectRequest(t, "GET", "/v1/teams", "page=1&per_page=50", "")
}
