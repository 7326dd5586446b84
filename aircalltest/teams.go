package aircalltest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"

	aircall "github.com/seed1279ea27/aircall-go"
)

func (s *Server) listTeams(w http.ResponseWriter, r *http.Request, lq listQuery) {
	writeList(s, w, r, "teams", lq, ordered(lq, s.st.sortedTeams()), func(t *teamRec) any { return s.st.teamView(t) })
}

func (s *Server) team(w http.ResponseWriter, r *http.Request, name string) *teamRec {
	return byPathID(w, r, name, s.st.teams, "Team")
}

// createTeamBody is the body of createTeam.
type createTeamBody struct {
	Name *string `json:"name"`
}

func (s *Server) createTeam(w http.ResponseWriter, r *http.Request, b *createTeamBody) {
	if b.Name == nil || blank(*b.Name) {
		badRequest(w, "name is a mandatory field and can't be blank")
		return
	}
	name := strings.TrimSpace(*b.Name)
	if n := utf8.RuneCountInString(name); n > aircall.MaxTeamNameLength {
		badRequest(w, "Name must be smaller than 64 characters and unique in the company")
		return
	}
	if hasEmoji(name) {
		badRequest(w, "name can't contain emojis")
		return
	}
	for _, t := range s.st.teams {
		if strings.EqualFold(t.name, name) {
			badRequest(w, "Name must be smaller than 64 characters and unique in the company: "+name+" is taken")
			return
		}
	}
	t := &teamRec{id: s.st.next("team"), name: name, createdAt: s.now()}
	s.st.teams[t.id] = t
	writeEnvelope(w, http.StatusOK, "team", s.st.teamView(t))
}

// deleteTeam answers 204, as recorded (the reference's example says 200).
func (s *Server) deleteTeam(w http.ResponseWriter, r *http.Request, t *teamRec) {
	delete(s.st.teams, t.id)
	writeEmpty(w, http.StatusNoContent)
}

// teamMemberRoute is the shape of /v1/teams/:team_id/users/:user_id: with
// the state locked, find the team and the user (or answer 404), then act.
func (s *Server) teamMemberRoute(act func(w http.ResponseWriter, t *teamRec, u *userRec)) http.HandlerFunc {
	return recordRoute(s, atParam(s.team, "team_id"), func(w http.ResponseWriter, r *http.Request, t *teamRec) {
		if u := s.user(w, r, "user_id"); u != nil {
			act(w, t, u)
		}
	})
}

func (s *Server) addTeamUser(w http.ResponseWriter, t *teamRec, u *userRec) {
	if !slices.Contains(t.userIDs, u.id) {
		t.userIDs = append(t.userIDs, u.id)
	}
	writeEnvelope(w, http.StatusOK, "team", s.st.teamView(t))
}

func (s *Server) removeTeamUser(w http.ResponseWriter, t *teamRec, u *userRec) {
	if !slices.Contains(t.userIDs, u.id) {
		unprocessable(w, "user_id is not a member of this Team")
		return
	}
	t.userIDs = without(t.userIDs, u.id)
	writeEnvelope(w, http.StatusOK, "team", s.st.teamView(t))
}

// ---- numbers ----

func (s *Server) listNumbers(w http.ResponseWriter, r *http.Request, lq listQuery) {
	nums := slices.DeleteFunc(s.st.sortedNumbers(), func(n *numberRec) bool { return !s.inRange(lq, n.n.CreatedAt.Unix()) })
	writeList(s, w, r, "numbers", lq, ordered(lq, nums), func(n *numberRec) any { return s.st.numberWire(n) })
}

func (s *Server) number(w http.ResponseWriter, r *http.Request) *numberRec {
	return byPathID(w, r, "id", s.st.numbers, "Number")
}

// updateNumberBody is the body of updateNumber.
type updateNumberBody struct {
	Name                   *string           `json:"name"`
	AvailabilityStatus     *string           `json:"availability_status"`
	IsIVR                  *bool             `json:"is_ivr"`
	LiveRecordingActivated *bool             `json:"live_recording_activated"`
	Priority               json.RawMessage   `json:"priority"`
	Messages               map[string]string `json:"messages"`
}

func (s *Server) updateNumber(w http.ResponseWriter, r *http.Request, n *numberRec, b *updateNumberBody) {
	if b.Name != nil && blank(*b.Name) {
		badRequest(w, "name can't be empty or null")
		return
	}
	if b.Name != nil && hasEmoji(*b.Name) {
		badRequest(w, "name can't contain emojis")
		return
	}
	if b.AvailabilityStatus != nil {
		switch *b.AvailabilityStatus {
		case "open", "custom", "closed":
		default:
			badRequest(w, "availability_status can be open, custom or closed")
			return
		}
	}
	var prio *int
	prioSet := len(b.Priority) > 0
	if prioSet && string(b.Priority) != "null" {
		var p int
		if err := json.Unmarshal(b.Priority, &p); err != nil || (p != 0 && p != 1) {
			badRequest(w, "priority can be null, 0 or 1")
			return
		}
		prio = &p
	}
	for k, v := range b.Messages {
		if messageFields[k] == nil {
			badRequest(w, "messages."+k+" is not a Music & Messages field")
			return
		}
		if u, err := url.Parse(v); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			badRequest(w, "messages."+k+" must be a valid public URL")
			return
		}
	}
	wasOpen := n.n.Open
	n.changed()
	if b.Name != nil {
		n.n.Name = strings.TrimSpace(*b.Name)
	}
	if b.AvailabilityStatus != nil {
		n.n.AvailabilityStatus = aircall.NumberStatus(*b.AvailabilityStatus)
		switch *b.AvailabilityStatus {
		case "open":
			n.n.Open = true
		case "closed":
			n.n.Open = false
		}
	}
	if b.IsIVR != nil {
		n.n.IsIVR = *b.IsIVR
	}
	if b.LiveRecordingActivated != nil {
		n.n.LiveRecordingActivated = *b.LiveRecordingActivated
	}
	if prioSet {
		n.n.Priority = prio
	}
	if len(b.Messages) > 0 {
		m := aircall.Messages{}
		if n.n.Messages != nil {
			m = *n.n.Messages
		}
		for k, v := range b.Messages {
			*messageFields[k](&m) = v
		}
		n.n.Messages = &m
	}
	if wasOpen != n.n.Open {
		ev := aircall.EventNumberClosed
		if n.n.Open {
			ev = aircall.EventNumberOpened
		}
		s.emit(ev, s.st.hookNumberUsers(n))
	}
	writeEnvelope(w, http.StatusOK, "number", s.st.numberUsers(n))
}

// messageFields maps the keys of the messages param (Music & Messages) to
// their field.
var messageFields = map[string]func(*aircall.Messages) *string{
	"welcome":         func(m *aircall.Messages) *string { return &m.Welcome },
	"waiting":         func(m *aircall.Messages) *string { return &m.Waiting },
	"ivr":             func(m *aircall.Messages) *string { return &m.IVR },
	"voicemail":       func(m *aircall.Messages) *string { return &m.Voicemail },
	"closed":          func(m *aircall.Messages) *string { return &m.Closed },
	"callback_later":  func(m *aircall.Messages) *string { return &m.CallbackLater },
	"unanswered_call": func(m *aircall.Messages) *string { return &m.UnansweredCall },
	"after_hours":     func(m *aircall.Messages) *string { return &m.AfterHours },
	"ringing_tone":    func(m *aircall.Messages) *string { return &m.RingingTone },
}
