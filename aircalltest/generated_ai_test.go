package aircalltest

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// aiPaths are the conversation intelligence endpoints of a call, those a
// voicemail answers first.
var aiPaths = []string{"transcription", "summary", "realtime_transcription", "sentiments", "topics", "action_items",
	"playbook_result?fetch_playbook=true", "custom_summary_result", "evaluations", "predicted_csat"}

// generatedCalls lists the calls of s after the demo ones (IDs above 814),
// split into answered ones, voicemails and missed calls without one.
func generatedCalls(t *testing.T, s *Server) (answered, voicemails, missed []*aircall.Call) {
	t.Helper()
	for c, err := range client(t, s).Calls.All(ctxT(t), &aircall.CallListOptions{ListOptions: aircall.ListOptions{PerPage: 50}}) {
		must(t, err)
		switch {
		case c.ID <= 814:
		case !c.AnsweredAt.IsZero():
			answered = append(answered, c)
		case c.Voicemail != "":
			voicemails = append(voicemails, c)
		default:
			missed = append(missed, c)
		}
	}
	if len(answered) == 0 || len(voicemails) == 0 || len(missed) == 0 {
		t.Fatalf("generated %d answered, %d voicemails, %d missed: want some of each", len(answered), len(voicemails), len(missed))
	}
	return answered, voicemails, missed
}

var aiEpoch = time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)

// TestGeneratedCallsHaveAIResults: the answered calls of
// WithGeneratedCalls have every AI result, in the addendum's shapes and
// consistent with the call; voicemails a transcription and a summary of
// type voicemail; missed calls none (404, ErrInsightUnavailable). Reading
// them sends no event: they are history.
func TestGeneratedCallsHaveAIResults(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData(), WithGeneratedCalls(300, aiEpoch, aiEpoch.Add(72*time.Hour)), WithSeed(7))
	rcv, token := subscribe(t, s, aiEvents...)
	answered, voicemails, missed := generatedCalls(t, s)

	ids := map[aircall.ID]string{} // AI result IDs, unique across calls and kinds
	unique := func(id aircall.ID, what string) {
		t.Helper()
		if prev, dup := ids[id]; dup || id == 0 {
			t.Errorf("%s has ID %d, already %q", what, id, prev)
		}
		ids[id] = what
	}
	sentiments := []aircall.SentimentValue{aircall.SentimentPositive, aircall.SentimentNeutral, aircall.SentimentNegative}
	summaries := map[string]bool{}
	for _, call := range answered {
		what := fmt.Sprintf("call %d", call.ID)
		tr, _, err := c.Calls.Transcription(ctx, call.ID, nil)
		must(t, err)
		unique(tr.ID, what+" transcription")
		if tr.CallID != call.ID || tr.Type != "call" || tr.Content.Language != "en" || len(tr.Content.Utterances) != 3 {
			t.Fatalf("%s Transcription = %+v", what, tr)
		}
		if !tr.CallCreatedAt.Time.Equal(call.StartedAt.Time) {
			t.Errorf("%s call_created_at %v, want its start %v", what, tr.CallCreatedAt, call.StartedAt)
		}
		// Aircall makes results seconds to minutes after the call.
		if lag := tr.CreatedAt.Sub(call.EndedAt.Time); lag < 30*time.Second || lag >= 5*time.Minute {
			t.Errorf("%s results created %v after the call ended, want 30s to 5min", what, lag)
		}
		agent, caller := tr.Content.Utterances[0], tr.Content.Utterances[1]
		if agent.ParticipantType != "internal" || call.User == nil || agent.UserID != call.User.ID {
			t.Errorf("%s agent utterance %+v, want internal by the call's user %+v", what, agent, call.User)
		}
		if caller.ParticipantType != "external" || caller.PhoneNumber != strings.NewReplacer(" ", "", "-", "").Replace(call.RawDigits) {
			t.Errorf("%s caller utterance %+v, want external from %s", what, caller, call.RawDigits)
		}

		sm, _, err := c.Calls.Summary(ctx, call.ID)
		must(t, err)
		unique(sm.ID, what+" summary")
		if sm.CallID != call.ID || sm.Content == "" || !sm.CreatedAt.Equal(tr.CreatedAt.Time) {
			t.Errorf("%s Summary = %+v", what, sm)
		}
		summaries[sm.Content] = true
		sn, _, err := c.Calls.Sentiments(ctx, call.ID)
		must(t, err)
		unique(sn.ID, what+" sentiment")
		if len(sn.Participants) != 1 || !slices.Contains(sentiments, sn.Participants[0].Value) || sn.Participants[0].PhoneNumber != caller.PhoneNumber {
			t.Errorf("%s Sentiments = %+v", what, sn.Participants)
		}
		tp, _, err := c.Calls.Topics(ctx, call.ID)
		must(t, err)
		unique(tp.ID, what+" topics")
		if len(tp.Content) == 0 || tp.CallID != call.ID {
			t.Errorf("%s Topics = %+v", what, tp)
		}
		ai, _, err := c.Calls.ActionItems(ctx, call.ID)
		must(t, err)
		if ai.CallID != call.ID || len(ai.Items) != 1 || !ai.Items[0].AIGenerated || ai.Items[0].Content == "" {
			t.Fatalf("%s ActionItems = %+v", what, ai)
		}
		unique(ai.Items[0].ID, what+" action item")
		pb, _, err := c.Calls.PlaybookResult(ctx, call.ID, nil)
		must(t, err)
		unique(pb.ID, what+" playbook result")
		if pb.UserID != call.User.ID || pb.NumberID != call.Number.ID || pb.AdherenceScore <= 0 || pb.AdherenceScore > 1 || len(pb.Topics) == 0 {
			t.Errorf("%s PlaybookResult = %+v", what, pb)
		}
		cs, _, err := c.Calls.CustomSummaryResult(ctx, call.ID)
		must(t, err)
		unique(cs.ID, what+" custom summary")
		if cs.NumberID != call.Number.ID || len(cs.Results) == 0 {
			t.Errorf("%s CustomSummaryResult = %+v", what, cs)
		}
		ev, _, err := c.Calls.Evaluations(ctx, call.ID)
		must(t, err)
		unique(ev.ID, what+" evaluation")
		if !ev.AIGenerated || len(ev.Evaluations) != 1 {
			t.Errorf("%s Evaluations = %+v", what, ev)
		}
		cq, _, err := c.Calls.PredictedCSAT(ctx, call.ID)
		must(t, err)
		if cq.CallID != call.ID || cq.CallUUID == "" || cq.Score <= 0 || cq.Score > 100 || len(cq.Drivers) != 1 ||
			!slices.Contains([]aircall.SentimentValue{aircall.SentimentPositive, aircall.SentimentNegative}, cq.Drivers[0].Polarity) {
			t.Errorf("%s PredictedCSAT = %+v", what, cq)
		}
	}
	if len(summaries) < 2 {
		t.Errorf("%d answered calls share one summary %v: the results do not vary", len(answered), summaries)
	}

	for _, call := range voicemails {
		tr, _, err := c.Calls.Transcription(ctx, call.ID, nil)
		must(t, err)
		if tr.Type != "voicemail" || len(tr.Content.Utterances) != 1 || tr.Content.Utterances[0].ParticipantType != "external" {
			t.Errorf("voicemail %d Transcription = %+v", call.ID, tr)
		}
		if sm, _, err := c.Calls.Summary(ctx, call.ID); err != nil || sm.Content == "" {
			t.Errorf("voicemail %d Summary = %+v, %v", call.ID, sm, err)
		}
		if _, _, err := c.Calls.Topics(ctx, call.ID); !errors.Is(err, aircall.ErrInsightUnavailable) || !errors.Is(err, aircall.ErrNotFound) {
			t.Errorf("voicemail %d Topics: %v, want ErrInsightUnavailable (404)", call.ID, err)
		}
	}
	for _, call := range missed[:min(len(missed), 5)] {
		for _, p := range aiPaths {
			if status, body, _ := raw(t, s, "GET", fmt.Sprintf("/v1/calls/%d/%s", call.ID, p), "", ""); status != http.StatusNotFound {
				t.Errorf("missed call %d %s: %d %s, want 404", call.ID, p, status, body)
			}
		}
		if _, _, err := c.Calls.Summary(ctx, call.ID); !errors.Is(err, aircall.ErrInsightUnavailable) {
			t.Errorf("missed call %d Summary: %v, want ErrInsightUnavailable", call.ID, err)
		}
	}
	if evs := parsed(t, s, rcv, token); len(evs) != 0 {
		t.Errorf("reading generated calls' results sent %v", eventNames(evs))
	}
}

