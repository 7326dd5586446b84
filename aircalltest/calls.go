package aircalltest

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"strings"

	aircall "github.com/seed1279ea27/aircall-go"
)

func fetchContact(r *http.Request) bool {
	v, _ := strconv.ParseBool(r.URL.Query().Get("fetch_contact"))
	return v
}

// callWindow returns the bounds [lo, hi) of the calls whose started_at
// passes from and to, by binary search on the sorted calls.
func (s *Server) callWindow(lq listQuery) (lo, hi int) {
	calls := s.st.calls
	lo, hi = 0, len(calls)
	if lq.hasFrom {
		from := lq.from
		if s.cfg.fromExclusive {
			from++
		}
		lo = sort.Search(len(calls), func(i int) bool { return calls[i].c.StartedAt.Unix() >= from })
	}
	if lq.hasTo {
		hi = sort.Search(len(calls), func(i int) bool { return calls[i].c.StartedAt.Unix() > lq.to })
	}
	return lo, max(hi, lo)
}

func (s *Server) listCalls(w http.ResponseWriter, r *http.Request, lq listQuery) {
	withContact := fetchContact(r)
	lo, hi := s.callWindow(lq)
	calls := s.st.calls
	s.writePage(w, r, "calls", lq, hi-lo, func(i int) any {
		if lq.desc {
			return s.st.restCall(calls[hi-1-i], withContact)
		}
		return s.st.restCall(calls[lo+i], withContact)
	})
}

