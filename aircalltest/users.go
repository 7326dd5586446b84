//lint:file-ignore SA1019 the fake sends the V1 user events, as Aircall still does

package aircalltest

import (
	"net/http"
	"slices"
	"strings"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// PhoneAction is a request the API forwarded to a user's Phone app: a
// call started with Users.StartCall ("call") or a number dialed with
// Users.Dial ("dial").
type PhoneAction struct {
	Kind     string // "call" or "dial"
	UserID   aircall.ID
	NumberID aircall.ID // for "call"
	To       string
	At       time.Time
}

// PhoneActions returns the StartCall and Dial requests received, in order.
func (s *Server) PhoneActions() []PhoneAction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]PhoneAction(nil), s.st.phoneActions...)
}

func (s *Server) ping(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"ping": "pong"})
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, lq listQuery) {
	writeList(s, w, r, "users", lq, s.filterUsers(lq), func(u *userRec) any { return s.userListed(r, u) })
}

// isV2 reports whether r is a /v2 request.
func isV2(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/v2/") }

// userListed renders a user of GET /v1/users or /v2/users.
func (s *Server) userListed(r *http.Request, u *userRec) any {
	if isV2(r) {
		return s.st.userV2(u)
	}
	return s.st.userWire(u)
}

// userAnswer renders a user as Retrieve, Create and Update answer it, in the
// request's version.
func (s *Server) userAnswer(r *http.Request, u *userRec) any {
	if isV2(r) {
		return s.st.userV2(u)
	}
	return s.st.userDetail(u)
}

// listUserNumbers answers GET /v2/users/:id/numbers: the user's numbers as
// calls carry them (with flow_editor_enabled).
func (s *Server) listUserNumbers(w http.ResponseWriter, r *http.Request, lq listQuery) {
	if u := s.user(w, r, "id"); u != nil {
		nums := slices.DeleteFunc(s.st.sortedNumbers(), func(n *numberRec) bool { return !n.hasUser(u.id) })
		writeList(s, w, r, "numbers", lq, nums, func(n *numberRec) any { return s.st.callNumber(n) })
	}
}

// filterUsers returns the users created within from and to, in the order lq
// asks for.
func (s *Server) filterUsers(lq listQuery) []*userRec {
	return ordered(lq, slices.DeleteFunc(s.st.sortedUsers(), func(u *userRec) bool { return !s.inRange(lq, u.createdAt.Unix()) }))
}

// user finds the user of path param name, or answers 404. /v2 paths also
// take the user's email address.
func (s *Server) user(w http.ResponseWriter, r *http.Request, name string) *userRec {
	if v := r.PathValue(name); isV2(r) && strings.Contains(v, "@") {
		for _, u := range s.st.users {
			if strings.EqualFold(u.email, v) {
				return u
			}
		}
		notFound(w, "User")
		return nil
	}
	return byPathID(w, r, name, s.st.users, "User")
}

type userBody struct {
	Email              *string        `json:"email"`
	FirstName          *string        `json:"first_name"`
	LastName           *string        `json:"last_name"`
	AvailabilityStatus *string        `json:"availability_status"`
	RoleIDs            []aircall.Role `json:"role_ids"`
	WrapUpTime         *int           `json:"wrap_up_time"`
	IsAdmin            *bool          `json:"is_admin"`
	Language           *string        `json:"language"`
	TimeZone           *string        `json:"time_zone"`
	Extension          *string        `json:"extension"`
}

// checkUserFields validates the optional fields of a create or update;
// it returns the troubleshoot text of a 422, or "".
func checkUserFields(b *userBody) string {
	for _, f := range []struct {
		name string
		v    *string
	}{{"first_name", b.FirstName}, {"last_name", b.LastName}} {
		if f.v == nil {
			continue
		}
		if blank(*f.v) {
			return f.name + " can't be blank"
		}
		if hasEmoji(*f.v) {
			return f.name + " can't contain emojis"
		}
	}
	if b.AvailabilityStatus != nil {
		switch aircall.UserStatus(*b.AvailabilityStatus) {
		case aircall.UserAvailable, aircall.UserCustom, aircall.UserUnavailable:
		default:
			return "availability_status must be available, custom or unavailable"
		}
	}
	for _, role := range b.RoleIDs {
		switch role {
		case aircall.RoleOwner, aircall.RoleSupervisor, aircall.RoleAdmin, aircall.RoleAgent:
		default:
			return "role_ids must be owner, supervisor, admin or agent, got " + string(role)
		}
	}
	if b.WrapUpTime != nil && *b.WrapUpTime < 0 {
		return "wrap_up_time must be a positive number of seconds"
	}
	return ""
}

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, b *userBody) {
	switch {
	case b.Email == nil || blank(*b.Email):
		unprocessable(w, "email is a mandatory field")
		return
	case b.FirstName == nil:
		unprocessable(w, "first_name is a mandatory field")
		return
	case b.LastName == nil:
		unprocessable(w, "last_name is a mandatory field")
		return
	case !validEmail(*b.Email):
		unprocessable(w, "email must be a valid email")
		return
	}
	if msg := checkUserFields(b); msg != "" {
		unprocessable(w, msg)
		return
	}
	for _, u := range s.st.users {
		if strings.EqualFold(u.email, *b.Email) {
			unprocessable(w, "email has already been taken")
			return
		}
	}
	u := &userRec{
		id: s.st.next("user"), firstName: strings.TrimSpace(*b.FirstName), lastName: strings.TrimSpace(*b.LastName),
		email: strings.TrimSpace(*b.Email), status: aircall.UserAvailable, createdAt: s.now(),
		timeZone: "Etc/UTC", language: "en-US", roles: []aircall.Role{aircall.RoleAgent},
	}
	s.applyUser(u, b)
	s.st.addUser(u)
	s.emitUser(aircall.EventUserCreated, u, s.now().Unix())
	writeEnvelope(w, http.StatusOK, "user", s.userAnswer(r, u))
}

