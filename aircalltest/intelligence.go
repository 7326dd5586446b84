package aircalltest

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Conversation intelligence: the AI results of a call. A call that ends
// answered (or with a voicemail) gets them WithAIDelay after its end, and
// the Server then sends their *.created events. Generated calls have
// theirs from the start, made on first read, without events (see aiOf).
// The wire shapes follow the addendum's examples: singular keys on the
// plural paths (sentiment, topic), summary and transcription wrapped,
// action items not wrapped, playbook, custom summary and evaluations at the
// top level, csat wrapped.

// aiRec holds the AI results of one call.
type aiRec struct {
	callID, numberID, userID aircall.ID
	uuid                     string
	voicemail                bool // computed from the voicemail (type voicemail, no insights beyond transcript and summary)
	peer                     string
	callAt, at               time.Time
	ids                      [8]aircall.ID // transcription, sentiment, topic, summary, action item, playbook, custom summary, evaluation
	sc                       *aiScenario   // what the call was about
}

// aiScenario is what a call was about, for the texts and scores of its AI
// results. Simulated and demo calls are about the first; generated calls
// vary over all of them.
type aiScenario struct {
	caller, agent        string // the caller's question, the agent's answer
	voicemail            string // the caller's words on a voicemail
	summary, vmSummary   string
	topics               []string
	sentiment            string // POSITIVE, NEUTRAL or NEGATIVE
	actionItem, nextStep string
	adherence, score     float64 // playbook adherence, evaluation score
	csat                 int
	polarity, driver     string // predicted CSAT driver
}

var aiScenarios = []aiScenario{
	{caller: "Hi, I have a question about my order.", agent: "I will send you a refund by Friday.",
		voicemail: "Hi, please call me back about my order.",
		summary:   "The customer asked about a delayed order; the agent promised a refund by Friday.",
		vmSummary: "The caller left a voicemail asking to be called back about a delayed order.",
		topics:    []string{"order", "refund"}, sentiment: "POSITIVE",
		actionItem: "Send the refund confirmation email", nextStep: "Send the refund by Friday",
		adherence: 0.75, score: 0.8, csat: 75, polarity: "POSITIVE", driver: "Customer was satisfied"},
	{caller: "Hello, my last invoice looks higher than usual.", agent: "The difference is the new seats; I will email you the breakdown.",
		voicemail: "Hello, I have a question about my invoice, please call me back.",
		summary:   "The customer questioned a higher invoice; the agent explained the added seats and will email a breakdown.",
		vmSummary: "The caller left a voicemail about an invoice question.",
		topics:    []string{"billing", "invoice"}, sentiment: "NEUTRAL",
		actionItem: "Email the invoice breakdown", nextStep: "Email the invoice breakdown today",
		adherence: 0.6, score: 0.7, csat: 62, polarity: "POSITIVE", driver: "Question answered, follow-up pending"},
	{caller: "The app keeps disconnecting during my calls.", agent: "I am escalating this to our technical team right now.",
		voicemail: "Calls keep dropping on our side, this is urgent, call me back.",
		summary:   "The customer reported calls dropping in the app; the issue is unresolved and was escalated to the technical team.",
		vmSummary: "The caller left an urgent voicemail about dropped calls.",
		topics:    []string{"technical issue", "escalation"}, sentiment: "NEGATIVE",
		actionItem: "Open a ticket with the technical team", nextStep: "Call the customer back once the ticket is triaged",
		adherence: 0.4, score: 0.45, csat: 31, polarity: "NEGATIVE", driver: "Issue not resolved"},
	{caller: "We would like a demo for our sales team.", agent: "Great, I am booking a demo for Tuesday at 10am.",
		voicemail: "Hi, we are interested in a demo for our team.",
		summary:   "A prospect asked for a demo for their sales team; the agent booked one for Tuesday at 10am.",
		vmSummary: "A prospect left a voicemail asking for a demo.",
		topics:    []string{"demo", "pricing"}, sentiment: "POSITIVE",
		actionItem: "Send the demo invitation for Tuesday", nextStep: "Send the demo invitation and the pricing sheet",
		adherence: 0.9, score: 0.92, csat: 88, polarity: "POSITIVE", driver: "Prospect was enthusiastic"},
}

// ---- results ----

// scheduleAI stores the AI results of call c WithAIDelay after its end
// (now when the delay is 0), for calls answered or with a voicemail, on an
// account with the add-on. s.mu is held.
func (s *Server) scheduleAI(c *callRec) {
	if s.cfg.noAI || !aiEligible(c) {
		return
	}
	s.later(func() { s.storeAI(c) })
}

