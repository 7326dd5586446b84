package aircalltest

import (
	"errors"
	"testing"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook"
)

// subscribe registers a webhook for events on s (every event when none is
// given) and returns its receiver and token.
func subscribe(t *testing.T, s *Server, events ...aircall.Event) (*receiver, string) {
	t.Helper()
	rcv := newReceiver(t)
	h, _, err := client(t, s).Webhooks.Create(ctxT(t), &aircall.WebhookCreateParams{URL: rcv.URL, Events: events})
	if err != nil {
		t.Fatalf("Webhooks.Create: %v", err)
	}
	return rcv, h.Token
}

// parsed flushes s and returns what rcv received, parsed by the webhook
// package with the webhook's token (so a wrong token fails the test).
func parsed(t *testing.T, s *Server, rcv *receiver, token string) []*webhook.Event {
	t.Helper()
	flush(t, s)
	rcv.mu.Lock()
	defer rcv.mu.Unlock()
	var out []*webhook.Event
	for _, b := range rcv.bodies {
		ev, err := webhook.Parse(b, webhook.Tokens(token))
		if err != nil {
			t.Fatalf("webhook.Parse: %v: %s", err, b)
		}
		out = append(out, ev)
	}
	return out
}

func eventNames(evs []*webhook.Event) []aircall.Event {
	var out []aircall.Event
	for _, e := range evs {
		out = append(out, e.Name)
	}
	return out
}

var aiEvents = []aircall.Event{
	aircall.EventTranscriptionCreated, aircall.EventSummaryCreated, aircall.EventTopicsCreated, aircall.EventSentimentCreated,
	aircall.EventActionItemCreated, aircall.EventPlaybookResultCreated, aircall.EventCustomSummaryResultCreated, aircall.EventCallEvaluationCreated,
}

// TestAIResultsAfterCallEnds: an answered call's end stores its AI
// results, which every conversation intelligence method reads typed, and
// sends their *.created events with the webhook's token.
func TestAIResultsAfterCallEnds(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData(), WithAIDelay(0))
	rcv, token := subscribe(t, s, append(aiEvents, aircall.EventCallEnded)...)
	call, err := s.SimulateInboundCall(OnNumber(DemoNumberFrance), AnsweredBy(DemoUserJohn), WithPeer("+33612345678"))
	must(t, err)

	tr, _, err := c.Calls.Transcription(ctx, call.ID, &aircall.TranscriptionOptions{Mode: aircall.TranscriptionRealtime})
	must(t, err)
	if tr.CallID != call.ID || tr.Type != "call" || tr.Content.Language != "en" || len(tr.Content.Utterances) != 3 {
		t.Fatalf("Transcription = %+v", tr)
	}
	u0, u1 := tr.Content.Utterances[0], tr.Content.Utterances[1]
	wantEqual(t, "agent utterance", []any{"internal", DemoUserJohn}, []any{u0.ParticipantType, u0.UserID})
	wantEqual(t, "caller utterance", []any{"external", "+33612345678"}, []any{u1.ParticipantType, u1.PhoneNumber})
	if !tr.CallCreatedAt.Time.Equal(call.StartedAt.Time) {
		t.Errorf("call_created_at %v, want the call's start %v", tr.CallCreatedAt, call.StartedAt)
	}
	//lint:ignore SA1019 the deprecated endpoint is still served
	rt, _, err := c.Calls.RealtimeTranscription(ctx, call.ID)
	must(t, err)
	wantEqual(t, "realtime transcription", tr.Content.Utterances, rt.Content.Utterances)

	sn, _, err := c.Calls.Sentiments(ctx, call.ID)
	must(t, err)
	wantEqual(t, "sentiments", []*aircall.SentimentParticipant{{PhoneNumber: "+33612345678", Value: "POSITIVE", Type: "external"}}, sn.Participants)
	tp, _, err := c.Calls.Topics(ctx, call.ID)
	must(t, err)
	wantEqual(t, "topics", []string{"order", "refund"}, tp.Content)
	sm, _, err := c.Calls.Summary(ctx, call.ID)
	must(t, err)
	if sm.CallID != call.ID || sm.Content == "" {
		t.Errorf("Summary = %+v", sm)
	}
	ai, _, err := c.Calls.ActionItems(ctx, call.ID)
	must(t, err)
	if ai.CallID != call.ID || len(ai.Items) != 1 || !ai.Items[0].AIGenerated || ai.Items[0].CreatedBy != nil {
		t.Errorf("ActionItems = %+v", ai)
	}
	pb, _, err := c.Calls.PlaybookResult(ctx, call.ID, &aircall.PlaybookResultOptions{FetchPlaybook: true})
	must(t, err)
	if pb.Playbook == nil || pb.Playbook.Name != "BANT" || pb.UserID != DemoUserJohn || pb.NumberID != DemoNumberFrance || pb.AdherenceScore != 0.75 || len(pb.Topics) != 2 {
		t.Errorf("PlaybookResult = %+v", pb)
	}
	bare, _, err := c.Calls.PlaybookResult(ctx, call.ID, nil)
	must(t, err)
	if bare.Playbook != nil {
		t.Errorf("PlaybookResult without fetch_playbook has a playbook: %+v", bare.Playbook)
	}
	cs, _, err := c.Calls.CustomSummaryResult(ctx, call.ID)
	must(t, err)
	if cs.CustomSummary == nil || len(cs.Results) != 1 || cs.Results[0].Name != "Next steps" {
		t.Errorf("CustomSummaryResult = %+v", cs)
	}
	ev, _, err := c.Calls.Evaluations(ctx, call.ID)
	must(t, err)
	if !ev.AIGenerated || len(ev.Evaluations) != 1 || ev.CallID != call.ID {
		t.Errorf("Evaluations = %+v", ev)
	}
	cq, _, err := c.Calls.PredictedCSAT(ctx, call.ID)
	must(t, err)
	if cq.Score != 75 || cq.CallID != call.ID || len(cq.Drivers) != 1 || cq.Drivers[0].Polarity != "POSITIVE" {
		t.Errorf("PredictedCSAT = %+v", cq)
	}

	evs := parsed(t, s, rcv, token)
	wantEqual(t, "events", append([]aircall.Event{aircall.EventCallEnded}, aiEvents...), eventNames(evs))
	for _, e := range evs[1:] {
		if e.Resource != "conversation_intelligence" || e.Payload() == nil {
			t.Errorf("%s: resource %q, typed payload %T", e.Name, e.Resource, e.Payload())
		}
	}
	if got := evs[2].Summary(); got == nil || got.CallID != call.ID || got.Content != sm.Content {
		t.Errorf("summary.created (call_id a numeric string) = %+v, want call %d", got, call.ID)
	}
	if got := evs[1].Transcription(); got == nil || got.CallUUID == "" || got.NumberID != DemoNumberFrance {
		t.Errorf("transcription.created = %+v", got)
	}
}

