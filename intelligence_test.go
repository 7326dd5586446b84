package aircall

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// newAPIOpts compare what the 2026 families decode: Timestamps as
// instants (the wire form of epoch milliseconds is not asserted here),
// json.RawMessage as JSON, and Raw fields left to their own checks.
var newAPIOpts = cmp.Options{
	cmp.Comparer(func(a, b Timestamp) bool { return a.Equal(b.Time) && a.Text == b.Text }),
	cmp.Comparer(func(a, b json.RawMessage) bool { return bytes.Equal(compactJSON(a), compactJSON(b)) }),
	cmp.FilterPath(func(p cmp.Path) bool {
		sf, ok := p.Last().(cmp.StructField)
		return ok && sf.Name() == "Raw"
	}, cmp.Ignore()),
}

func compactJSON(b []byte) []byte {
	var out bytes.Buffer
	if json.Compact(&out, b) != nil {
		return b
	}
	return out.Bytes()
}

// instant is the Timestamp of an RFC 3339 string, compared as an instant.
func instant(s string) Timestamp { return fxTime(s, FormISO) }

// insightCases are the conversation intelligence endpoints, each answered
// by a fixture, as familyCalls (to compare with newAPIOpts).
func insightCases() []familyCall {
	ctx := context.Background()
	utterances := []*Utterance{
		{StartTime: 0.48, EndTime: 3.9, Text: "Hello, thanks for calling.", ParticipantType: "internal", UserID: 456},
		{StartTime: 4.2, EndTime: 6.1, Text: "Hi, I have a question about my order.", ParticipantType: "external", PhoneNumber: "+33612345678"},
	}
	transcription := &Transcription{ID: 9012, CallID: 812, CallCreatedAt: instant("2026-03-03T09:35:00Z"), Type: InsightCall,
		Content: TranscriptionContent{Language: "en", Utterances: utterances}}
	return []familyCall{
		{name: "transcription", pattern: "GET /v1/calls/{id}/transcription", path: "/v1/calls/812/transcription", reply: "intelligence_transcription.json",
			call: func(c *Client) (any, *Response, error) { return c.Calls.Transcription(ctx, 812, nil) }, want: transcription},
		{name: "transcription realtime mode", pattern: "GET /v1/calls/{id}/transcription", path: "/v1/calls/812/transcription", query: "mode=realtime", reply: "intelligence_transcription.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Calls.Transcription(ctx, 812, &TranscriptionOptions{Mode: TranscriptionRealtime})
			}, want: transcription},
		// Integer timestamps, a voicemail, a user_id sent as a string and
		// an undocumented key.
		{name: "transcription variant", pattern: "GET /v1/calls/{id}/transcription", path: "/v1/calls/813/transcription", query: "mode=async", reply: "intelligence_transcription_variant.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Calls.Transcription(ctx, 813, &TranscriptionOptions{Mode: TranscriptionAsync})
			},
			want: &Transcription{ID: 9013, CallID: 813, CallCreatedAt: Unix(1772530500), CreatedAt: Unix(1772530860), Type: InsightVoicemail,
				Content: TranscriptionContent{Language: "fr", Utterances: []*Utterance{
					{StartTime: 0, EndTime: 2.5, Text: "Bonjour, rappelez-moi.", ParticipantType: "external", PhoneNumber: "+33612345678"},
					{StartTime: 2.5, EndTime: 3, Text: "(silence)", ParticipantType: "internal", UserID: 456},
				}}}},
		{name: "realtime transcription (deprecated)", pattern: "GET /v1/calls/{id}/realtime_transcription", path: "/v1/calls/812/realtime_transcription", reply: "intelligence_realtime_transcription.json",
			call: func(c *Client) (any, *Response, error) { return c.Calls.RealtimeTranscription(ctx, 812) },
			want: &Transcription{CallID: 812, CallUUID: "CAed058bba60a84d62c77cee898a852b05", Content: TranscriptionContent{Language: "en", Utterances: utterances}}},
		{name: "sentiments", pattern: "GET /v1/calls/{id}/sentiments", path: "/v1/calls/812/sentiments", reply: "intelligence_sentiments.json",
			call: func(c *Client) (any, *Response, error) { return c.Calls.Sentiments(ctx, 812) },
			want: &Sentiment{ID: 3301, CallID: 812, Participants: []*SentimentParticipant{{PhoneNumber: "+33612345678", Value: SentimentPositive, Type: "external"}}}},
		{name: "topics", pattern: "GET /v1/calls/{id}/topics", path: "/v1/calls/812/topics", reply: "intelligence_topics.json",
			call: func(c *Client) (any, *Response, error) { return c.Calls.Topics(ctx, 812) },
			want: &Topics{ID: 4410, CallID: 812, CreatedAt: instant("2026-03-03T09:41:12Z"), Content: []string{"billing", "refund"}}},
		{name: "summary", pattern: "GET /v1/calls/{id}/summary", path: "/v1/calls/812/summary", reply: "intelligence_summary.json",
			call: func(c *Client) (any, *Response, error) { return c.Calls.Summary(ctx, 812) },
			want: &Summary{ID: 5520, CallID: 812, CreatedAt: instant("2026-03-03T09:41:12Z"),
				Content: "The customer asked about a delayed order; the agent promised a refund by Friday."}},
		{name: "action items", pattern: "GET /v1/calls/{id}/action_items", path: "/v1/calls/812/action_items", reply: "intelligence_action_items.json",
			call: func(c *Client) (any, *Response, error) { return c.Calls.ActionItems(ctx, 812) },
			want: &ActionItems{CallID: 812, Items: []*ActionItem{
				{ID: 77, AIGenerated: true, Content: "Send the refund confirmation email", CreatedAt: instant("2026-03-03T09:41:12Z")},
				{ID: 78, Content: "Call back on Friday", CreatedAt: instant("2026-03-03T09:45:00Z"), CreatedBy: &User{ID: 456, Name: "John Doe"},
					UpdatedAt: instant("2026-03-03T09:46:00Z"), UpdatedBy: &User{ID: 456, Name: "John Doe"}},
			}}},
		{name: "playbook result", pattern: "GET /v1/calls/{id}/playbook_result", path: "/v1/calls/812/playbook_result", query: "fetch_playbook=true", reply: "intelligence_playbook_result.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Calls.PlaybookResult(ctx, 812, &PlaybookResultOptions{FetchPlaybook: true})
			},
			want: &PlaybookResult{ID: 9911, CallID: 812, UserID: 456, NumberID: 1234, AdherenceScore: 0.75,
				Topics:   []*PlaybookTopic{{Name: "Budget", Result: json.RawMessage(`"..."`)}},
				Playbook: &Playbook{ID: 12, Name: "BANT", Language: "en"}}},
		// Wrapped in a key, with a score of another type (dropped alone).
		{name: "playbook result wrapped", pattern: "GET /v1/calls/{id}/playbook_result", path: "/v1/calls/813/playbook_result", reply: "intelligence_playbook_result_wrapped.json",
			call: func(c *Client) (any, *Response, error) { return c.Calls.PlaybookResult(ctx, 813, nil) },
			want: &PlaybookResult{ID: 9912, CallID: 813,
				Topics: []*PlaybookTopic{{Name: "Need", Result: json.RawMessage(`{"met":true,"evidence":"wants a refund"}`)}}}},
		{name: "custom summary result", pattern: "GET /v1/calls/{id}/custom_summary_result", path: "/v1/calls/812/custom_summary_result", reply: "intelligence_custom_summary_result.json",
			call: func(c *Client) (any, *Response, error) { return c.Calls.CustomSummaryResult(ctx, 812) },
			want: &CustomSummaryResult{ID: 999, CallID: 812, NumberID: 1234, Language: "en", CustomSummary: &CustomSummary{Name: "BANT"},
				Results: []*SummaryTemplateResult{{Name: "Next steps", Content: "Send pricing proposal by Friday"}}}},
		{name: "evaluations", pattern: "GET /v1/calls/{id}/evaluations", path: "/v1/calls/812/evaluations", reply: "intelligence_evaluations.json",
			call: func(c *Client) (any, *Response, error) { return c.Calls.Evaluations(ctx, 812) },
			want: &CallEvaluation{ID: 3001, CallID: 812, AIGenerated: true, Evaluations: []json.RawMessage{
				json.RawMessage(`{"scorecard":{"name":"Support QA"},"score":{"normalized_score":0.82}}`),
				json.RawMessage(`{"scorecard":{"name":"Compliance"},"score":null}`),
			}}},
		{name: "predicted csat", pattern: "GET /v1/calls/{id}/predicted_csat", path: "/v1/calls/5237603/predicted_csat", reply: "intelligence_predicted_csat.json",
			call: func(c *Client) (any, *Response, error) { return c.Calls.PredictedCSAT(ctx, 5237603) },
			want: &PredictedCSAT{CallID: 5237603, CallUUID: "CAFFEE343770a4b19d6289ebee7f406a7b", Score: 75,
				Drivers: []*CSATDriver{{Polarity: SentimentPositive, Label: "Customer was satisfied"}}}},
	}
}

