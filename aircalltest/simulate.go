//lint:file-ignore SA1019 the fake sends the V1 user events, as Aircall still does

package aircalltest

import (
	"errors"
	"fmt"
	"slices"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// CallOption shapes a simulated call.
type CallOption func(*callSim)

type callSim struct {
	numberID  aircall.ID
	userID    aircall.ID // who answers (inbound) or calls (outbound)
	missed    aircall.MissedCallReason
	notAnswer bool
	voicemail bool
	record    *bool
	peer      string
	at        time.Time
	ring      time.Duration
	duration  time.Duration
	ongoing   bool
	declined  []aircall.ID // agents who decline before the call is answered
	ivr       []ivrChoice
}

// ivrChoice is an option the caller selects in a Smartflow IVR.
type ivrChoice struct{ key, title string }

// AnsweredBy makes an inbound call answered by the user.
func AnsweredBy(userID aircall.ID) CallOption {
	return func(c *callSim) { c.userID, c.missed, c.notAnswer = userID, "", false }
}

// Missed makes an inbound call unanswered, for reason: it then has no user,
// a null answered_at and missed_call_reason set.
func Missed(reason aircall.MissedCallReason) CallOption {
	return func(c *callSim) { c.missed, c.notAnswer, c.userID = reason, true, 0 }
}

// NotAnswered makes an outbound call unanswered by the callee.
func NotAnswered() CallOption { return func(c *callSim) { c.notAnswer = true } }

// WithVoicemail has the caller leave a voicemail (inbound calls).
func WithVoicemail() CallOption { return func(c *callSim) { c.voicemail = true } }

// Recorded sets whether an answered call has a recording (default: when
// the number has live recording activated).
func Recorded(on bool) CallOption { return func(c *callSim) { c.record = &on } }

// OnNumber picks the Aircall number of the call (default: the first number
// the user is on, or the first number).
func OnNumber(numberID aircall.ID) CallOption { return func(c *callSim) { c.numberID = numberID } }

// WithPeer sets the external party's number: the caller of an inbound call
// (default +18001234567).
func WithPeer(digits string) CallOption { return func(c *callSim) { c.peer = digits } }

// StartedAt sets when the call starts (default: the Server clock's now).
func StartedAt(t time.Time) CallOption { return func(c *callSim) { c.at = t } }

// WithDuration sets the call's duration, ringing included (default 2m).
func WithDuration(d time.Duration) CallOption { return func(c *callSim) { c.duration = d } }

// WithRinging sets how long the call rings before it is answered or
// missed (default 8s).
func WithRinging(d time.Duration) CallOption { return func(c *callSim) { c.ring = d } }

// DeclinedBy has the users' phones ring first, each declining the inbound
// call (call.ringing_on_agent then call.agent_declined for each), before it
// is answered or missed.
func DeclinedBy(userIDs ...aircall.ID) CallOption {
	return func(c *callSim) { c.declined = append(c.declined, userIDs...) }
}

// WithIVRChoice has the caller press key (an option named title) in the
// number's IVR, sending call.ivr_option_selected after call.created; the
// call's webhook payloads then carry ivr_options (the Calls endpoints never
// do).
func WithIVRChoice(key, title string) CallOption {
	return func(c *callSim) { c.ivr = append(c.ivr, ivrChoice{key: key, title: title}) }
}

// Ongoing stops the simulation once the call is answered (or ringing, when
// it is not answered): transfer it, pause its recording, then end it with
// HangUp.
func Ongoing() CallOption { return func(c *callSim) { c.ongoing = true } }

// SimulateInboundCall plays an inbound call and sends its events in order:
// call.created, call.ivr_option_selected (WithIVRChoice),
// call.ringing_on_agent and call.agent_declined (DeclinedBy),
// call.ringing_on_agent (when an agent's phone rang), call.answered (when
// answered), call.hungup, call.ended, then call.voicemail_left and
// call.comm_assets_generated when a voicemail or a recording exists, and
// user.wut_start and user.wut_end when the agent has a wrap-up time. By
// default the first user of the number answers. It returns the call as the
// API then serves it.
func (s *Server) SimulateInboundCall(opts ...CallOption) (*aircall.Call, error) {
	return s.simulate(aircall.CallInbound, "", opts)
}

// SimulateOutboundCall plays a call made by the user to the external number
// to: call.created, call.answered (unless NotAnswered), call.hungup,
// call.ended, call.comm_assets_generated when recorded, and the user's
// wrap-up events.
func (s *Server) SimulateOutboundCall(userID aircall.ID, to string, opts ...CallOption) (*aircall.Call, error) {
	if userID == 0 {
		return nil, errors.New("aircalltest: SimulateOutboundCall: a user is required")
	}
	return s.simulate(aircall.CallOutbound, to, append([]CallOption{AnsweredBy(userID)}, opts...))
}

func (s *Server) simulate(dir aircall.CallDirection, to string, opts []CallOption) (*aircall.Call, error) {
	sim := callSim{peer: "+18001234567", ring: 8 * time.Second, duration: 2 * time.Minute}
	if to != "" {
		sim.peer = to
	}
	for _, o := range opts {
		if o != nil {
			o(&sim)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	if sim.at.IsZero() {
		sim.at = s.now()
	}
	if sim.duration < sim.ring {
		sim.duration = sim.ring
	}
	// Pick the number and the user.
	if sim.numberID == 0 {
		for _, n := range st.sortedNumbers() {
			if sim.userID == 0 || n.hasUser(sim.userID) {
				sim.numberID = n.n.ID
				break
			}
		}
	}
	n, ok := st.numbers[sim.numberID]
	if !ok {
		return nil, fmt.Errorf("aircalltest: simulate call: number %d does not exist", sim.numberID)
	}
	if dir == aircall.CallInbound && !sim.notAnswer && sim.userID == 0 {
		if len(n.userIDs) == 0 {
			return nil, fmt.Errorf("aircalltest: simulate call: number %d has no user to answer", n.n.ID)
		}
		sim.userID = n.userIDs[0]
	}
	for _, id := range append([]aircall.ID{sim.userID}, sim.declined...) {
		if _, ok := st.users[id]; id != 0 && !ok {
			return nil, fmt.Errorf("aircalltest: simulate call: user %d does not exist", id)
		}
	}

	c := &callRec{numberID: n.n.ID, contactID: st.contactByPhone(sim.peer), ongoing: true}
	c.c = aircall.Call{ID: st.next("call"), StartedAt: unix(sim.at), Status: aircall.CallInitial, Direction: dir,
		RawDigits: sim.peer, Cost: "0"}
	if dir == aircall.CallOutbound {
		c.userID = sim.userID
	}
	if dir == aircall.CallInbound && sim.userID != 0 {
		for _, t := range st.sortedTeams() {
			if slices.Contains(t.userIDs, sim.userID) {
				c.teamIDs = append(c.teamIDs, t.id)
			}
		}
	}
	st.insertCall(c)

	at := sim.at
	s.emitAt(aircall.EventCallCreated, st.hookCall(c), at)
	for _, ch := range sim.ivr {
		c.ivrOptions = append(c.ivrOptions, ivrOptionRec{id: st.next("ivr"), key: ch.key, title: ch.title, at: at})
		s.emitAt(aircall.EventCallIvrOptionSelected, st.hookCall(c), at)
	}
	if dir == aircall.CallInbound {
		for _, id := range sim.declined {
			v := st.hookCall(c)
			v.User = st.hookUser(id)
			s.emitAt(aircall.EventCallRingingOnAgent, v, at)
			s.emitAt(aircall.EventCallAgentDeclined, v, at)
		}
	}
	rang := dir == aircall.CallInbound && (!sim.notAnswer ||
		sim.missed == aircall.MissedAgentsDidNotAnswer || sim.missed == aircall.MissedAbandonedInClassic)
	if rang {
		v := st.hookCall(c)
		ringer := sim.userID
		if ringer == 0 && len(n.userIDs) > 0 {
			ringer = n.userIDs[0] // a missed call rang on the number's first agent
		}
		v.User = st.hookUser(ringer) // the agent whose phone rings
		s.emitAt(aircall.EventCallRingingOnAgent, v, at.Add(time.Second))
	}
	if !sim.notAnswer {
		c.userID = sim.userID
		c.c.Status = aircall.CallAnswered
		c.c.AnsweredAt = unix(at.Add(sim.ring))
		s.emitAt(aircall.EventCallAnswered, st.hookCall(c), at.Add(sim.ring))
		s.emitRealtime(c, at.Add(sim.ring))
	} else if dir == aircall.CallInbound {
		c.c.MissedCallReason = sim.missed
		if c.c.MissedCallReason == "" {
			c.c.MissedCallReason = aircall.MissedAgentsDidNotAnswer
		}
	}
	c.recording = !sim.notAnswer && n.n.LiveRecordingActivated
	if sim.record != nil {
		c.recording = !sim.notAnswer && *sim.record
	}
	c.voicemail = dir == aircall.CallInbound && sim.voicemail
	if !sim.ongoing {
		s.hangUpLocked(c, at.Add(sim.duration))
	}
	return st.sdkCall(c), nil
}

// HangUp ends an ongoing call (see Ongoing) now, sending call.hungup,
// call.ended and the voicemail and asset events that apply.
func (s *Server) HangUp(callID aircall.ID) (*aircall.Call, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.callByID[callID]
	if !ok {
		return nil, fmt.Errorf("aircalltest: HangUp: call %d does not exist", callID)
	}
	if !c.ongoing {
		return nil, fmt.Errorf("aircalltest: HangUp: call %d has already ended", callID)
	}
	end := s.now()
	if end.Before(c.c.StartedAt.Time) {
		end = c.c.StartedAt.Time
	}
	s.hangUpLocked(c, end)
	return s.st.sdkCall(c), nil
}

func (s *Server) hangUpLocked(c *callRec, end time.Time) {
	st := s.st
	c.ongoing, c.paused = false, false
	delete(st.live, c.c.ID)
	c.c.Status = aircall.CallDone
	c.c.EndedAt = unix(end)
	c.c.Duration = int(end.Unix() - c.c.StartedAt.Time.Unix())
	if c.c.Status == aircall.CallDone && c.c.Direction == aircall.CallInbound && c.c.AnsweredAt.IsZero() && c.c.MissedCallReason == "" {
		c.c.MissedCallReason = aircall.MissedAgentsDidNotAnswer
	}
	// call.hungup is sent at once, before the recording is processed.
	hung := st.hookCall(c)
	hung.Recording, hung.Voicemail, hung.Asset = nil, nil, nil
	s.emitAt(aircall.EventCallHungup, hung, end)
	if c.c.Direction == aircall.CallOutbound || !c.c.AnsweredAt.IsZero() {
		c.c.Cost = fmt.Sprintf("%.2f", float64(c.c.Duration)*0.0213)
	}
	later := end.Add(30 * time.Second)
	s.emitAt(aircall.EventCallEnded, st.hookCall(c), later)
	if c.voicemail {
		s.emitAt(aircall.EventCallVoicemailLeft, st.hookCall(c), later)
	}
	if c.voicemail || c.recording {
		s.emitAt(aircall.EventCallCommAssetsGenerated, st.hookCall(c), later)
	}
	// The agent who took the call wraps it up for its wrap-up time.
	if u, ok := st.users[c.userID]; ok && !c.c.AnsweredAt.IsZero() && u.wrapUpTime > 0 {
		s.emitUser(aircall.EventUserWutStart, u, end.Unix())
		s.emitUser(aircall.EventUserWutEnd, u, end.Add(time.Duration(u.wrapUpTime)*time.Second).Unix())
	}
	s.scheduleAI(c)
}

// emitAt is emit with the envelope timestamp of the simulated moment.
func (s *Server) emitAt(event aircall.Event, data any, at time.Time) {
	s.emitTS(event, data, at.Unix())
}

// ongoingCall finds an ongoing, answered call for the helper named op.
func (s *Server) ongoingCall(op string, callID aircall.ID) (*callRec, error) {
	c, ok := s.st.callByID[callID]
	switch {
	case !ok:
		return nil, fmt.Errorf("aircalltest: %s: call %d does not exist", op, callID)
	case !c.ongoing || c.c.AnsweredAt.IsZero():
		return nil, fmt.Errorf("aircalltest: %s: call %d is not an ongoing answered call", op, callID)
	}
	return c, nil
}

// Hold puts an ongoing answered call (see Ongoing) on hold, as its agent
// would in the Phone app, and sends call.hold.
func (s *Server) Hold(callID aircall.ID) error { return s.hold(callID, true) }

// Unhold takes a call off hold and sends call.unhold.
func (s *Server) Unhold(callID aircall.ID) error { return s.hold(callID, false) }

func (s *Server) hold(callID aircall.ID, on bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	op, ev := "Unhold", aircall.EventCallUnhold
	if on {
		op, ev = "Hold", aircall.EventCallHold
	}
	c, err := s.ongoingCall(op, callID)
	if err != nil {
		return err
	}
	if c.held == on {
		return fmt.Errorf("aircalltest: %s: call %d is already in that state", op, callID)
	}
	c.held = on
	s.emit(ev, s.st.hookCall(c))
	return nil
}

// ConnectUser sends user.connected, as when the user logs in to the Phone
// app. DisconnectUser sends user.disconnected. Neither changes the user.
func (s *Server) ConnectUser(userID aircall.ID) error {
	return s.userEventHelper("ConnectUser", userID, aircall.EventUserConnected)
}

// DisconnectUser sends user.disconnected, as when the user logs out of the
// Phone app.
func (s *Server) DisconnectUser(userID aircall.ID) error {
	return s.userEventHelper("DisconnectUser", userID, aircall.EventUserDisconnected)
}

func (s *Server) userEventHelper(op string, userID aircall.ID, ev aircall.Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.st.users[userID]
	if !ok {
		return fmt.Errorf("aircalltest: %s: user %d does not exist", op, userID)
	}
	s.emitUser(ev, u, s.now().Unix())
	return nil
}

// NewNumber describes a number bought with AddNumber.
type NewNumber struct {
	Name     string // such as "Berlin Office"; required
	Digits   string // such as "+49 30 1234567"; required
	Country  string // ISO 3166 alpha-2, such as "DE"
	TimeZone string // such as "Europe/Berlin" (default Etc/UTC)
	IVR      bool
	// LiveRecording activates the recording of calls (and pause/resume).
	LiveRecording bool
	UserIDs       []aircall.ID // the users assigned to it
}

// AddNumber adds a number, as when an admin buys one in the Dashboard (the
// API cannot), and sends number.created. It returns the number's id.
func (s *Server) AddNumber(n NewNumber) (aircall.ID, error) {
	if blank(n.Name) || !isE164(normalizePhone(n.Digits)) {
		return 0, errors.New("aircalltest: AddNumber: a name and E.164 digits are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range n.UserIDs {
		if _, ok := s.st.users[id]; !ok {
			return 0, fmt.Errorf("aircalltest: AddNumber: user %d does not exist", id)
		}
	}
	if n.TimeZone == "" {
		n.TimeZone = "Etc/UTC"
	}
	rec := &numberRec{n: aircall.Number{ID: s.st.next("number"), Name: n.Name, Digits: n.Digits, Country: n.Country,
		TimeZone: n.TimeZone, CreatedAt: iso(s.now()), Open: true, AvailabilityStatus: aircall.NumberOpen,
		IsIVR: n.IVR, LiveRecordingActivated: n.LiveRecording, Messages: defaultMessages()},
		userIDs: append([]aircall.ID(nil), n.UserIDs...)}
	s.st.numbers[rec.n.ID] = rec
	s.emit(aircall.EventNumberCreated, s.st.hookNumberUsers(rec))
	return rec.n.ID, nil
}

// RemoveNumber deletes a number, as when an admin releases it in the
// Dashboard, and sends number.deleted (with no users left, as recorded).
func (s *Server) RemoveNumber(numberID aircall.ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	n, ok := s.st.numbers[numberID]
	if !ok {
		return fmt.Errorf("aircalltest: RemoveNumber: number %d does not exist", numberID)
	}
	n.userIDs = nil
	delete(s.st.numbers, numberID)
	s.emit(aircall.EventNumberDeleted, s.st.hookNumberUsers(n))
	return nil
}

// UninstallIntegration sends integration.deleted ({"integration_id",
// "company_id"}), as when an admin uninstalls the OAuth integration from the
// Dashboard. The Server's state is left as it is.
func (s *Server) UninstallIntegration() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.emit(aircall.EventIntegrationDeleted, map[string]aircall.ID{"integration_id": s.st.integ.id, "company_id": companyID})
}

// defaultMessages are the Music & Messages of a new number: a default track
// for each of the nine.
func defaultMessages() *aircall.Messages {
	m := &aircall.Messages{}
	for k, f := range messageFields {
		*f(m) = "https://media.aircalltest.example/defaults/" + k + ".mp3"
	}
	return m
}

// Assign assigns a call to a user, as an agent does from the Phone app, and
// sends call.assigned.
func (s *Server) Assign(callID, userID aircall.ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.callByID[callID]
	if !ok {
		return fmt.Errorf("aircalltest: Assign: call %d does not exist", callID)
	}
	if _, ok := s.st.users[userID]; !ok {
		return fmt.Errorf("aircalltest: Assign: user %d does not exist", userID)
	}
	c.assignedTo = userID
	s.emit(aircall.EventCallAssigned, s.st.hookCall(c))
	return nil
}

// Untag removes a tag from an ended call, as an agent does from the Phone
// app (the API cannot), and sends call.untagged.
func (s *Server) Untag(callID, tagID aircall.ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.st.callByID[callID]
	switch {
	case !ok:
		return fmt.Errorf("aircalltest: Untag: call %d does not exist", callID)
	case c.ongoing:
		return fmt.Errorf("aircalltest: Untag: call %d is ongoing", callID)
	}
	i := slices.IndexFunc(c.tagIDs, func(t callTagRec) bool { return t.id == tagID })
	if i < 0 {
		return fmt.Errorf("aircalltest: Untag: call %d has no tag %d", callID, tagID)
	}
	c.tagIDs = slices.Delete(c.tagIDs, i, i+1)
	s.emit(aircall.EventCallUntagged, s.st.hookCall(c))
	return nil
}
