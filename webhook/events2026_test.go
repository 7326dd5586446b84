package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	aircall "github.com/seed1279ea27/aircall-go"
)

// The expected values below are written by hand from the fixtures, which
// follow the addendum's example envelopes plus realistic variants.

const callUUID = "CAed058bba60a84d62c77cee898a852b05"

// cmp2026 compares Timestamps as instants (the wire form of epoch
// milliseconds is another helper's concern) and leaves the Raw fields to
// a separate check.
var cmp2026 = []cmp.Option{
	cmp.Comparer(func(a, b json.RawMessage) bool { return bytes.Equal(compact(a), compact(b)) }),
	cmp.Comparer(func(a, b aircall.Timestamp) bool { return a.Equal(b.Time) && a.Text == b.Text }),
	cmp.FilterPath(func(p cmp.Path) bool {
		sf, ok := p.Last().(cmp.StructField)
		return ok && sf.Name() == "Raw"
	}, cmp.Ignore()),
}

// compact returns b without insignificant space.
func compact(b []byte) []byte {
	var out bytes.Buffer
	if json.Compact(&out, b) != nil {
		return b
	}
	return out.Bytes()
}

// at is the instant of an RFC 3339 string.
func at(s string) aircall.Timestamp {
	tm, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return aircall.Timestamp{Time: tm}
}

// ms is the instant of epoch milliseconds.
func ms(v int64) aircall.Timestamp { return aircall.Timestamp{Time: time.UnixMilli(v).UTC()} }

func madelaine() *aircall.User {
	return &aircall.User{
		ID: 456, DirectLink: "https://api.aircall.io/v2/users/456", Name: "Madelaine Dupont",
		Email: "madelaine.dupont@aircall.io", Available: true, AvailabilityStatus: aircall.UserAvailable,
		CreatedAt: isoMs(2019, 12, 29, 10, 3, 18, 0), TimeZone: "Europe/Paris", Language: "fr-FR",
	}
}

func newAgent(status aircall.UserStatus) *aircall.User {
	return &aircall.User{
		ID: 1982972, DirectLink: "https://api.aircall.io/v2/users/1982972", Name: "New Agent",
		Email: "new.agent@example.com", AvailabilityStatus: status,
		CreatedAt: isoMs(2026, 6, 19, 19, 39, 38, 0), TimeZone: "Etc/UTC", Language: "en-US",
	}
}

func supportLine() *aircall.Number {
	return &aircall.Number{ID: 1284757, Name: "Support Line", Digits: "+1 312-555-0100", Country: "US",
		TimeZone: "America/Chicago", AvailabilityStatus: aircall.NumberOpen}
}

func shipped() *aircall.Message {
	return &aircall.Message{
		ID:         "1779973482001abcdefghijkl1234",
		DirectLink: "https://api.aircall.io/v1/numbers/1284757/messages/1779973482001abcdefghijkl1234",
		Direction:  aircall.MessageOutbound, ExternalNumber: "+44 7474 626067", Body: "Your order has shipped.",
		Status: "sent", Origin: "native",
		MediaDetails: []*aircall.MediaDetail{{FileName: "label.pdf", FileType: "application/pdf",
			PresignedURL: "https://aircall-media.s3.amazonaws.com/label.pdf?X-Amz-Signature=abc"}},
		CreatedAt: ms(1772530799512), SentAt: ms(1772530800020), UpdatedAt: ms(1772530800020),
		Number:  supportLine(),
		Contact: &aircall.Contact{ID: 719, DirectLink: "https://api.aircall.io/v1/contacts/719", FirstName: "Gary", LastName: "Jennings", IsShared: true},
	}
}

func lunch() *aircall.GroupMessage {
	return &aircall.GroupMessage{
		ID: "8f3c2c4e-9c6c-4c8e-9b4a-2c1f7e3d9c52", GroupConversationID: "c4b8c1c0-0c6e-4c3f-9c1c-5c2f8e7a91d4",
		Participants: []string{"+13000000001", "+13000000002"}, Body: "Team lunch at noon",
	}
}