// TestAIResultsNotAvailable: before the results exist, for calls that get
// none, and on accounts without the add-on, the methods fail with
// ErrInsightUnavailable (404, or 403 without the add-on).
func TestAIResultsNotAvailable(t *testing.T) {
	t.Parallel()
	t.Run("pending, then ready", func(t *testing.T) {
		t.Parallel()
		s, c, ctx := start(t, WithDemoData(), WithAIDelay(time.Second))
		rcv, token := subscribe(t, s, aiEvents...)
		call, err := s.SimulateInboundCall(AnsweredBy(DemoUserJohn))
		must(t, err)
		_, _, err = c.Calls.Summary(ctx, call.ID)
		if !errors.Is(err, aircall.ErrInsightUnavailable) || !errors.Is(err, aircall.ErrNotFound) {
			t.Fatalf("Summary right after the call: %v, want ErrInsightUnavailable (404)", err)
		}
		if n := len(parsed(t, s, rcv, token)); n != len(aiEvents) { // Flush waits for the results
			t.Fatalf("%d events after Flush, want %d", n, len(aiEvents))
		}
		if _, _, err := c.Calls.Summary(ctx, call.ID); err != nil {
			t.Fatalf("Summary after the delay: %v", err)
		}
	})
	t.Run("missed call and voicemail", func(t *testing.T) {
		t.Parallel()
		s, c, ctx := start(t, WithDemoData(), WithAIDelay(0))
		missed, err := s.SimulateInboundCall(Missed(aircall.MissedAgentsDidNotAnswer))
		must(t, err)
		if _, _, err := c.Calls.Transcription(ctx, missed.ID, nil); !errors.Is(err, aircall.ErrInsightUnavailable) {
			t.Errorf("missed call Transcription: %v, want ErrInsightUnavailable", err)
		}
		vm, err := s.SimulateInboundCall(Missed(aircall.MissedAgentsDidNotAnswer), WithVoicemail())
		must(t, err)
		tr, _, err := c.Calls.Transcription(ctx, vm.ID, nil)
		must(t, err)
		if tr.Type != aircall.InsightType("voicemail") || len(tr.Content.Utterances) != 1 {
			t.Errorf("voicemail transcription = %+v", tr)
		}
		if _, _, err := c.Calls.Sentiments(ctx, vm.ID); !errors.Is(err, aircall.ErrInsightUnavailable) {
			t.Errorf("voicemail Sentiments: %v, want ErrInsightUnavailable", err)
		}
		if _, _, err := c.Calls.Summary(ctx, 999999); !errors.Is(err, aircall.ErrNotFound) {
			t.Errorf("unknown call: %v, want ErrNotFound", err)
		}
	})
	t.Run("no add-on", func(t *testing.T) {
		t.Parallel()
		s, c, ctx := start(t, WithDemoData(), WithAIDelay(0), WithoutAIAddOn())
		rcv, token := subscribe(t, s, aiEvents...)
		call, err := s.SimulateInboundCall(AnsweredBy(DemoUserJohn))
		must(t, err)
		for _, id := range []aircall.ID{call.ID, 812} {
			_, resp, err := c.Calls.Topics(ctx, id)
			if !errors.Is(err, aircall.ErrInsightUnavailable) || resp == nil || resp.StatusCode != 403 {
				t.Errorf("Topics(%d) without the add-on: %v, want ErrInsightUnavailable (403)", id, err)
			}
		}
		if evs := parsed(t, s, rcv, token); len(evs) != 0 {
			t.Errorf("events without the add-on: %v", eventNames(evs))
		}
	})
}

// TestDemoCallsHaveAIResults: WithDemoData gives the demo calls results,
// so examples read them without simulating a call.
func TestDemoCallsHaveAIResults(t *testing.T) {
	t.Parallel()
	_, c, ctx := start(t, WithDemoData())
	for _, id := range []aircall.ID{812, 814} {
		if _, _, err := c.Calls.ActionItems(ctx, id); err != nil {
			t.Errorf("ActionItems(%d): %v", id, err)
		}
	}
	if _, _, err := c.Calls.Summary(ctx, 813); err != nil { // the voicemail
		t.Errorf("Summary(813): %v", err)
	}
}