// TestGeneratedAIResultsDeterministic: with the same seed, two Servers
// answer the same results, IDs included, whatever order they are read in;
// a call simulated afterwards gets result IDs of its own.
func TestGeneratedAIResultsDeterministic(t *testing.T) {
	t.Parallel()
	opts := []Option{WithDemoData(), WithGeneratedCalls(120, aiEpoch, aiEpoch.Add(24*time.Hour)), WithSeed(42), WithAIDelay(0)}
	a, b := newServer(t, opts...), newServer(t, opts...)
	answered, voicemails, _ := generatedCalls(t, a)
	calls := append(answered, voicemails...)
	read := func(s *Server, c *aircall.Call, path string) string {
		status, body, _ := raw(t, s, "GET", fmt.Sprintf("/v1/calls/%d/%s", c.ID, path), "", "")
		if status != http.StatusOK && status != http.StatusNotFound {
			t.Fatalf("GET call %d %s: %d %s", c.ID, path, status, body)
		}
		return fmt.Sprint(status, body)
	}
	got := map[string]string{}
	for _, c := range calls {
		for _, p := range aiPaths {
			got[fmt.Sprint(c.ID, p)] = read(a, c, p)
		}
	}
	for i := len(calls) - 1; i >= 0; i-- { // the other way round
		for j := len(aiPaths) - 1; j >= 0; j-- {
			if body := read(b, calls[i], aiPaths[j]); body != got[fmt.Sprint(calls[i].ID, aiPaths[j])] {
				t.Errorf("call %d %s: seed 42 answered\n%s\nthen\n%s", calls[i].ID, aiPaths[j], got[fmt.Sprint(calls[i].ID, aiPaths[j])], body)
			}
		}
	}

	sim, err := a.SimulateInboundCall(AnsweredBy(DemoUserJohn))
	must(t, err)
	tr, _, err := client(t, a).Calls.Transcription(ctxT(t), sim.ID, nil)
	must(t, err)
	for _, c := range calls {
		var v struct{ Transcription struct{ ID aircall.ID } }
		mustJSON(t, strings.TrimPrefix(got[fmt.Sprint(c.ID, "transcription")], "200"), &v)
		if v.Transcription.ID >= tr.ID {
			t.Fatalf("generated call %d transcription %d, simulated call's %d: want the simulated IDs after the generated ones", c.ID, v.Transcription.ID, tr.ID)
		}
	}
}