func session() *aircall.AIVoiceAgentSession {
	return &aircall.AIVoiceAgentSession{
		ID: 812, CallID: 812, CallUUID: callUUID, AgentID: "agent-abc123", AgentName: "Front desk",
		SessionID: "sess-91a2", NumberID: 1234, CreatedAt: unix(1772530500),
	}
}

func parseCases2026() []parseCase {
	return []parseCase{
		// The V2 object as POST /v2/users answers it: extension a string.
		{"user_created_v2.json", aircall.EventUserCreatedV2, "user", 1772530400, edit(newAgent(aircall.UserAvailable), func(u *aircall.User) {
			u.Extension, u.Substatus = "004", "always_opened"
		})},
		{"user_deleted_v2.json", aircall.EventUserDeletedV2, "user", 1772530410, newAgent(aircall.UserUnavailable)},
		{"user_connected_v2.json", aircall.EventUserConnectedV2, "user", 1772530420, madelaine()},
		{"user_disconnected_v2.json", aircall.EventUserDisconnectedV2, "user", 1772530430, edit(madelaine(), func(u *aircall.User) {
			u.Available, u.AvailabilityStatus = false, aircall.UserUnavailable
		})},
		{"user_opened_v2.json", aircall.EventUserOpenedV2, "user", 1772530440, madelaine()},
		// The first of the two user.closed.v2 events: availability only.
		{"user_closed_v2.json", aircall.EventUserClosedV2, "user", 1772530499, edit(madelaine(), func(u *aircall.User) {
			u.Available, u.AvailabilityStatus = false, aircall.UserUnavailable
		})},
		// The addendum's example: the second event of the pair, with the
		// unavailability reason.
		{"user_closed_v2_substatus.json", aircall.EventUserClosedV2, "user", 1772530500, edit(madelaine(), func(u *aircall.User) {
			u.Available, u.AvailabilityStatus, u.Substatus = false, aircall.UserUnavailable, "Out for lunch"
		})},
		{"user_wut_start_v2.json", aircall.EventUserWutStartV2, "user", 1772530600, edit(madelaine(), func(u *aircall.User) { u.WrapUpTime = 30 })},
		{"user_wut_end_v2.json", aircall.EventUserWutEndV2, "user", 1772530630, edit(madelaine(), func(u *aircall.User) { u.WrapUpTime, u.LastCallID = 30, 812 })},

		{"call_external_transferred.json", aircall.EventCallExternalTransferred, "call", 1732623010, &aircall.Call{
			ID: 123, DirectLink: "https://api.aircall.io/v1/calls/123", Direction: aircall.CallInbound, Status: aircall.CallAnswered,
			StartedAt: unix(1732622950), AnsweredAt: unix(1732622958), RawDigits: "+1 415-555-0100",
			Tags: []*aircall.CallTag{}, Comments: []*aircall.Comment{}, Teams: []*aircall.Team{},
			CallUUID: callUUID, ExternalTransferredTo: "+33612345678", ExternalCallerNumber: "+14155550100",
		}},

		// The addendum's example.
		{"message_received.json", aircall.EventMessageReceived, "message", 1772530500, &aircall.Message{
			ID:         "1779973182949pqnihpvazdyw6336",
			DirectLink: "https://api.aircall.io/v1/numbers/1284757/messages/1779973182949pqnihpvazdyw6336",
			Direction:  aircall.MessageInbound, ExternalNumber: "+44 7474 626067", Body: "Hello", Status: "received",
			MediaDetails: []*aircall.MediaDetail{}, CreatedAt: at("2026-03-03T09:35:00.520Z"), Number: supportLine(),
		}},
		// Epoch-millisecond timestamps, an attachment and a contact.
		{"message_sent.json", aircall.EventMessageSent, "message", 1772530800, shipped()},
		{"message_status_updated.json", aircall.EventMessageStatusUpdated, "message", 1772530805, &aircall.Message{
			ID: "1779973482001abcdefghijkl1234", Direction: aircall.MessageOutbound, ExternalNumber: "+44 7474 626067",
			Body: "Your order has shipped.", Status: "delivered", CreatedAt: ms(1772530799512), UpdatedAt: ms(1772530804950),
			Number: supportLine(),
		}},
		// WhatsApp: channel set, WhatsApp-only attributes, a numeric id.
		{"message_received_whatsapp.json", aircall.EventMessageReceived, "message", 1772531000, &aircall.Message{
			ID: "98765", Direction: aircall.MessageInbound, ExternalNumber: "+33 6 12 34 56 78", Body: "Is my order on its way?",
			Status: "received", Channel: "whatsapp", Type: "text", WhatsAppMessageCategory: "utility",
			WhatsAppMessageType: "free_customer_serivce", RecipientCountry: "FR",
			Metadata:        json.RawMessage(`{"wa_id":"33612345678"}`),
			TemplateContent: json.RawMessage(`null`),
			CreatedAt:       at("2026-03-03T09:43:20Z"), Number: supportLine(),
		}},

		// The addendum's example: participants without "+", kept as sent.
		{"group_message_received.json", aircall.EventGroupMessageReceived, "message", 1772530500, &aircall.GroupMessage{
			ID: "a3f7c821-4e92-4b1d-8c6f-0d5e2a9b3f74", GroupConversationID: "b8d2e047-7f3a-4c85-9e1d-6a4b0c7f2e38",
			Participants: []string{"12025550147", "13105550293", "16465550812"}, Body: "test", Status: "sent",
			CreatedAt: at("2026-03-03T09:35:00.520Z"),
		}},
		// The envelope says "group_message" (allowed by one source).
		{"group_message_sent.json", aircall.EventGroupMessageSent, "group_message", 1772530900, edit(lunch(), func(g *aircall.GroupMessage) {
			g.Direction, g.Status, g.MediaURL = aircall.MessageOutbound, "pending", []string{}
			g.CreatedAt, g.SentAt, g.UpdatedAt = ms(1772530899120), ms(1772530899120), ms(1772530899120)
		})},
		{"group_message_status_updated.json", aircall.EventGroupMessageStatusUpdated, "message", 1772530910, edit(lunch(), func(g *aircall.GroupMessage) {
			g.Status, g.UpdatedAt = "delivered", ms(1772530909800)
		})},

		{"transcription_created.json", aircall.EventTranscriptionCreated, "conversation_intelligence", 1772530860, &aircall.Transcription{
			ID: 9012, CallID: 812, CallUUID: callUUID, NumberID: 1234, Type: aircall.InsightCall,
			CallCreatedAt: at("2026-03-03T09:35:00Z"), CreatedAt: at("2026-03-03T09:40:58Z"),
			Content: aircall.TranscriptionContent{Language: "en", Utterances: []*aircall.Utterance{
				{StartTime: 0.48, EndTime: 3.9, Text: "Hello, thanks for calling.", ParticipantType: "internal", UserID: 456},
				{StartTime: 4.2, EndTime: 6.1, Text: "Hi, I have a question about my order.", ParticipantType: "external", PhoneNumber: "+33612345678"},
			}},
		}},
		// call_id is the numeric string "812" here.
		{"summary_created.json", aircall.EventSummaryCreated, "conversation_intelligence", 1772530872, &aircall.Summary{
			ID: 5520, CallID: 812, CallUUID: callUUID, NumberID: 1234, Type: aircall.InsightCall,
			Content:   "The customer asked about a delayed order; the agent promised a refund by Friday.",
			CreatedAt: at("2026-03-03T09:41:12Z"),
		}},
		{"topics_created.json", aircall.EventTopicsCreated, "conversation_intelligence", 1772530873, &aircall.Topics{
			ID: 4410, CallID: 812, CallUUID: callUUID, CreatedAt: at("2026-03-03T09:41:12Z"), Content: []string{"billing", "refund"},
		}},
		// A non-numeric user_id: that member alone is dropped.
		{"sentiment_created.json", aircall.EventSentimentCreated, "conversation_intelligence", 1772530874, &aircall.Sentiment{
			ID: 3301, CallID: 812, CallUUID: callUUID, CreatedAt: at("2026-03-03T09:41:12Z"),
			Participants: []*aircall.SentimentParticipant{
				{PhoneNumber: "+33612345678", Value: aircall.SentimentPositive, Type: "external"},
				{Value: aircall.SentimentNeutral, Type: "internal"},
			},
		}},
		{"action_item_created.json", aircall.EventActionItemCreated, "conversation_intelligence", 1772530875, &aircall.ActionItem{
			ID: 77, CallID: 812, CallUUID: callUUID, NumberID: 1234, AIGenerated: true,
			Content: "Send the refund confirmation email", CreatedAt: at("2026-03-03T09:41:12Z"),
		}},
		{"playbook_result_created.json", aircall.EventPlaybookResultCreated, "conversation_intelligence", 1772530880, &aircall.PlaybookResult{
			ID: 9911, CallID: 812, CallUUID: callUUID, UserID: 456, NumberID: 1234, AdherenceScore: 0.75,
			Topics: []*aircall.PlaybookTopic{
				{Name: "Budget", Result: json.RawMessage(`"Customer has budget approved for Q3"`)},
				{Name: "Authority", Result: json.RawMessage(`{"met": false}`)},
			},
			Playbook:  &aircall.Playbook{ID: 12, Name: "BANT", Language: "en"},
			CreatedAt: at("2026-03-03T09:41:20Z"),
		}},
		{"playbook_result_updated.json", aircall.EventPlaybookResultUpdated, "conversation_intelligence", 1772534400, &aircall.PlaybookResult{
			ID: 9911, CallID: 812, UserID: 456, NumberID: 1234, AdherenceScore: 80,
			Topics:    []*aircall.PlaybookTopic{{Name: "Budget", Result: json.RawMessage(`"Budget confirmed by the supervisor"`)}},
			UpdatedAt: at("2026-03-03T10:40:00Z"),
		}},
		{"realtime_transcription_utterances_received.json", aircall.EventRealtimeTranscriptionUtterancesReceived, "conversation_intelligence", 1772530510, &aircall.RealtimeTranscription{
			ID:   "rt-7f2c",
			Call: &aircall.RealtimeCall{ID: 812, UUID: callUUID, NumberID: 1234, Direction: aircall.CallInbound},
			Utterances: []*aircall.RealtimeUtterance{{ParticipantType: "external", Timestamp: unix(1772530509), DurationMS: 2300,
				Text: "I have a question about my order.", Language: "en"}},
		}},
		{"custom_summary_result_created.json", aircall.EventCustomSummaryResultCreated, "conversation_intelligence", 1772530890, &aircall.CustomSummaryResult{
			ID: 999, CallID: 812, CallUUID: callUUID, NumberID: 1234, Language: "en", CustomSummary: &aircall.CustomSummary{Name: "BANT"},
			Results: []*aircall.SummaryTemplateResult{
				{Name: "Next steps", Content: "Send pricing proposal by Friday"}, {Name: "Budget", Content: "Approved"},
			},
			CreatedAt: at("2026-03-03T09:41:30Z"),
		}},
		{"custom_summary_result_updated.json", aircall.EventCustomSummaryResultUpdated, "conversation_intelligence", 1772534500, &aircall.CustomSummaryResult{
			ID: 999, CallID: 812, NumberID: 1234, Language: "en", CustomSummary: &aircall.CustomSummary{Name: "BANT"},
			Results:   []*aircall.SummaryTemplateResult{{Name: "Next steps", Content: "Pricing proposal sent"}},
			UpdatedAt: at("2026-03-03T10:41:40Z"),
		}},
		{"call_evaluation_created.json", aircall.EventCallEvaluationCreated, "conversation_intelligence", 1772530895, &aircall.CallEvaluation{
			ID: 3001, CallID: 812, CallUUID: callUUID, AIGenerated: true,
			Evaluations: []json.RawMessage{json.RawMessage(`{"scorecard": {"name": "Support QA"}, "score": {"normalized_score": 0.82}}`)},
			CreatedAt:   at("2026-03-03T09:41:35Z"),
		}},
		{"call_evaluation_updated.json", aircall.EventCallEvaluationUpdated, "conversation_intelligence", 1772534600, &aircall.CallEvaluation{
			ID: 3001, CallID: 812,
			Evaluations: []json.RawMessage{json.RawMessage(`{"scorecard": {"name": "Support QA"}, "score": {"normalized_score": 0.9}}`)},
			UpdatedAt:   at("2026-03-03T10:43:20Z"),
		}},

		{"ai_voice_agent_started.json", aircall.EventAIVoiceAgentStarted, "ai_voice_agent", 1772530501, edit(session(), func(s *aircall.AIVoiceAgentSession) {
			s.ExternalCallerNumber, s.AircallNumber, s.StartedAt = "+14155550100", "+14155550199", unix(1772530501)
		})},
		// The addendum's example.
		{"ai_voice_agent_ended.json", aircall.EventAIVoiceAgentEnded, "ai_voice_agent", 1772530990, edit(session(), func(s *aircall.AIVoiceAgentSession) {
			s.ExternalCallerNumber, s.AircallNumber, s.StartedAt = "+14155550100", "+14155550199", unix(1772530501)
			s.EndedAt, s.CallEndReason = unix(1772530990), "caller_hung_up"
		})},
		{"ai_voice_agent_escalated.json", aircall.EventAIVoiceAgentEscalated, "ai_voice_agent", 1772530700, edit(session(), func(s *aircall.AIVoiceAgentSession) {
			s.EscalationReason = "Caller asked for a human"
		})},
		{"ai_voice_agent_summary.json", aircall.EventAIVoiceAgentSummary, "ai_voice_agent", 1772531000, edit(session(), func(s *aircall.AIVoiceAgentSession) {
			s.ExtractedData = json.RawMessage(`{"first_name": "Jane", "reason": "reschedule appointment"}`)
		})},

		{"analytics_report_created.json", aircall.EventAnalyticsReportCreated, "analytics", 1772531100, &aircall.AnalyticsExport{
			ExportID: "9d3f2a1e-2b6c-4f0a-9c3e-1a2b3c4d5e6f", CreatedAt: at("2026-05-20T09:35:12Z"), Status: aircall.ExportCompleted,
			Format: "CSV", ExportName: "calls-history-may-2026",
			DownloadURL:          "https://aircall-analytics-exports.s3.amazonaws.com/x.csv?X-Amz-Signature=abc123",
			DownloadURLExpiresAt: at("2026-05-20T10:35:12Z"),
		}},
		{"analytics_report_failed.json", aircall.EventAnalyticsReportFailed, "analytics", 1772531200, &aircall.AnalyticsExport{
			ExportID: "7c1e9b2a-4d3f-4a5b-8c6d-2e1f0a9b8c7d", CreatedAt: at("2026-05-20T09:36:00Z"), Status: aircall.ExportFailed,
			ErrorMessage: "Report generation failed: too many rows",
		}},
		// A guessed shape: nothing typed matches, status of the wrong type
		// is dropped; Raw keeps it all.
		{"analytics_report_created_guess.json", aircall.EventAnalyticsReportCreated, "analytics", 1772531300, &aircall.AnalyticsExport{}},
	}
}

