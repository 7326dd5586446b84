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
}

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

// Ongoing stops the simulation once the call is answered (or ringing, when
// it is not answered): transfer it, pause its recording, then end it with
// HangUp.
func Ongoing() CallOption { return func(c *callSim) { c.ongoing = true } }

// SimulateInboundCall plays an inbound call and sends its events in order:
// call.created, call.ringing_on_agent (when an agent's phone rang),
// call.answered (when answered), call.hungup, call.ended, then
// call.voicemail_left and call.comm_assets_generated when a voicemail or a
// recording exists. By default the first user of the number answers. It
// returns the call as the API then serves it.
func (s *Server) SimulateInboundCall(opts ...CallOption) (*aircall.Call, error) {
	return s.simulate(aircall.CallInbound, "", opts)
}

// SimulateOutboundCall plays a call made by the user to the external number
// to: call.created, call.answered (unless NotAnswered), call.hungup,
// call.ended and call.comm_assets_generated when recorded.
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
	if sim.userID != 0 {
		if _, ok := st.users[sim.userID]; !ok {
			return nil, fmt.Errorf("aircalltest: simulate call: user %d does not exist", sim.userID)
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
	s.emitAt(aircall.EventCallCreated, st.callView(c, true), at)
	rang := dir == aircall.CallInbound && (!sim.notAnswer ||
		sim.missed == aircall.MissedAgentsDidNotAnswer || sim.missed == aircall.MissedAbandonedInClassic)
	if rang {
		v := st.callView(c, true)
		if u, ok := st.users[sim.userID]; ok {
			v.User = st.userView(u, false)
		}
		s.emitAt(aircall.EventCallRingingOnAgent, v, at.Add(time.Second))
	}
	if !sim.notAnswer {
		c.userID = sim.userID
		c.c.Status = aircall.CallAnswered
		c.c.AnsweredAt = unix(at.Add(sim.ring))
		s.emitAt(aircall.EventCallAnswered, st.callView(c, true), at.Add(sim.ring))
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
	if sim.ongoing {
		return st.callView(c, true), nil
	}
	s.hangUpLocked(c, at.Add(sim.duration))
	return st.callView(c, true), nil
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
	return s.st.callView(c, true), nil
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
	hung := st.callView(c, true)
	hung.Recording, hung.RecordingShortURL, hung.Voicemail, hung.VoicemailShortURL, hung.Asset = "", "", "", "", ""
	s.emitAt(aircall.EventCallHungup, hung, end)
	if c.c.Direction == aircall.CallOutbound || !c.c.AnsweredAt.IsZero() {
		c.c.Cost = fmt.Sprintf("%.2f", float64(c.c.Duration)*0.0213)
	}
	later := end.Add(30 * time.Second)
	s.emitAt(aircall.EventCallEnded, st.callView(c, true), later)
	if c.voicemail {
		s.emitAt(aircall.EventCallVoicemailLeft, st.callView(c, true), later)
	}
	if c.voicemail || c.recording {
		s.emitAt(aircall.EventCallCommAssetsGenerated, st.callView(c, true), later)
	}
}

// emitAt is emit with the envelope timestamp of the simulated moment.
func (s *Server) emitAt(event aircall.Event, data any, at time.Time) {
	s.emitTS(event, data, at.Unix())
}