func (s *Server) searchCalls(w http.ResponseWriter, r *http.Request) {
	lq, ok := readListQuery(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	direction := q.Get("direction")
	if direction != "" && direction != "inbound" && direction != "outbound" {
		badRequest(w, "direction can be inbound or outbound")
		return
	}
	var userID aircall.ID
	if v := q.Get("user_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			badRequest(w, "user_id must be an integer")
			return
		}
		userID = aircall.ID(n)
	}
	phone := onlyDigits(q.Get("phone_number"))
	var tagIDs []aircall.ID
	for _, key := range []string{"tags[]", "tags"} {
		for _, v := range q[key] {
			for _, part := range strings.Split(v, ",") {
				n, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
				if err != nil {
					badRequest(w, "tags must be an array of Tag IDs")
					return
				}
				tagIDs = append(tagIDs, aircall.ID(n))
			}
		}
	}
	withContact := fetchContact(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	lo, hi := s.callWindow(lq)
	var match []*callRec
	for _, c := range s.st.calls[lo:hi] {
		if direction != "" && string(c.c.Direction) != direction {
			continue
		}
		if userID != 0 && c.userID != userID {
			continue
		}
		if phone != "" && onlyDigits(c.c.RawDigits) != phone {
			if n, ok := s.st.numbers[c.numberID]; !ok || onlyDigits(n.n.Digits) != phone {
				continue
			}
		}
		if !hasAllTags(c, tagIDs) {
			continue
		}
		match = append(match, c)
	}
	writeList(s, w, r, "calls", lq, ordered(lq, match), func(c *callRec) any { return s.st.restCall(c, withContact) })
}

func hasAllTags(c *callRec, ids []aircall.ID) bool {
	for _, id := range ids {
		found := false
		for _, t := range c.tagIDs {
			if t.id == id {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func (s *Server) call(w http.ResponseWriter, r *http.Request) *callRec {
	return byPathID(w, r, "id", s.st.callByID, "Call")
}

// callView is the REST view of c, with its contact when r asks for it.
func (s *Server) callView(r *http.Request, c *callRec) *restCallWire {
	return s.st.restCall(c, fetchContact(r))
}

// maxTeamTransfer is the largest team a ringing call can be transferred to.
const maxTeamTransfer = 25

// transferCallBody is the body of transferCall.
type transferCallBody struct {
	UserID   optString `json:"user_id"`
	TeamID   optString `json:"team_id"`
	Number   optString `json:"number"`
	Strategy optString `json:"dispatching_strategy"`
}

func (s *Server) transferCall(w http.ResponseWriter, r *http.Request, b *transferCallBody) {
	targets := 0
	for _, f := range []optString{b.UserID, b.TeamID, b.Number} {
		if f.set && f.value != "" {
			targets++
		}
	}
	if targets != 1 {
		badRequest(w, "Provide exactly one of user_id, team_id or number")
		return
	}
	if b.Strategy.set && b.Strategy.value != "" {
		if !b.TeamID.set || b.TeamID.value == "" {
			badRequest(w, "Invalid usage of dispatching strategy with user or external phone number")
			return
		}
		switch b.Strategy.value {
		case "simultaneous", "random", "longest_idle":
		default:
			badRequest(w, "dispatching_strategy can be random, simultaneous or longest_idle")
			return
		}
	}
	c := s.call(w, r)
	if c == nil {
		return
	}
	if !c.ongoing {
		badRequest(w, "Call already ended")
		return
	}
	from, event := c.userID, aircall.EventCallTransferred
	switch {
	case b.UserID.value != "":
		id, _ := strconv.ParseInt(b.UserID.value, 10, 64)
		u, ok := s.st.users[aircall.ID(id)]
		if !ok {
			notFound(w, "User")
			return
		}
		c.transferredTo, c.transferredBy = u.id, from
		if s.reachable(u) != "" {
			// The API accepts the transfer; the user's phone never takes it.
			event = aircall.EventCallUnsuccessfulTransfer
		} else {
			c.userID = u.id
		}
	case b.TeamID.value != "":
		id, _ := strconv.ParseInt(b.TeamID.value, 10, 64)
		t, ok := s.st.teams[aircall.ID(id)]
		if !ok {
			notFound(w, "Team")
			return
		}
		if c.c.Status == aircall.CallInitial && len(t.userIDs) > maxTeamTransfer {
			badRequest(w, "Call cannot be transferred to a team with more than 25 users")
			return
		}
		c.teamIDs = append(c.teamIDs, t.id)
		if len(t.userIDs) > 0 {
			c.transferredTo, c.transferredBy, c.userID = t.userIDs[0], from, t.userIDs[0]
		}
	default:
		if !isE164(b.Number.value) {
			badRequest(w, "number must be in E.164 format")
			return
		}
		if c.c.Direction != aircall.CallInbound || c.c.Status != aircall.CallInitial {
			badRequest(w, "Transfers to external numbers only work for inbound calls not yet answered")
			return
		}
		c.transferredTo, c.transferredBy = 0, 0
		c.externalTo, event = b.Number.value, aircall.EventCallExternalTransferred
	}
	s.emit(event, s.st.hookCall(c))
	writeEmpty(w, http.StatusNoContent)
}

// commentCallBody is the body of commentCall.
type commentCallBody struct {
	Content *string `json:"content"`
}

func (s *Server) commentCall(w http.ResponseWriter, r *http.Request, c *callRec, b *commentCallBody) {
	if b.Content == nil || blank(*b.Content) {
		badRequest(w, "content is a mandatory field")
		return
	}
	content := stripEmoji(*b.Content)
	if blank(content) {
		badRequest(w, "content can't be blank once emojis are removed")
		return
	}
	if len(c.comments) >= aircall.MaxCommentsPerCall {
		badRequest(w, "Maximum of 5 notes can be added to a Call.")
		return
	}
	c.comments = append(c.comments, commentRec{id: s.st.next("comment"), content: content, at: s.now(), by: agentOf(r)})
	s.emit(aircall.EventCallCommented, s.st.hookCall(c))
	writeEmpty(w, http.StatusCreated)
}

// tagCallBody is the body of tagCall.
type tagCallBody struct {
	Tags []aircall.ID `json:"tags"`
}

func (s *Server) tagCall(w http.ResponseWriter, r *http.Request, c *callRec, b *tagCallBody) {
	if len(b.Tags) == 0 {
		badRequest(w, "tags must be a non-empty array of Tag IDs")
		return
	}
	for _, id := range b.Tags {
		if _, ok := s.st.tags[id]; !ok {
			badRequest(w, "Tag "+id.String()+" does not exist")
			return
		}
	}
	for _, id := range b.Tags {
		present := false
		for _, t := range c.tagIDs {
			present = present || t.id == id
		}
		if !present {
			c.tagIDs = append(c.tagIDs, callTagRec{id: id, at: s.now(), taggedBy: agentOf(r)})
		}
	}
	s.emit(aircall.EventCallTagged, s.st.hookCall(c))
	writeEmpty(w, http.StatusCreated)
}

func (s *Server) archiveCall(archive bool) http.HandlerFunc {
	return recordRoute(s, s.call, func(w http.ResponseWriter, r *http.Request, c *callRec) {
		c.c.Archived = archive
		if archive {
			s.emit(aircall.EventCallArchived, s.st.hookCall(c))
		}
		writeEnvelope(w, http.StatusOK, "call", s.st.restCall(c, false))
	})
}

func (s *Server) recordingControl(pause bool) http.HandlerFunc {
	return recordRoute(s, s.call, func(w http.ResponseWriter, r *http.Request, c *callRec) {
		if !c.ongoing {
			badRequest(w, "Call has already ended")
			return
		}
		if n, ok := s.st.numbers[c.numberID]; !ok || !n.n.LiveRecordingActivated {
			notAvailable(w, "Recording is disabled on the Call's Number")
			return
		}
		c.paused = pause
		writeEmpty(w, http.StatusNoContent)
	})
}

// RecordingPaused reports whether the recording of an ongoing call is
// paused.
func (s *Server) RecordingPaused(callID aircall.ID) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.callByID[callID]
	return ok && c.paused
}

func (s *Server) deleteCallAsset(recording bool) http.HandlerFunc {
	return recordRoute(s, s.call, func(w http.ResponseWriter, r *http.Request, c *callRec) {
		if recording {
			c.recording = false
		} else {
			c.voicemail = false
		}
		writeEmpty(w, http.StatusOK)
	})
}

// InsightCard is a card sent to an ongoing call with Calls.SendInsightCard.
type InsightCard struct {
	CallID   aircall.ID
	Contents []InsightLine
}

// InsightLine is one line of an InsightCard.
type InsightLine struct {
	Type   string     `json:"type"`
	Text   string     `json:"text,omitempty"`
	Link   string     `json:"link,omitempty"`
	Label  string     `json:"label,omitempty"`
	UserID aircall.ID `json:"user_id,omitempty"`
}

// InsightCards returns the insight cards received, in order.
func (s *Server) InsightCards() []InsightCard {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]InsightCard(nil), s.st.insightCards...)
}

// malformed answers the 400 of the insight cards endpoint.
func malformed(w http.ResponseWriter, troubleshoot string) {
	badRequest(w, "Payload malformed: "+troubleshoot)
}

// insightCardBody is the body of insightCard.
type insightCardBody struct {
	Contents []json.RawMessage `json:"contents"`
}

func (s *Server) insightCard(w http.ResponseWriter, r *http.Request, c *callRec, b *insightCardBody) {
	if len(b.Contents) == 0 {
		malformed(w, "contents must be a non-empty array")
		return
	}
	card := InsightCard{CallID: c.c.ID}
	for i, raw := range b.Contents {
		var l InsightLine
		if err := json.Unmarshal(raw, &l); err != nil {
			malformed(w, "contents["+strconv.Itoa(i)+"]: "+err.Error())
			return
		}
		switch l.Type {
		case "title", "shortText":
			if blank(l.Text) {
				malformed(w, "contents["+strconv.Itoa(i)+"].text is mandatory")
				return
			}
		case "user":
			if blank(l.Label) || l.UserID == 0 {
				malformed(w, "contents["+strconv.Itoa(i)+"] of type user needs label and user_id")
				return
			}
		default:
			malformed(w, "contents["+strconv.Itoa(i)+"].type must be title, shortText or user")
			return
		}
		card.Contents = append(card.Contents, l)
	}
	s.st.insightCards = append(s.st.insightCards, card)
	writeEmpty(w, http.StatusCreated)
}