// rawOf returns the Raw field of the payloads that keep one.
func rawOf(p any) (json.RawMessage, bool) {
	switch p := p.(type) {
	case *aircall.Message:
		return p.Raw, true
	case *aircall.GroupMessage:
		return p.Raw, true
	case *aircall.Transcription:
		return p.Raw, true
	case *aircall.Summary:
		return p.Raw, true
	case *aircall.Topics:
		return p.Raw, true
	case *aircall.Sentiment:
		return p.Raw, true
	case *aircall.ActionItem:
		return p.Raw, true
	case *aircall.PlaybookResult:
		return p.Raw, true
	case *aircall.RealtimeTranscription:
		return p.Raw, true
	case *aircall.CustomSummaryResult:
		return p.Raw, true
	case *aircall.CallEvaluation:
		return p.Raw, true
	case *aircall.AIVoiceAgentSession:
		return p.Raw, true
	case *aircall.AnalyticsExport:
		return p.Raw, true
	}
	return nil, false
}

func TestParse2026Events(t *testing.T) {
	t.Parallel()
	for _, tc := range parseCases2026() {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			body := fixture(t, tc.file)
			ev, err := Parse(body, Tokens(testToken))
			if err != nil {
				t.Fatal(err)
			}
			if ev.Name != tc.name || ev.Resource != tc.resource || !ev.Timestamp.Equal(time.Unix(tc.ts, 0)) || !ev.Known() {
				t.Errorf("envelope = %s %s %v known=%v, want %s %s %d", ev.Name, ev.Resource, ev.Timestamp, ev.Known(), tc.name, tc.resource, tc.ts)
			}
			if d := cmp.Diff(tc.want, ev.Payload(), cmp2026...); d != "" {
				t.Errorf("data (-want +got):\n%s", d)
			}
			if raw, ok := rawOf(ev.Payload()); ok && !jsonEqual(t, raw, ev.Data) {
				t.Errorf("Raw = %s, want the data object %s", raw, ev.Data)
			}
		})
	}
}

