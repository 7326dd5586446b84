package aircall

import (
	"context"
	"iter"
	"net/http"
	"strings"
)

// User is an Aircall user: an admin or an agent.
type User struct {
	ID                 ID         `json:"id"`
	DirectLink         string     `json:"direct_link,omitempty"`
	Name               string     `json:"name"`
	Email              string     `json:"email"`
	Available          bool       `json:"available"`
	AvailabilityStatus UserStatus `json:"availability_status,omitempty"`
	CreatedAt          Timestamp  `json:"created_at"`
	TimeZone           string     `json:"time_zone,omitempty"`
	Language           string     `json:"language,omitempty"`
	WrapUpTime         int        `json:"wrap_up_time"`
	DefaultNumberID    ID         `json:"default_number_id,omitempty"`
	Numbers            []*Number  `json:"numbers,omitempty"`
}

// UserStatus is a user's working status, the availability_status field.
type UserStatus string

// User working statuses.
const (
	UserAvailable   UserStatus = "available"
	UserCustom      UserStatus = "custom" // available according to working hours
	UserUnavailable UserStatus = "unavailable"
)

// Availability is the detailed availability shown in the Activity Feed.
type Availability string

// Detailed availabilities.
const (
	AvailabilityAvailable     Availability = "available"
	AvailabilityOffline       Availability = "offline"
	AvailabilityDoNotDisturb  Availability = "do_not_disturb"
	AvailabilityInCall        Availability = "in_call"
	AvailabilityAfterCallWork Availability = "after_call_work"
)

// UserAvailability is one entry of Users.ListAvailabilities.
type UserAvailability struct {
	ID           ID           `json:"id"`
	Availability Availability `json:"availability"`
}

// Role is a user role, sent in role_ids.
type Role string

// User roles.
const (
	RoleOwner      Role = "owner"
	RoleSupervisor Role = "supervisor"
	RoleAdmin      Role = "admin"
	RoleAgent      Role = "agent"
)

// UserListOptions filters Users.List and Users.All by creation date.
type UserListOptions struct {
	ListOptions
	TimeRange
}

// UserCreateParams is the body of Users.Create. Email, FirstName and
// LastName are mandatory.
type UserCreateParams struct {
	Email              string     `json:"email"`
	FirstName          string     `json:"first_name"`
	LastName           string     `json:"last_name"`
	AvailabilityStatus UserStatus `json:"availability_status,omitempty"`
	RoleIDs            []Role     `json:"role_ids,omitempty"`
	WrapUpTime         *int       `json:"wrap_up_time,omitempty"`
}

// UserUpdateParams is the body of Users.Update; nil fields are not sent.
type UserUpdateParams struct {
	FirstName          *string     `json:"first_name,omitempty"`
	LastName           *string     `json:"last_name,omitempty"`
	AvailabilityStatus *UserStatus `json:"availability_status,omitempty"`
	RoleIDs            []Role      `json:"role_ids,omitempty"`
	WrapUpTime         *int        `json:"wrap_up_time,omitempty"`
}

// StartCallParams is the body of Users.StartCall.
type StartCallParams struct {
	NumberID ID     `json:"number_id"` // the Number to call from, mandatory
	To       string `json:"to"`        // E.164, mandatory
}

// List returns one page of users.
func (s *UsersService) List(ctx context.Context, opts *UserListOptions) ([]*User, *Response, error) {
	return newPager[User](s.client, "/v1/users", "users", opts).list(ctx)
}

// All iterates over every user, fetching pages as the loop needs them.
func (s *UsersService) All(ctx context.Context, opts *UserListOptions) iter.Seq2[*User, error] {
	return newPager[User](s.client, "/v1/users", "users", opts).all(ctx)
}

// Pages iterates over the pages of users, each with its Meta and Response,
// fetching them as the loop needs them.
func (s *UsersService) Pages(ctx context.Context, opts *UserListOptions) iter.Seq2[*Page[User], error] {
	return newPager[User](s.client, "/v1/users", "users", opts).pages(ctx)
}

// Get returns one user with its numbers.
func (s *UsersService) Get(ctx context.Context, id ID) (*User, *Response, error) {
	return doOne[User](ctx, s.client, http.MethodGet, "/v1/users/"+id.String(), nil, nil, "user")
}