func (s *Server) applyUser(u *userRec, b *userBody) {
	u.wire = nil // the rendering changes with the user
	if b.FirstName != nil {
		u.firstName = strings.TrimSpace(*b.FirstName)
	}
	if b.LastName != nil {
		u.lastName = strings.TrimSpace(*b.LastName)
	}
	if b.AvailabilityStatus != nil {
		u.status = aircall.UserStatus(*b.AvailabilityStatus)
	}
	if len(b.RoleIDs) > 0 {
		u.roles = append([]aircall.Role(nil), b.RoleIDs...)
	}
	if b.WrapUpTime != nil {
		u.wrapUpTime = *b.WrapUpTime
	}
	for _, f := range []struct{ dst, v *string }{{&u.language, b.Language}, {&u.timeZone, b.TimeZone}, {&u.extension, b.Extension}} {
		if f.v != nil && !blank(*f.v) {
			*f.dst = strings.TrimSpace(*f.v)
		}
	}
}

func validEmail(s string) bool {
	at := strings.Index(s, "@")
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t") && strings.Count(s, "@") == 1
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, u *userRec, b *userBody) {
	if msg := checkUserFields(b); msg != "" {
		unprocessable(w, msg)
		return
	}
	wasOpen := u.status != aircall.UserUnavailable
	s.applyUser(u, b)
	v := s.userAnswer(r, u)
	if open := u.status != aircall.UserUnavailable; open != wasOpen {
		// Aircall sends user.opened / user.closed when a user becomes
		// available or unavailable.
		ev := aircall.EventUserClosed
		if open {
			ev = aircall.EventUserOpened
		}
		s.emitUser(ev, u, s.now().Unix())
	}
	writeEnvelope(w, http.StatusOK, "user", v)
}

func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request, u *userRec) {
	delete(s.st.users, u.id)
	delete(s.st.dialers, u.id)
	for _, t := range s.st.teams {
		t.userIDs = without(t.userIDs, u.id)
	}
	for _, n := range s.st.numbers {
		n.userIDs = without(n.userIDs, u.id)
	}
	s.emitUser(aircall.EventUserDeleted, u, s.now().Unix()) // with no numbers left, as recorded
	writeEmpty(w, http.StatusNoContent)
}

func without(ids []aircall.ID, id aircall.ID) []aircall.ID {
	out := ids[:0]
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}

func (s *Server) listAvailabilities(w http.ResponseWriter, r *http.Request, lq listQuery) {
	writeList(s, w, r, "users", lq, s.filterUsers(lq), func(u *userRec) any {
		return aircall.UserAvailability{ID: u.id, Availability: s.st.detailedAvailability(u)}
	})
}

// SetAvailability sets the detailed availability of a user (what
// /v1/users/:id/availability answers); "" goes back to the one derived
// from the user's status and calls. It reports whether the user exists.
func (s *Server) SetAvailability(userID aircall.ID, a aircall.Availability) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.st.users[userID]
	if ok {
		u.availability = a
	}
	return ok
}

// reachable reports whether the user can take a call or dial now; it
// returns the troubleshoot text of a 405 otherwise.
func (s *Server) reachable(u *userRec) string {
	if !u.available() {
		return "User is not available"
	}
	if a := s.st.detailedAvailability(u); a != aircall.AvailabilityAvailable {
		return "User is not available (" + string(a) + ")"
	}
	return ""
}

// startCallBody is the body of startCall.
type startCallBody struct {
	NumberID *aircall.ID `json:"number_id"`
	To       string      `json:"to"`
}