// TestAccessors2026 checks that each accessor returns the payload of its
// own kind only.
func TestAccessors2026(t *testing.T) {
	t.Parallel()
	for _, tc := range parseCases2026() {
		ev, err := Parse(fixture(t, tc.file), Tokens(testToken))
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{
			"Call": ev.Call() != nil, "User": ev.User() != nil, "Message": ev.Message() != nil,
			"GroupMessage": ev.GroupMessage() != nil, "Transcription": ev.Transcription() != nil,
			"Summary": ev.Summary() != nil, "Topics": ev.Topics() != nil, "Sentiment": ev.Sentiment() != nil,
			"ActionItem": ev.ActionItem() != nil, "PlaybookResult": ev.PlaybookResult() != nil,
			"RealtimeTranscription": ev.RealtimeTranscription() != nil, "CustomSummaryResult": ev.CustomSummaryResult() != nil,
			"CallEvaluation": ev.CallEvaluation() != nil, "AIVoiceAgent": ev.AIVoiceAgent() != nil,
			"AnalyticsExport": ev.AnalyticsExport() != nil,
		}
		n := 0
		for _, ok := range got {
			if ok {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d accessors return the payload: %v", tc.file, n, got)
		}
	}
}

func TestEventKinds2026(t *testing.T) {
	t.Parallel()
	if n := len(aircall.Events()); n != 67 {
		t.Errorf("aircall.Events() has %d events, want 67", n)
	}
	for _, e := range aircall.Events() {
		if eventKinds[e] == kindAny {
			t.Errorf("%s has no data type", e)
		}
	}
	for e, want := range map[aircall.Event]dataKind{
		aircall.EventUserClosedV2: kindUser, aircall.EventCallExternalTransferred: kindCall, aircall.EventGroupMessageSent: kindGroupMessage,
		aircall.EventMessageSent: kindMessage, aircall.EventSummaryCreated: kindSummary, aircall.EventPlaybookResultUpdated: kindPlaybookResult,
		aircall.EventAIVoiceAgentSummary: kindAIVoiceAgent, aircall.EventAnalyticsReportFailed: kindAnalyticsExport,
		aircall.EventCallEnded: kindCall, aircall.EventIntegrationDeleted: kindIntegration,
	} {
		if got := eventKinds[e]; got != want {
			t.Errorf("%s: kind %s, want %s", e, got, want)
		}
	}
	for e, want := range map[aircall.Event]string{
		aircall.EventGroupMessageReceived: "message", aircall.EventTopicsCreated: "conversation_intelligence",
		aircall.EventRealtimeTranscriptionUtterancesReceived: "conversation_intelligence", aircall.EventUserWutEndV2: "user",
		aircall.EventAIVoiceAgentStarted: "ai_voice_agent", aircall.EventAnalyticsReportCreated: "analytics",
	} {
		if got := dataResource[e]; got != want {
			t.Errorf("%s: resource %q, want %q", e, got, want)
		}
	}
}

func TestHandlerDispatch2026(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t)
	var got []string
	h.OnUser(aircall.EventUserClosedV2, logTo(&got, func(ev *UserEvent) string { return "OnUser " + string(ev.Name) + " " + ev.User.Name }))
	h.OnAnyUser(logTo(&got, func(ev *UserEvent) string { return "OnAnyUser " + string(ev.Name) }))
	h.OnCall(aircall.EventCallExternalTransferred, logTo(&got, func(ev *CallEvent) string { return "OnCall " + ev.Call.ID.String() }))
	h.OnMessage(aircall.EventMessageReceived, logTo(&got, func(ev *MessageEvent) string { return "OnMessage " + ev.Message.Body }))
	h.OnGroupMessage(aircall.EventGroupMessageSent, logTo(&got, func(ev *GroupMessageEvent) string {
		return "OnGroupMessage " + string(ev.GroupMessage.ID)
	}))
	h.OnAnyMessage(logTo(&got, func(ev *Event) string {
		if ev.Message() != nil {
			return "OnAnyMessage message " + ev.Message().Status
		}
		if ev.GroupMessage() != nil {
			return "OnAnyMessage group " + ev.GroupMessage().Status
		}
		return "OnAnyMessage without a message: " + string(ev.Name)
	}))
	h.OnTranscription(aircall.EventTranscriptionCreated, logTo(&got, func(ev *TranscriptionEvent) string {
		return "OnTranscription " + ev.Transcription.Content.Language
	}))
	h.OnSummary(aircall.EventSummaryCreated, logTo(&got, func(ev *SummaryEvent) string { return "OnSummary " + ev.Summary.CallID.String() }))
	h.OnTopics(aircall.EventTopicsCreated, logTo(&got, func(ev *TopicsEvent) string { return "OnTopics " + strings.Join(ev.Topics.Content, ",") }))
	h.OnSentiment(aircall.EventSentimentCreated, logTo(&got, func(ev *SentimentEvent) string {
		return "OnSentiment " + string(ev.Sentiment.Participants[0].Value)
	}))
	h.OnActionItem(aircall.EventActionItemCreated, logTo(&got, func(ev *ActionItemEvent) string { return "OnActionItem " + ev.ActionItem.Content }))
	h.OnPlaybookResult(aircall.EventPlaybookResultUpdated, logTo(&got, func(ev *PlaybookResultEvent) string {
		return "OnPlaybookResult " + string(ev.Name)
	}))
	h.OnRealtimeTranscription(aircall.EventRealtimeTranscriptionUtterancesReceived, logTo(&got, func(ev *RealtimeTranscriptionEvent) string {
		return "OnRealtimeTranscription " + ev.RealtimeTranscription.ID
	}))
	h.OnCustomSummaryResult(aircall.EventCustomSummaryResultCreated, logTo(&got, func(ev *CustomSummaryResultEvent) string {
		return "OnCustomSummaryResult " + ev.CustomSummaryResult.CustomSummary.Name
	}))
	h.OnCallEvaluation(aircall.EventCallEvaluationCreated, logTo(&got, func(ev *CallEvaluationEvent) string {
		return "OnCallEvaluation " + ev.CallEvaluation.ID.String()
	}))
	h.OnAnyConversationIntelligence(logTo(&got, func(ev *Event) string { return "OnAnyConversationIntelligence " + string(ev.Name) }))
	h.OnAIVoiceAgent(aircall.EventAIVoiceAgentEnded, logTo(&got, func(ev *AIVoiceAgentEvent) string { return "OnAIVoiceAgent " + ev.Session.CallEndReason }))
	h.OnAnyAIVoiceAgent(logTo(&got, func(ev *AIVoiceAgentEvent) string {
		return "OnAnyAIVoiceAgent " + string(ev.Name) + " " + ev.Session.AgentID
	}))
	h.OnAnalytics(aircall.EventAnalyticsReportFailed, logTo(&got, func(ev *AnalyticsEvent) string { return "OnAnalytics " + ev.Export.ErrorMessage }))
	h.OnAnyAnalytics(logTo(&got, func(ev *AnalyticsEvent) string { return "OnAnyAnalytics " + string(ev.Export.Status) }))
	h.Fallback(logTo(&got, func(ev *Event) string { return "Fallback " + string(ev.Name) }))

	// An undocumented event of a new resource still reaches the fallback.
	postAllOK(t, h, []string{
		"user_closed_v2.json", "user_opened_v2.json", "call_external_transferred.json",
		"message_received.json", "message_sent.json", "group_message_sent.json", "group_message_received.json",
		"transcription_created.json", "summary_created.json", "topics_created.json", "sentiment_created.json",
		"action_item_created.json", "playbook_result_updated.json", "playbook_result_created.json",
		"realtime_transcription_utterances_received.json", "custom_summary_result_created.json",
		"call_evaluation_created.json", "call_evaluation_updated.json",
		"ai_voice_agent_ended.json", "ai_voice_agent_started.json",
		"analytics_report_failed.json", "analytics_report_created.json",
	}, "message.teleported", map[string]any{"id": "x"})
	want := []string{
		"OnUser user.closed.v2 Madelaine Dupont",
		"OnAnyUser user.opened.v2",
		"OnCall 123",
		"OnMessage Hello",
		"OnAnyMessage message sent",
		"OnGroupMessage 8f3c2c4e-9c6c-4c8e-9b4a-2c1f7e3d9c52",
		"OnAnyMessage group sent",
		"OnTranscription en",
		"OnSummary 812",
		"OnTopics billing,refund",
		"OnSentiment POSITIVE",
		"OnActionItem Send the refund confirmation email",
		"OnPlaybookResult playbook_result.updated",
		"OnAnyConversationIntelligence playbook_result.created",
		"OnRealtimeTranscription rt-7f2c",
		"OnCustomSummaryResult BANT",
		"OnCallEvaluation 3001",
		"OnAnyConversationIntelligence call_evaluation.updated",
		"OnAIVoiceAgent caller_hung_up",
		"OnAnyAIVoiceAgent ai_voice_agent.started agent-abc123",
		"OnAnalytics Report generation failed: too many rows",
		"OnAnyAnalytics COMPLETED",
		"Fallback message.teleported",
	}
	if d := diff(want, got); d != "" {
		t.Errorf("dispatch (-want +got):\n%s", d)
	}
}