// Create creates a user, who receives an invitation email.
func (s *UsersService) Create(ctx context.Context, p *UserCreateParams) (*User, *Response, error) {
	const op = "Users.Create"
	switch {
	case p == nil:
		return nil, nil, paramErr(op, "", "params are required")
	case blank(p.Email) || !strings.Contains(p.Email, "@"):
		return nil, nil, paramErr(op, "email", "must be a valid email, got %q", p.Email)
	case blank(p.FirstName):
		return nil, nil, paramErr(op, "first_name", "is mandatory")
	case blank(p.LastName):
		return nil, nil, paramErr(op, "last_name", "is mandatory")
	}
	return doOne[User](ctx, s.client, http.MethodPost, "/v1/users", nil, p, "user")
}

// Update changes the fields set in p.
func (s *UsersService) Update(ctx context.Context, id ID, p *UserUpdateParams) (*User, *Response, error) {
	const op = "Users.Update"
	switch {
	case p == nil:
		return nil, nil, paramErr(op, "", "params are required")
	case p.FirstName != nil && blank(*p.FirstName):
		return nil, nil, paramErr(op, "first_name", "can't be blank")
	case p.LastName != nil && blank(*p.LastName):
		return nil, nil, paramErr(op, "last_name", "can't be blank")
	}
	return doOne[User](ctx, s.client, http.MethodPut, "/v1/users/"+id.String(), nil, p, "user")
}

// Delete deletes a user and all their data.
func (s *UsersService) Delete(ctx context.Context, id ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, "/v1/users/"+id.String(), nil, nil)
}

// ListAvailabilities returns one page of detailed user availabilities.
func (s *UsersService) ListAvailabilities(ctx context.Context, opts *UserListOptions) ([]*UserAvailability, *Response, error) {
	return newPager[UserAvailability](s.client, "/v1/users/availabilities", "users", opts).list(ctx)
}

// AllAvailabilities iterates over the detailed availability of every user.
func (s *UsersService) AllAvailabilities(ctx context.Context, opts *UserListOptions) iter.Seq2[*UserAvailability, error] {
	return newPager[UserAvailability](s.client, "/v1/users/availabilities", "users", opts).all(ctx)
}

// AvailabilityPages iterates over the pages of AllAvailabilities, each with
// its Meta and Response.
func (s *UsersService) AvailabilityPages(ctx context.Context, opts *UserListOptions) iter.Seq2[*Page[UserAvailability], error] {
	return newPager[UserAvailability](s.client, "/v1/users/availabilities", "users", opts).pages(ctx)
}

// GetAvailability returns the detailed availability of one user.
func (s *UsersService) GetAvailability(ctx context.Context, id ID) (Availability, *Response, error) {
	a, resp, err := doOne[Availability](ctx, s.client, http.MethodGet, "/v1/users/"+id.String()+"/availability", nil, nil, "availability")
	if err != nil {
		return "", resp, err
	}
	return *a, resp, nil
}

// StartCall starts an outbound call from the user's Phone app (desktop).
// The user must be available and assigned to the Number; a 405 answer
// matches ErrNotAvailable.
func (s *UsersService) StartCall(ctx context.Context, id ID, p *StartCallParams) (*Response, error) {
	const op = "Users.StartCall"
	switch {
	case p == nil:
		return nil, paramErr(op, "", "params are required")
	case p.NumberID <= 0:
		return nil, paramErr(op, "number_id", "is mandatory")
	case !isE164(p.To):
		return nil, paramErr(op, "to", "must be an E.164 number such as +18001231234, got %q", p.To)
	}
	return s.client.doNoContent(ctx, http.MethodPost, "/v1/users/"+id.String()+"/calls", nil, p)
}

// Dial fills the user's Phone app with the number to (E.164); the user
// then starts the call from the Number of their choice.
func (s *UsersService) Dial(ctx context.Context, id ID, to string) (*Response, error) {
	if !isE164(to) {
		return nil, paramErr("Users.Dial", "to", "must be an E.164 number such as +18001231234, got %q", to)
	}
	body := struct {
		To string `json:"to"`
	}{to}
	return s.client.doNoContent(ctx, http.MethodPost, "/v1/users/"+id.String()+"/dial", nil, body)
}