func TestConversationIntelligence(t *testing.T) {
	t.Parallel()
	runFamilyCalls(t, insightCases(), newAPIOpts)
}

// TestInsightRawKept checks that Raw holds the whole object, including the
// members the SDK does not type or could not decode.
func TestInsightRawKept(t *testing.T) {
	t.Parallel()
	_, c := serve(t, "GET /v1/calls/{id}/playbook_result", 200, "intelligence_playbook_result_wrapped.json")
	got, _, err := c.Calls.PlaybookResult(context.Background(), 813, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":9912,"call_id":813,"adherence_score":"75%","playbook_result_topics":[{"name":"Need","result":{"met":true,"evidence":"wants a refund"}}]}`
	if !sameJSON(t, string(got.Raw), want) {
		t.Errorf("Raw = %s", got.Raw)
	}
	_, c = serve(t, "GET /v1/calls/{id}/transcription", 200, "intelligence_transcription_variant.json")
	tr, _, err := c.Calls.Transcription(context.Background(), 813, nil)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := json.Unmarshal(tr.Raw, &raw); err != nil || raw["confidence"] != 0.93 {
		t.Errorf("Raw = %s (%v): the undocumented confidence key is lost", tr.Raw, err)
	}
}

// TestInsightUnavailable checks the answers that mean "no AI result (yet)
// or no add-on": each matches ErrInsightUnavailable and keeps the APIError,
// while a wrong credential at Aircall's edge and a 400 do not.
func TestInsightUnavailable(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		status      int
		body        string
		unavailable bool
		also        error
	}{
		{"404 no result yet", 404, `{"error":"Not Found","troubleshoot":"No summary for this call"}`, true, ErrNotFound},
		{"403 no add-on", 403, `{"error":"Forbidden","troubleshoot":"Company not active or not verified"}`, true, ErrUnauthorized},
		{"403 empty body", 403, ``, true, ErrUnauthorized},
		{"200 null result", 200, `{"summary":null}`, true, nil},
		{"200 without the key", 200, `{}`, true, nil},
		{"403 at the edge: a wrong credential", 403, `{"message":"Forbidden"}`, false, ErrUnauthorized},
		{"400 invalid call id", 400, `{"error":"Bad Request","troubleshoot":"Invalid call_id"}`, false, ErrValidation},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts, c := serve(t, "GET /v1/calls/{id}/summary", tc.status, tc.body)
			got, resp, err := c.Calls.Summary(context.Background(), 812)
			if err == nil || got != nil {
				t.Fatalf("Summary = %v, %v; want an error", got, err)
			}
			if errors.Is(err, ErrInsightUnavailable) != tc.unavailable {
				t.Errorf("errors.Is(%v, ErrInsightUnavailable) = %v, want %v", err, !tc.unavailable, tc.unavailable)
			}
			if tc.also != nil && !errors.Is(err, tc.also) {
				t.Errorf("errors.Is(%v, %v) = false", err, tc.also)
			}
			var ae *APIError
			if tc.status != 200 && (!errors.As(err, &ae) || ae.StatusCode != tc.status) {
				t.Errorf("err = %v: want an *APIError %d in the chain", err, tc.status)
			}
			if resp == nil || resp.StatusCode != tc.status {
				t.Errorf("resp = %v, want status %d", resp, tc.status)
			}
			// No retry of a 4xx.
			ts.expectRequestCount(t, 1)
		})
	}
}