// aiEligible reports whether call c gets AI results once ended: answered
// calls get them all, voicemails a transcription and a summary.
func aiEligible(c *callRec) bool { return !c.c.AnsweredAt.IsZero() || c.voicemail }

// newAIRec returns the results of call c, created at.
func newAIRec(c *callRec, at time.Time) *aiRec {
	return &aiRec{callID: c.c.ID, numberID: c.numberID, userID: c.userID, uuid: callSID(c.c.ID),
		voicemail: c.c.AnsweredAt.IsZero(), peer: normalizePhone(c.c.RawDigits), callAt: c.c.StartedAt.Time, at: at, sc: &aiScenarios[0]}
}

// aiOf returns the AI results of call c. The calls of WithGeneratedCalls
// get theirs on first read, without events (they are history): IDs from
// the range generateCalls reserved, the scenario and the creation time
// (30s to 5min after the call ended) from the seed and the call; before
// that time (a call that ended just now), they do not exist yet. So a
// start with 25,000 calls costs nothing more, and the results do not
// depend on the order they are read in. s.mu is held.
func (s *Server) aiOf(c *callRec) (*aiRec, bool) {
	if a, ok := s.st.ai[c.c.ID]; ok {
		return a, true
	}
	g := &s.st.gen
	k := c.c.ID - g.first
	if s.cfg.noAI || c.c.ID < g.first || k >= aircall.ID(g.n) || !aiEligible(c) {
		return nil, false
	}
	h := splitmix64(g.seed ^ uint64(c.c.ID))
	at := c.c.EndedAt.Time.Add(time.Duration(30+h%270) * time.Second)
	if at.After(s.now()) {
		return nil, false // not made yet: no result created in the future
	}
	a := newAIRec(c, at)
	a.sc = &aiScenarios[(h>>32)%uint64(len(aiScenarios))]
	for i := range a.ids {
		a.ids[i] = g.aiBase + k*aircall.ID(len(a.ids)) + aircall.ID(i) + 1
	}
	s.st.ai[c.c.ID] = a
	return a, true
}

// splitmix64 is SplitMix64's finalizer: a well-mixed hash of x.
func splitmix64(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return x ^ (x >> 31)
}

// storeAI stores the AI results of c and sends their events. s.mu is held.
func (s *Server) storeAI(c *callRec) {
	st := s.st
	if _, done := st.ai[c.c.ID]; done {
		return
	}
	a := newAIRec(c, s.now())
	for i := range a.ids {
		a.ids[i] = st.next("ai")
	}
	st.ai[c.c.ID] = a
	ts := s.now()
	head := aiHead{CallUUID: a.uuid, NumberID: a.numberID}
	tr := st.transcription(a)
	tr.aiHead = head
	s.emitAt(aircall.EventTranscriptionCreated, tr, ts)
	s.emitAt(aircall.EventSummaryCreated, &summaryEventWire{ID: a.ids[3], CallID: a.callID.String(), aiHead: head,
		Type: a.kind(), Content: a.summary(), CreatedAt: iso(a.at)}, ts)
	if a.voicemail {
		return
	}
	tp := st.topic(a)
	tp.aiHead, tp.Type = head, a.kind()
	s.emitAt(aircall.EventTopicsCreated, tp, ts)
	sn := st.sentiment(a)
	sn.aiHead, sn.CreatedAt = head, ptr(iso(a.at))
	s.emitAt(aircall.EventSentimentCreated, sn, ts)
	for _, it := range st.actionItems(a).ActionItems {
		it.CallID, it.aiHead = a.callID, head
		s.emitAt(aircall.EventActionItemCreated, it, ts)
	}
	pb := st.playbookResult(a, true)
	pb.aiHead, pb.AIGenerated, pb.CreatedAt = aiHead{CallUUID: a.uuid}, ptr(true), ptr(iso(a.at))
	s.emitAt(aircall.EventPlaybookResultCreated, pb, ts)
	cs := st.customSummary(a)
	cs.aiHead, cs.CreatedAt = aiHead{CallUUID: a.uuid}, ptr(iso(a.at))
	s.emitAt(aircall.EventCustomSummaryResultCreated, cs, ts)
	ev := st.evaluations(a)
	ev.aiHead, ev.CreatedAt = aiHead{CallUUID: a.uuid}, ptr(iso(a.at))
	s.emitAt(aircall.EventCallEvaluationCreated, ev, ts)
}

func ptr[T any](v T) *T { return &v }

// head returns the id and call_id of a's result of index i in a.ids.
func (a *aiRec) head(i int) aiResultHead { return aiResultHead{ID: a.ids[i], CallID: a.callID} }

func (a *aiRec) kind() string {
	if a.voicemail {
		return "voicemail"
	}
	return "call"
}

