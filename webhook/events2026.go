package webhook

import (
	"context"
	"fmt"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Resources added since 2024. Group message events are routed as
// ResourceMessage whatever their envelope says ("message" in the examples,
// "group_message" in one source); Event.Resource keeps the envelope's value.
const (
	ResourceMessage                  = "message"
	ResourceConversationIntelligence = "conversation_intelligence"
	ResourceAIVoiceAgent             = "ai_voice_agent"
	ResourceAnalytics                = "analytics"
)

// dataKind is the Go type of an event's data.
type dataKind uint8

const (
	kindAny dataKind = iota // no event has it: registration for any kind
	kindCall
	kindUser
	kindNumber
	kindContact
	kindIntegration
	kindMessage
	kindGroupMessage
	kindTranscription
	kindSummary
	kindTopics
	kindSentiment
	kindActionItem
	kindPlaybookResult
	kindRealtimeTranscription
	kindCustomSummaryResult
	kindCallEvaluation
	kindAIVoiceAgent
	kindAnalyticsExport
)

// kinds gives each kind its type's name, constructor and resource ID.
var kinds = [...]kindInfo{
	kindAny:                   {name: "any type"},
	kindCall:                  kindOf(func(v *aircall.Call) aircall.ID { return v.ID }),
	kindUser:                  kindOf(func(v *aircall.User) aircall.ID { return v.ID }),
	kindNumber:                kindOf(func(v *aircall.Number) aircall.ID { return v.ID }),
	kindContact:               kindOf(func(v *aircall.Contact) aircall.ID { return v.ID }),
	kindIntegration:           kindOf(func(v *Integration) aircall.ID { return v.IntegrationID }),
	kindMessage:               kindOf[aircall.Message](nil),
	kindGroupMessage:          kindOf[aircall.GroupMessage](nil),
	kindTranscription:         kindOf(func(v *aircall.Transcription) aircall.ID { return v.ID }),
	kindSummary:               kindOf(func(v *aircall.Summary) aircall.ID { return v.ID }),
	kindTopics:                kindOf(func(v *aircall.Topics) aircall.ID { return v.ID }),
	kindSentiment:             kindOf(func(v *aircall.Sentiment) aircall.ID { return v.ID }),
	kindActionItem:            kindOf(func(v *aircall.ActionItem) aircall.ID { return v.ID }),
	kindPlaybookResult:        kindOf(func(v *aircall.PlaybookResult) aircall.ID { return v.ID }),
	kindRealtimeTranscription: kindOf[aircall.RealtimeTranscription](nil),
	kindCustomSummaryResult:   kindOf(func(v *aircall.CustomSummaryResult) aircall.ID { return v.ID }),
	kindCallEvaluation:        kindOf(func(v *aircall.CallEvaluation) aircall.ID { return v.ID }),
	kindAIVoiceAgent:          kindOf(func(v *aircall.AIVoiceAgentSession) aircall.ID { return v.ID }),
	kindAnalyticsExport:       kindOf[aircall.AnalyticsExport](nil),
}

// kindInfo is what the Handler knows of a kind's type T.
type kindInfo struct {
	name string
	new  func() any
	// id returns the resource ID of a payload of type T (0 for the types
	// without a numeric id, such as messages, whose ids are strings), and
	// reports whether the payload is a T.
	id func(payload any) (aircall.ID, bool)
}

// kindOf returns the kindInfo of type T, whose resource ID id reads (nil:
// T has no numeric id).
func kindOf[T any](id func(*T) aircall.ID) kindInfo {
	return kindInfo{name: fmt.Sprintf("%T", (*T)(nil)), new: func() any { return new(T) }, id: func(payload any) (aircall.ID, bool) {
		v, ok := payload.(*T)
		if !ok || id == nil {
			return 0, ok
		}
		return id(v), true
	}}
}

// String names the Go type of the kind.
func (k dataKind) String() string { return kinds[k].name }

// new returns a new value of the kind's type.
func (k dataKind) new() any { return kinds[k].new() }

// eventKinds is the per-event table of data types: every documented event
// (aircall.Events) and the type its data decodes to. User .v2 events carry
// the User V2 object (*aircall.User, like V1), call.external_transferred a
// Call.
var eventKinds = func() map[aircall.Event]dataKind {
	byResource := map[string]dataKind{
		ResourceCall:         kindCall,
		ResourceUser:         kindUser,
		ResourceNumber:       kindNumber,
		ResourceContact:      kindContact,
		ResourceIntegration:  kindIntegration,
		ResourceAIVoiceAgent: kindAIVoiceAgent,
		ResourceAnalytics:    kindAnalyticsExport,
	}
	byEvent := map[aircall.Event]dataKind{
		aircall.EventMessageSent:                             kindMessage,
		aircall.EventMessageReceived:                         kindMessage,
		aircall.EventMessageStatusUpdated:                    kindMessage,
		aircall.EventGroupMessageSent:                        kindGroupMessage,
		aircall.EventGroupMessageReceived:                    kindGroupMessage,
		aircall.EventGroupMessageStatusUpdated:               kindGroupMessage,
		aircall.EventTranscriptionCreated:                    kindTranscription,
		aircall.EventSummaryCreated:                          kindSummary,
		aircall.EventTopicsCreated:                           kindTopics,
		aircall.EventSentimentCreated:                        kindSentiment,
		aircall.EventActionItemCreated:                       kindActionItem,
		aircall.EventPlaybookResultCreated:                   kindPlaybookResult,
		aircall.EventPlaybookResultUpdated:                   kindPlaybookResult,
		aircall.EventRealtimeTranscriptionUtterancesReceived: kindRealtimeTranscription,
		aircall.EventCustomSummaryResultCreated:              kindCustomSummaryResult,
		aircall.EventCustomSummaryResultUpdated:              kindCustomSummaryResult,
		aircall.EventCallEvaluationCreated:                   kindCallEvaluation,
		aircall.EventCallEvaluationUpdated:                   kindCallEvaluation,
	}
	m := make(map[aircall.Event]dataKind, len(aircall.Events()))
	for _, e := range aircall.Events() {
		k, ok := byEvent[e]
		if !ok {
			k = byResource[e.Resource()]
		}
		if k == kindAny {
			panic("webhook: no data type for event " + string(e))
		}
		m[e] = k
	}
	return m
}()

// as returns e's payload as a *T, or nil.
func as[T any](e *Event) *T { p, _ := e.payload.(*T); return p }

// Message returns the message of a message.* event, or nil.
func (e *Event) Message() *aircall.Message { return as[aircall.Message](e) }

// GroupMessage returns the message of a group_message.* event, or nil.
func (e *Event) GroupMessage() *aircall.GroupMessage { return as[aircall.GroupMessage](e) }

// Transcription returns the data of a transcription.created event, or nil.
func (e *Event) Transcription() *aircall.Transcription { return as[aircall.Transcription](e) }

// Summary returns the data of a summary.created event, or nil.
func (e *Event) Summary() *aircall.Summary { return as[aircall.Summary](e) }

// Topics returns the data of a topics.created event, or nil.
func (e *Event) Topics() *aircall.Topics { return as[aircall.Topics](e) }

// Sentiment returns the data of a sentiment.created event, or nil.
func (e *Event) Sentiment() *aircall.Sentiment { return as[aircall.Sentiment](e) }

// ActionItem returns the data of an action_item.created event, or nil.
func (e *Event) ActionItem() *aircall.ActionItem { return as[aircall.ActionItem](e) }

// PlaybookResult returns the data of a playbook_result.* event, or nil.
func (e *Event) PlaybookResult() *aircall.PlaybookResult { return as[aircall.PlaybookResult](e) }

// RealtimeTranscription returns the data of a
// realtime_transcription.utterances_received event, or nil.
func (e *Event) RealtimeTranscription() *aircall.RealtimeTranscription {
	return as[aircall.RealtimeTranscription](e)
}

// CustomSummaryResult returns the data of a custom_summary.* event, or nil.
func (e *Event) CustomSummaryResult() *aircall.CustomSummaryResult {
	return as[aircall.CustomSummaryResult](e)
}

// CallEvaluation returns the data of a call_evaluation.* event, or nil.
func (e *Event) CallEvaluation() *aircall.CallEvaluation { return as[aircall.CallEvaluation](e) }

// AIVoiceAgent returns the session of an ai_voice_agent.* event, or nil.
func (e *Event) AIVoiceAgent() *aircall.AIVoiceAgentSession {
	return as[aircall.AIVoiceAgentSession](e)
}

// AnalyticsExport returns the export of an analytics.* event, or nil. Its
// shape is not documented: read AnalyticsExport.Raw for what is not typed.
func (e *Event) AnalyticsExport() *aircall.AnalyticsExport { return as[aircall.AnalyticsExport](e) }

// MessageEvent is a message.* event with its message.
type MessageEvent struct {
	*Event
	// Message is never nil.
	Message *aircall.Message
}

// GroupMessageEvent is a group_message.* event with its message.
type GroupMessageEvent struct {
	*Event
	// GroupMessage is never nil.
	GroupMessage *aircall.GroupMessage
}

// TranscriptionEvent is a transcription.created event.
type TranscriptionEvent struct {
	*Event
	// Transcription is never nil.
	Transcription *aircall.Transcription
}

// SummaryEvent is a summary.created event.
type SummaryEvent struct {
	*Event
	// Summary is never nil.
	Summary *aircall.Summary
}

// TopicsEvent is a topics.created event.
type TopicsEvent struct {
	*Event
	// Topics is never nil.
	Topics *aircall.Topics
}

// SentimentEvent is a sentiment.created event.
type SentimentEvent struct {
	*Event
	// Sentiment is never nil.
	Sentiment *aircall.Sentiment
}

// ActionItemEvent is an action_item.created event.
type ActionItemEvent struct {
	*Event
	// ActionItem is never nil.
	ActionItem *aircall.ActionItem
}

// PlaybookResultEvent is a playbook_result.created or .updated event.
type PlaybookResultEvent struct {
	*Event
	// PlaybookResult is never nil.
	PlaybookResult *aircall.PlaybookResult
}

// RealtimeTranscriptionEvent is a realtime_transcription.utterances_received
// event.
type RealtimeTranscriptionEvent struct {
	*Event
	// RealtimeTranscription is never nil.
	RealtimeTranscription *aircall.RealtimeTranscription
}

// CustomSummaryResultEvent is a custom_summary.result_created or
// .result_updated event.
type CustomSummaryResultEvent struct {
	*Event
	// CustomSummaryResult is never nil.
	CustomSummaryResult *aircall.CustomSummaryResult
}

// CallEvaluationEvent is a call_evaluation.created or .updated event.
type CallEvaluationEvent struct {
	*Event
	// CallEvaluation is never nil.
	CallEvaluation *aircall.CallEvaluation
}

// AIVoiceAgentEvent is an ai_voice_agent.* event with its session.
type AIVoiceAgentEvent struct {
	*Event
	// Session is never nil.
	Session *aircall.AIVoiceAgentSession
}

// AnalyticsEvent is an analytics.* event with its export.
type AnalyticsEvent struct {
	*Event
	// Export is never nil; its shape is not documented (see Export.Raw).
	Export *aircall.AnalyticsExport
}

// adapter turns fn, a handler of events of data *T wrapped by wrap, into a
// handler of *Event.
func adapter[T, E any](wrap func(*Event, *T) *E, fn func(context.Context, *E) error) func(context.Context, *Event) error {
	return func(ctx context.Context, ev *Event) error {
		p := as[T](ev)
		if p == nil {
			return errNoData
		}
		return fn(ctx, wrap(ev, p))
	}
}

// onTyped registers fn for name after the checks of OnCall.
func onTyped[T, E any](h *Handler, method string, name aircall.Event, k dataKind, wrap func(*Event, *T) *E, fn func(context.Context, *E) error) {
	mustFn(method, fn != nil)
	h.register(method, name, k, adapter(wrap, fn))
}

// onAnyTyped registers fn for the events of resource res after the checks
// of OnAnyCall.
func onAnyTyped[T, E any](h *Handler, method, res string, wrap func(*Event, *T) *E, fn func(context.Context, *E) error) {
	mustFn(method, fn != nil)
	h.registerResource(method, res, adapter(wrap, fn))
}

// OnMessage registers fn for a message event (aircall.EventMessageSent,
// aircall.EventMessageReceived, aircall.EventMessageStatusUpdated). It panics like OnCall.
func (h *Handler) OnMessage(name aircall.Event, fn func(ctx context.Context, ev *MessageEvent) error) {
	onTyped(h, "OnMessage", name, kindMessage, func(e *Event, m *aircall.Message) *MessageEvent { return &MessageEvent{e, m} }, fn)
}

// OnGroupMessage registers fn for a group message event
// (aircall.EventGroupMessageSent, aircall.EventGroupMessageReceived, aircall.EventGroupMessageStatusUpdated). It
// panics like OnCall.
func (h *Handler) OnGroupMessage(name aircall.Event, fn func(ctx context.Context, ev *GroupMessageEvent) error) {
	onTyped(h, "OnGroupMessage", name, kindGroupMessage, func(e *Event, m *aircall.GroupMessage) *GroupMessageEvent { return &GroupMessageEvent{e, m} }, fn)
}

// OnTranscription registers fn for aircall.EventTranscriptionCreated. It panics like
// OnCall.
func (h *Handler) OnTranscription(name aircall.Event, fn func(ctx context.Context, ev *TranscriptionEvent) error) {
	onTyped(h, "OnTranscription", name, kindTranscription, func(e *Event, t *aircall.Transcription) *TranscriptionEvent { return &TranscriptionEvent{e, t} }, fn)
}

// OnSummary registers fn for aircall.EventSummaryCreated. It panics like OnCall.
func (h *Handler) OnSummary(name aircall.Event, fn func(ctx context.Context, ev *SummaryEvent) error) {
	onTyped(h, "OnSummary", name, kindSummary, func(e *Event, s *aircall.Summary) *SummaryEvent { return &SummaryEvent{e, s} }, fn)
}

// OnTopics registers fn for aircall.EventTopicsCreated. It panics like OnCall.
func (h *Handler) OnTopics(name aircall.Event, fn func(ctx context.Context, ev *TopicsEvent) error) {
	onTyped(h, "OnTopics", name, kindTopics, func(e *Event, t *aircall.Topics) *TopicsEvent { return &TopicsEvent{e, t} }, fn)
}

// OnSentiment registers fn for aircall.EventSentimentCreated. It panics like OnCall.
func (h *Handler) OnSentiment(name aircall.Event, fn func(ctx context.Context, ev *SentimentEvent) error) {
	onTyped(h, "OnSentiment", name, kindSentiment, func(e *Event, s *aircall.Sentiment) *SentimentEvent { return &SentimentEvent{e, s} }, fn)
}

// OnActionItem registers fn for aircall.EventActionItemCreated. It panics like OnCall.
func (h *Handler) OnActionItem(name aircall.Event, fn func(ctx context.Context, ev *ActionItemEvent) error) {
	onTyped(h, "OnActionItem", name, kindActionItem, func(e *Event, a *aircall.ActionItem) *ActionItemEvent { return &ActionItemEvent{e, a} }, fn)
}

// OnPlaybookResult registers fn for aircall.EventPlaybookResultCreated or
// aircall.EventPlaybookResultUpdated. It panics like OnCall.
func (h *Handler) OnPlaybookResult(name aircall.Event, fn func(ctx context.Context, ev *PlaybookResultEvent) error) {
	onTyped(h, "OnPlaybookResult", name, kindPlaybookResult, func(e *Event, p *aircall.PlaybookResult) *PlaybookResultEvent { return &PlaybookResultEvent{e, p} }, fn)
}

// OnRealtimeTranscription registers fn for
// aircall.EventRealtimeTranscriptionUtterancesReceived. It panics like OnCall.
func (h *Handler) OnRealtimeTranscription(name aircall.Event, fn func(ctx context.Context, ev *RealtimeTranscriptionEvent) error) {
	onTyped(h, "OnRealtimeTranscription", name, kindRealtimeTranscription, func(e *Event, r *aircall.RealtimeTranscription) *RealtimeTranscriptionEvent {
		return &RealtimeTranscriptionEvent{e, r}
	}, fn)
}

// OnCustomSummaryResult registers fn for aircall.EventCustomSummaryResultCreated or
// aircall.EventCustomSummaryResultUpdated. It panics like OnCall.
func (h *Handler) OnCustomSummaryResult(name aircall.Event, fn func(ctx context.Context, ev *CustomSummaryResultEvent) error) {
	onTyped(h, "OnCustomSummaryResult", name, kindCustomSummaryResult, func(e *Event, c *aircall.CustomSummaryResult) *CustomSummaryResultEvent {
		return &CustomSummaryResultEvent{e, c}
	}, fn)
}

// OnCallEvaluation registers fn for aircall.EventCallEvaluationCreated or
// aircall.EventCallEvaluationUpdated. It panics like OnCall.
func (h *Handler) OnCallEvaluation(name aircall.Event, fn func(ctx context.Context, ev *CallEvaluationEvent) error) {
	onTyped(h, "OnCallEvaluation", name, kindCallEvaluation, func(e *Event, c *aircall.CallEvaluation) *CallEvaluationEvent { return &CallEvaluationEvent{e, c} }, fn)
}

// OnAIVoiceAgent registers fn for an AI voice agent event
// (aircall.EventAIVoiceAgentStarted, aircall.EventAIVoiceAgentEnded, aircall.EventAIVoiceAgentEscalated,
// aircall.EventAIVoiceAgentSummary). It panics like OnCall.
func (h *Handler) OnAIVoiceAgent(name aircall.Event, fn func(ctx context.Context, ev *AIVoiceAgentEvent) error) {
	onTyped(h, "OnAIVoiceAgent", name, kindAIVoiceAgent, wrapAIVoiceAgent, fn)
}

// OnAnalytics registers fn for aircall.EventAnalyticsReportCreated or
// aircall.EventAnalyticsReportFailed. It panics like OnCall.
func (h *Handler) OnAnalytics(name aircall.Event, fn func(ctx context.Context, ev *AnalyticsEvent) error) {
	onTyped(h, "OnAnalytics", name, kindAnalyticsExport, wrapAnalytics, fn)
}

func wrapAIVoiceAgent(e *Event, s *aircall.AIVoiceAgentSession) *AIVoiceAgentEvent {
	return &AIVoiceAgentEvent{e, s}
}

func wrapAnalytics(e *Event, x *aircall.AnalyticsExport) *AnalyticsEvent {
	return &AnalyticsEvent{e, x}
}

// OnAnyMessage registers fn for every message.* and group_message.* event
// that has no handler of its own; fn reads the data with ev.Message() or
// ev.GroupMessage(). It panics like OnAnyCall.
func (h *Handler) OnAnyMessage(fn func(ctx context.Context, ev *Event) error) {
	h.registerResource("OnAnyMessage", ResourceMessage, fn)
}

// OnAnyConversationIntelligence registers fn for every conversation
// intelligence event (transcription, summary, topics, sentiment, action
// items, playbook results, custom summaries, evaluations, realtime
// utterances) that has no handler of its own; fn reads the data with the
// Event accessor of its kind (ev.Summary(), ev.Transcription(), ...) or a
// type switch on ev.Payload(). It panics like OnAnyCall.
func (h *Handler) OnAnyConversationIntelligence(fn func(ctx context.Context, ev *Event) error) {
	h.registerResource("OnAnyConversationIntelligence", ResourceConversationIntelligence, fn)
}

// OnAnyAIVoiceAgent registers fn for every AI voice agent event that has no
// handler of its own. It panics like OnAnyCall.
func (h *Handler) OnAnyAIVoiceAgent(fn func(ctx context.Context, ev *AIVoiceAgentEvent) error) {
	onAnyTyped(h, "OnAnyAIVoiceAgent", ResourceAIVoiceAgent, wrapAIVoiceAgent, fn)
}

// OnAnyAnalytics registers fn for every analytics event that has no
// handler of its own. It panics like OnAnyCall.
func (h *Handler) OnAnyAnalytics(fn func(ctx context.Context, ev *AnalyticsEvent) error) {
	onAnyTyped(h, "OnAnyAnalytics", ResourceAnalytics, wrapAnalytics, fn)
}
