package aircall

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
	"unicode/utf8"
)

// Team groups users for the call distribution of Numbers. Its users
// (members) carry availability_status, default_number_id, language,
// wrap_up_time and time_zone, and no available key (REST). Users is always
// sent, [] when the team has none (wire rule, wire.go).
type Team struct {
	ID         ID        `json:"id"`
	Name       string    `json:"name"`
	DirectLink string    `json:"direct_link,omitempty"`
	CreatedAt  Timestamp `json:"created_at"`
	Users      []*User   `json:"users"`
}

// MarshalJSON encodes t with users [] when empty.
func (t Team) MarshalJSON() ([]byte, error) {
	type team Team // no methods: no recursion
	return json.Marshal(struct {
		team
		Users []*User `json:"users"`
	}{team(t), orEmpty(t.Users)})
}

// MaxTeamNameLength is the longest team name the API accepts.
const MaxTeamNameLength = 64

// TeamCreateParams is the body of Teams.Create.
type TeamCreateParams struct {
	// Name is mandatory, unique in the company and at most 64 characters.
	Name string `json:"name"`
}

// TeamListOptions orders Teams.List and Teams.All by creation date.
type TeamListOptions struct {
	ListOptions
	Order Order `url:"order,omitempty"`
}

// List returns one page of teams.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-teams
func (s *TeamsService) List(ctx context.Context, opts *TeamListOptions) ([]*Team, *Response, error) {
	return newPager[Team](s.client, "/v1/teams", "teams", opts).list(ctx)
}

// All iterates over every team.
// It pages by offset: Aircall cannot filter teams by time, so the walk
// cannot use a time cursor as Calls.All does. A team created or deleted
// during the walk moves the later ones by one place: a team may then be
// yielded twice (after a creation before the page being read) or not at
// all (after a deletion of one already read). Dedupe by ID, or walk again,
// when that matters.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-teams
func (s *TeamsService) All(ctx context.Context, opts *TeamListOptions) iter.Seq2[*Team, error] {
	return newPager[Team](s.client, "/v1/teams", "teams", opts).all(ctx)
}

// Pages iterates over the pages of teams, each with its Meta and Response.
// Like All, it pages by offset: a change to the teams during the walk can
// repeat or skip one.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-teams
func (s *TeamsService) Pages(ctx context.Context, opts *TeamListOptions) iter.Seq2[*Page[Team], error] {
	return newPager[Team](s.client, "/v1/teams", "teams", opts).pages(ctx)
}

// Get returns one team with its users.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-team
func (s *TeamsService) Get(ctx context.Context, id ID) (*Team, *Response, error) {
	return doOne[Team](ctx, s.client, http.MethodGet, "/v1/teams/"+id.String(), nil, nil, "team")
}

// Create creates a team. The name is mandatory, unique in the company and
// at most 64 characters.
//
// Aircall API docs: https://developer.aircall.io/api-references/#create-a-team
func (s *TeamsService) Create(ctx context.Context, p *TeamCreateParams) (*Team, *Response, error) {
	const op = "Teams.Create"
	switch {
	case p == nil:
		return nil, nil, paramErr(op, "", "params are required")
	case blank(p.Name):
		return nil, nil, paramErr(op, "name", "is mandatory")
	case utf8.RuneCountInString(p.Name) > MaxTeamNameLength:
		return nil, nil, paramErr(op, "name", "is %d characters, at most %d are allowed", utf8.RuneCountInString(p.Name), MaxTeamNameLength)
	}
	return doOne[Team](ctx, s.client, http.MethodPost, "/v1/teams", nil, p, "team")
}

// Delete deletes a team; its users and calls stay.
//
// Aircall API docs: https://developer.aircall.io/api-references/#delete-a-team
func (s *TeamsService) Delete(ctx context.Context, id ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, "/v1/teams/"+id.String(), nil, nil)
}

// AddUser adds a user to a team and returns the team.
//
// Aircall API docs: https://developer.aircall.io/api-references/#add-a-user-to-a-team
func (s *TeamsService) AddUser(ctx context.Context, teamID, userID ID) (*Team, *Response, error) {
	return doOne[Team](ctx, s.client, http.MethodPost, "/v1/teams/"+teamID.String()+"/users/"+userID.String(), nil, nil, "team")
}

// RemoveUser removes a user from a team and returns the team.
//
// Aircall API docs: https://developer.aircall.io/api-references/#remove-a-user-from-a-team
func (s *TeamsService) RemoveUser(ctx context.Context, teamID, userID ID) (*Team, *Response, error) {
	return doOne[Team](ctx, s.client, http.MethodDelete, "/v1/teams/"+teamID.String()+"/users/"+userID.String(), nil, nil, "team")
}