func TestRegistration2026MistakesPanic(t *testing.T) {
	t.Parallel()
	h := newTestHandler(t)
	h.OnMessage(aircall.EventMessageSent, func(context.Context, *MessageEvent) error { return nil })
	h.OnAnyMessage(func(context.Context, *Event) error { return nil })
	for name, f := range map[string]func(){
		"OnMessage with a group message event": func() {
			h.OnMessage(aircall.EventGroupMessageSent, func(context.Context, *MessageEvent) error { return nil })
		},
		"OnSummary with a topics event": func() {
			h.OnSummary(aircall.EventTopicsCreated, func(context.Context, *SummaryEvent) error { return nil })
		},
		"OnCall with an AI voice agent event": func() {
			h.OnCall(aircall.EventAIVoiceAgentEnded, func(context.Context, *CallEvent) error { return nil })
		},
		"OnAnalytics nil": func() { h.OnAnalytics(aircall.EventAnalyticsReportCreated, nil) },
		"OnMessage twice": func() {
			h.OnMessage(aircall.EventMessageSent, func(context.Context, *MessageEvent) error { return nil })
		},
		"OnAnyMessage twice":    func() { h.OnAnyMessage(func(context.Context, *Event) error { return nil }) },
		"OnAnyAIVoiceAgent nil": func() { h.OnAnyAIVoiceAgent(nil) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