func (a *aiRec) summary() string {
	if a.voicemail {
		return a.sc.vmSummary
	}
	return a.sc.summary
}

func (st *state) utterances(a *aiRec) []*utteranceWire {
	ext := &utteranceWire{StartTime: 4.2, EndTime: 6.1, Text: a.sc.caller, ParticipantType: "external", PhoneNumber: a.peer}
	if a.voicemail {
		ext.StartTime, ext.EndTime, ext.Text = 0.3, 5.8, a.sc.voicemail
		return []*utteranceWire{ext}
	}
	name := "our office"
	if n, ok := st.numbers[a.numberID]; ok {
		name = n.n.Name
	}
	uid := a.userID
	return []*utteranceWire{
		{StartTime: 0.48, EndTime: 3.9, Text: "Hello, thanks for calling " + name + ".", ParticipantType: "internal", UserID: &uid},
		ext,
		{StartTime: 6.5, EndTime: 9.2, Text: a.sc.agent, ParticipantType: "internal", UserID: &uid},
	}
}

func (st *state) transcription(a *aiRec) *transcriptionWire {
	return &transcriptionWire{aiResultHead: a.head(0), CallCreatedAt: iso(a.callAt), CreatedAt: iso(a.at), Type: a.kind(),
		Content: transcriptContent{Language: "en", Utterances: st.utterances(a)}}
}

func (st *state) sentiment(a *aiRec) *sentimentWire {
	return &sentimentWire{aiResultHead: a.head(1),
		Participants: []*sentimentParticipantWire{{PhoneNumber: a.peer, Value: a.sc.sentiment, Type: "external"}}}
}

func (st *state) topic(a *aiRec) *topicWire {
	return &topicWire{aiResultHead: a.head(2), CreatedAt: iso(a.at), Content: slices.Clone(a.sc.topics)}
}

func (st *state) actionItems(a *aiRec) *actionItemsWire {
	return &actionItemsWire{CallID: a.callID, ActionItems: []*actionItemWire{
		{ID: a.ids[4], AIGenerated: true, Content: a.sc.actionItem, CreatedAt: iso(a.at)}}}
}

func (st *state) playbookResult(a *aiRec, withPlaybook bool) *playbookResultWire {
	v := &playbookResultWire{aiResultHead: a.head(5), UserID: a.userID, NumberID: a.numberID, AdherenceScore: a.sc.adherence,
		Topics: []*playbookTopicWire{{Name: "Budget", Result: "Budget approved for Q3"}, {Name: "Timeline", Result: "Decision by Friday"}}}
	if withPlaybook {
		v.Playbook = &playbookWire{ID: 12, Name: "BANT", Language: "en"}
	}
	return v
}

func (st *state) customSummary(a *aiRec) *customSummaryWire {
	v := &customSummaryWire{aiResultHead: a.head(6), NumberID: a.numberID, Language: "en",
		Results: []*templateResultWire{{Name: "Next steps", Content: a.sc.nextStep}}}
	v.CustomSummary.Name = "Support follow-up"
	return v
}

func (st *state) evaluations(a *aiRec) *evaluationsWire {
	item := &evaluationItemWire{}
	item.Scorecard.Name = "Support quality"
	item.Score.NormalizedScore = a.sc.score
	return &evaluationsWire{aiResultHead: a.head(7), AIGenerated: true, Evaluations: []*evaluationItemWire{item}}
}

// ---- routes ----

// aiRoute is the shape of a conversation intelligence endpoint: 403 without
// the add-on, 404 for an unknown call or one without results (yet; and for
// voicemails, every result but the transcript and the summary unless all
// is set), else answer with the state locked.
func (s *Server) aiRoute(all bool, answer func(w http.ResponseWriter, r *http.Request, a *aiRec)) http.HandlerFunc {
	return s.entitledRoute(!s.cfg.noAI, "AI and Transcription is not available on this account's plan", func(w http.ResponseWriter, r *http.Request) {
		c := s.call(w, r)
		if c == nil {
			return
		}
		a, ok := s.aiOf(c)
		if !ok || (a.voicemail && !all) {
			notFound(w, "AI result of call "+c.c.ID.String())
			return
		}
		answer(w, r, a)
	})
}

func (s *Server) getTranscription(w http.ResponseWriter, r *http.Request, a *aiRec) {
	switch m := r.URL.Query().Get("mode"); m {
	case "", "async", "realtime":
	default:
		badRequest(w, "mode must be async or realtime, got "+strconv.Quote(m))
		return
	}
	writeEnvelope(w, http.StatusOK, "transcription", s.st.transcription(a))
}

func (s *Server) getRealtimeTranscription(w http.ResponseWriter, _ *http.Request, a *aiRec) {
	writeJSON(w, http.StatusOK, &realtimeWire{CallID: a.callID, CallUUID: a.uuid, Content: s.st.transcription(a).Content})
}