func (s *Server) startCall(w http.ResponseWriter, r *http.Request, u *userRec, b *startCallBody) {
	if b.NumberID == nil {
		badRequest(w, "number_id is a mandatory field")
		return
	}
	n, ok := s.st.numbers[*b.NumberID]
	if !ok {
		badRequest(w, "Number not found")
		return
	}
	if !n.hasUser(u.id) {
		badRequest(w, "Number not found: the User is not associated to this Number")
		return
	}
	s.forwardToPhone(w, u, PhoneAction{Kind: "call", UserID: u.id, NumberID: n.n.ID, To: b.To})
}

// forwardToPhone checks the number to dial and that the user can take it,
// then records a (at the current time) and answers 204.
func (s *Server) forwardToPhone(w http.ResponseWriter, u *userRec, a PhoneAction) {
	if !isE164(a.To) {
		badRequest(w, "Invalid number to dial: to must be in E.164 format, such as +18001231234")
		return
	}
	if msg := s.reachable(u); msg != "" {
		notAvailable(w, msg)
		return
	}
	a.At = s.now()
	s.st.phoneActions = append(s.st.phoneActions, a)
	writeEmpty(w, http.StatusNoContent)
}

// dialBody is the body of dial.
type dialBody struct {
	To string `json:"to"`
}

func (s *Server) dial(w http.ResponseWriter, r *http.Request, b *dialBody) {
	if u := s.user(w, r, "id"); u != nil {
		s.forwardToPhone(w, u, PhoneAction{Kind: "dial", UserID: u.id, To: b.To})
	}
}

// ---- dialer campaigns ----

func (s *Server) dialer(w http.ResponseWriter, r *http.Request) (*userRec, *dialerRec) {
	u := s.user(w, r, "user_id")
	if u == nil {
		return nil, nil
	}
	d, ok := s.st.dialers[u.id]
	if !ok {
		writeError(w, http.StatusNotFound, "Not Found", "User has no active campaign")
		return u, nil
	}
	return u, d
}

func (s *Server) getDialer(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, d := s.dialer(w, r); d != nil {
		writeJSON(w, http.StatusOK, dialerView{ID: d.id, CreatedAt: iso(d.createdAt), PhoneNumbers: append([]*dialerNumberRec{}, d.numbers...)})
	}
}

// validPhones keeps the valid numbers of a phone_numbers param.
func validPhones(in []string) []string {
	var out []string
	for _, p := range in {
		if n := normalizePhone(p); isE164(n) {
			out = append(out, n)
		}
	}
	return out
}

// phonesBody is the body of the Dialer Campaign endpoints that add numbers.
type phonesBody struct {
	PhoneNumbers []string `json:"phone_numbers"`
}

// validPhones returns the valid numbers of b, or answers 422 when there are
// none.
func (b *phonesBody) validPhones(w http.ResponseWriter) ([]string, bool) {
	phones := validPhones(b.PhoneNumbers)
	if len(phones) == 0 {
		unprocessable(w, "phone_numbers must include at least one valid phone number")
		return nil, false
	}
	return phones, true
}

func (s *Server) createDialer(w http.ResponseWriter, r *http.Request, b *phonesBody) {
	u := s.user(w, r, "user_id")
	if u == nil {
		return
	}
	phones, ok := b.validPhones(w)
	if !ok {
		return
	}
	if _, ok := s.st.dialers[u.id]; ok {
		unprocessable(w, "dialer_campaign already active: a User has one active Dialer Campaign at most")
		return
	}
	d := &dialerRec{id: s.st.next("dialer"), createdAt: s.now()}
	s.addPhones(d, phones)
	s.st.dialers[u.id] = d
	writeEmpty(w, http.StatusNoContent)
}

func (s *Server) addPhones(d *dialerRec, phones []string) {
	for _, p := range phones {
		d.numbers = append(d.numbers, &dialerNumberRec{ID: s.st.next("dialer_number"), Number: p, CreatedAt: iso(s.now())})
	}
}

func (s *Server) deleteDialer(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u, d := s.dialer(w, r); d != nil {
		delete(s.st.dialers, u.id)
		writeEmpty(w, http.StatusNoContent)
	}
}

func (s *Server) listDialerNumbers(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, d := s.dialer(w, r); d != nil {
		out := make([]dialerNumberRec, len(d.numbers))
		for i, n := range d.numbers {
			out[i] = *n
		}
		writeEnvelope(w, http.StatusOK, "numbers", out)
	}
}

func (s *Server) addDialerNumbers(w http.ResponseWriter, r *http.Request, b *phonesBody) {
	if _, d := s.dialer(w, r); d != nil {
		if phones, ok := b.validPhones(w); ok {
			s.addPhones(d, phones)
			writeEmpty(w, http.StatusNoContent)
		}
	}
}

func (s *Server) deleteDialerNumber(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, d := s.dialer(w, r)
	if d == nil {
		return
	}
	id, _ := pathID(r, "id")
	for i, n := range d.numbers {
		if n.ID == id {
			d.numbers = append(d.numbers[:i], d.numbers[i+1:]...)
			writeEmpty(w, http.StatusNoContent)
			return
		}
	}
	notFound(w, "Phone number")
}