// TestGeneratedCallsAIOptions: without the add-on, generated calls have no
// results either (403); ReviewAIResults edits a generated call's results,
// sending only the *.updated events.
func TestGeneratedCallsAIOptions(t *testing.T) {
	t.Parallel()
	gen := WithGeneratedCalls(40, aiEpoch, aiEpoch.Add(time.Hour))
	t.Run("no add-on", func(t *testing.T) {
		t.Parallel()
		s, c, ctx := start(t, gen, WithoutAIAddOn())
		answered, _, _ := generatedCalls(t, s)
		_, resp, err := c.Calls.Summary(ctx, answered[0].ID)
		if !errors.Is(err, aircall.ErrInsightUnavailable) || resp == nil || resp.StatusCode != http.StatusForbidden {
			t.Errorf("Summary of generated call %d without the add-on: %v, want ErrInsightUnavailable (403)", answered[0].ID, err)
		}
	})
	t.Run("review", func(t *testing.T) {
		t.Parallel()
		s := newServer(t, gen)
		answered, voicemails, _ := generatedCalls(t, s)
		rcv, token := subscribe(t, s)
		must(t, s.ReviewAIResults(answered[0].ID))
		wantEqual(t, "events", []aircall.Event{aircall.EventPlaybookResultUpdated, aircall.EventCustomSummaryResultUpdated, aircall.EventCallEvaluationUpdated},
			eventNames(parsed(t, s, rcv, token)))
		if err := s.ReviewAIResults(voicemails[0].ID); err == nil {
			t.Errorf("ReviewAIResults(voicemail %d) = nil, want an error: a voicemail has no playbook result", voicemails[0].ID)
		}
		if err := s.ReviewAIResults(999999); err == nil {
			t.Error("ReviewAIResults(unknown call) = nil, want an error")
		}
	})
}

// BenchmarkGeneratedCallAI measures making a generated call's results, as
// its first read does.
func BenchmarkGeneratedCallAI(b *testing.B) {
	s, err := New(WithDemoData(), WithGeneratedCalls(25000, aiEpoch, aiEpoch.Add(90*24*time.Hour)), WithRateLimit(1<<30, time.Minute))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	first := s.st.gen.first
	id := first
	for b.Loop() {
		s.mu.Lock()
		c := s.st.callByID[id]
		delete(s.st.ai, id)
		a, ok := s.aiOf(c)
		s.mu.Unlock()
		if ok && a.callID != id {
			b.Fatalf("results of call %d for call %d", a.callID, id)
		}
		if id++; id == first+25000 {
			id = first
		}
	}
}

// TestGeneratedAIResultsNotBeforeTheyAreMade: a generated call that ended
// moments ago (as the standalone server's last calls do) has no results
// until their creation time, 30s to 5min after its end, has passed: no
// result is created in the future. Once it has, they are there.
func TestGeneratedAIResultsNotBeforeTheyAreMade(t *testing.T) {
	t.Parallel()
	now := aiEpoch.Add(24 * time.Hour)
	clock := newFakeClock(now)
	s, c, ctx := start(t, WithDemoData(), WithGeneratedCalls(200, now.Add(-15*time.Minute), now), WithSeed(3), WithClock(clock.Now))
	answered, _, _ := generatedCalls(t, s)
	pending := 0
	for _, call := range answered {
		sm, _, err := c.Calls.Summary(ctx, call.ID)
		switch {
		case errors.Is(err, aircall.ErrInsightUnavailable):
			pending++
		case err != nil:
			t.Fatalf("Summary(%d): %v", call.ID, err)
		case sm.CreatedAt.After(now):
			t.Errorf("call %d (ended %v) has a summary created at %v, after now (%v)", call.ID, call.EndedAt, sm.CreatedAt, now)
		}
	}
	if pending == 0 {
		t.Fatalf("none of %d calls of the last 15 minutes waits for its results: the test proves nothing", len(answered))
	}
	clock.Advance(time.Hour)
	for _, call := range answered {
		if _, _, err := c.Calls.Summary(ctx, call.ID); err != nil {
			t.Errorf("Summary(%d) an hour later: %v", call.ID, err)
		}
	}
}