func (s *Server) getSentiments(w http.ResponseWriter, _ *http.Request, a *aiRec) {
	writeEnvelope(w, http.StatusOK, "sentiment", s.st.sentiment(a))
}

func (s *Server) getTopics(w http.ResponseWriter, _ *http.Request, a *aiRec) {
	writeEnvelope(w, http.StatusOK, "topic", s.st.topic(a))
}

func (s *Server) getSummary(w http.ResponseWriter, _ *http.Request, a *aiRec) {
	writeEnvelope(w, http.StatusOK, "summary", &summaryWire{aiResultHead: a.head(3), CreatedAt: iso(a.at), Content: a.summary()})
}

func (s *Server) getActionItems(w http.ResponseWriter, _ *http.Request, a *aiRec) {
	writeJSON(w, http.StatusOK, s.st.actionItems(a))
}

func (s *Server) getPlaybookResult(w http.ResponseWriter, r *http.Request, a *aiRec) {
	writeJSON(w, http.StatusOK, s.st.playbookResult(a, r.URL.Query().Get("fetch_playbook") == "true"))
}

func (s *Server) getCustomSummary(w http.ResponseWriter, _ *http.Request, a *aiRec) {
	writeJSON(w, http.StatusOK, s.st.customSummary(a))
}

func (s *Server) getEvaluations(w http.ResponseWriter, _ *http.Request, a *aiRec) {
	writeJSON(w, http.StatusOK, s.st.evaluations(a))
}

func (s *Server) getPredictedCSAT(w http.ResponseWriter, _ *http.Request, a *aiRec) {
	writeEnvelope(w, http.StatusOK, "csat", &csatWire{CallID: a.callID, CallUUID: a.uuid, Score: a.sc.csat,
		Drivers: []*csatDriverWire{{Polarity: a.sc.polarity, Label: a.sc.driver}}})
}

// seedDemo2026 gives the demo calls their AI results and the company its
// SMS templates.
func (s *Server) seedDemo2026() {
	for _, c := range s.st.calls {
		if !s.cfg.noAI && aiEligible(c) {
			s.storeAI(c)
		}
	}
	s.st.addSMSTemplate("order_update", "Your order is on its way.")
	s.st.addSMSTemplate("appointment_reminder", "Reminder: your appointment is tomorrow at 10am.")
	s.st.addSMSTemplate("missed_call", "Sorry we missed your call, we will call you back shortly.")
}

// emitRealtime sends the caller's first words of answered call c as
// realtime_transcription.utterances_received, on accounts with the add-on.
// s.mu is held.
func (s *Server) emitRealtime(c *callRec, at time.Time) {
	if s.cfg.noAI {
		return
	}
	v := &realtimeEventWire{ID: "rt-" + randHex(4)}
	v.Call.ID, v.Call.UUID, v.Call.NumberID, v.Call.Direction = c.c.ID, callSID(c.c.ID), c.numberID, c.c.Direction
	v.Utterances = []*realtimeUtteranceWire{{ParticipantType: "external", Timestamp: at.Unix() + 1, DurationMS: 2300,
		Text: "Hi, I have a question about my order.", Language: "en"}}
	s.emitAt(aircall.EventRealtimeTranscriptionUtterancesReceived, v, at.Add(time.Second))
}

// ReviewAIResults has a supervisor edit the playbook result, the custom
// summary and the evaluation of call callID, sending
// playbook_result.updated, custom_summary.result_updated and
// call_evaluation.updated. The call must have its AI results.
func (s *Server) ReviewAIResults(callID aircall.ID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var a *aiRec
	c, ok := s.st.callByID[callID]
	if ok {
		a, ok = s.aiOf(c)
	}
	if !ok || a.voicemail {
		return errors.New("aircalltest: ReviewAIResults: call " + callID.String() + " has no AI results")
	}
	now := s.now()
	head := aiHead{CallUUID: a.uuid}
	pb := s.st.playbookResult(a, true)
	pb.aiHead, pb.AIGenerated, pb.CreatedAt = head, ptr(false), ptr(iso(a.at))
	s.emitAt(aircall.EventPlaybookResultUpdated, pb, now)
	cs := s.st.customSummary(a)
	cs.aiHead, cs.CreatedAt = head, ptr(iso(a.at))
	s.emitAt(aircall.EventCustomSummaryResultUpdated, cs, now)
	ev := s.st.evaluations(a)
	ev.aiHead, ev.AIGenerated, ev.CreatedAt = head, false, ptr(iso(a.at))
	s.emitAt(aircall.EventCallEvaluationUpdated, ev, now)
	return nil
}