// TestInsightUnavailableEveryMethod checks that every conversation
// intelligence method maps a 404 to ErrInsightUnavailable.
func TestInsightUnavailableEveryMethod(t *testing.T) {
	t.Parallel()
	for _, tc := range insightCases() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, c := serve(t, tc.pattern, 404, `{"error":"Not Found","troubleshoot":"Resource not found"}`)
			if _, _, err := tc.call(c); !errors.Is(err, ErrInsightUnavailable) || !errors.Is(err, ErrNotFound) {
				t.Errorf("err = %v, want ErrInsightUnavailable and ErrNotFound", err)
			}
		})
	}
}

func TestTranscriptionModeValidated(t *testing.T) {
	t.Parallel()
	runParamCases(t, []paramCase{
		{"unknown mode", func(c *Client) error {
			return errOf(c.Calls.Transcription(context.Background(), 812, &TranscriptionOptions{Mode: "live"}))
		}, "mode"},
	})
}

// TestLenientKeepsOtherMembers checks the decoding rule of the 2026
// objects: a member of the wrong type is dropped alone, a value that is not
// an object is an error.
func TestLenientKeepsOtherMembers(t *testing.T) {
	t.Parallel()
	var s Sentiment
	if err := json.Unmarshal([]byte(`{"id":"x-1","call_id":812,"participants":[{"user_id":{"a":1},"value":"NEGATIVE","type":"internal"}]}`), &s); err != nil {
		t.Fatal(err)
	}
	want := Sentiment{CallID: 812, Participants: []*SentimentParticipant{{Value: SentimentNegative, Type: "internal"}}}
	checkDiff(t, "sentiment", want, s, newAPIOpts)
	if err := json.Unmarshal([]byte(`[1,2]`), &s); err == nil {
		t.Error("an array decoded as a Sentiment without error")
	}
}
