package aircall

// Event names a webhook event, such as "call.ended". Webhooks subscribe to
// events (Webhooks.Create, Webhooks.Update) and the webhook package
// dispatches on them. The constants are every event Aircall documents,
// defined here only: the webhook package imports this one, so its
// handlers take these (h.OnCall(aircall.EventCallEnded, ...)).
type Event string

// Webhook events, by resource.
const (
	EventCallAgentDeclined        Event = "call.agent_declined"
	EventCallAnswered             Event = "call.answered"
	EventCallArchived             Event = "call.archived"
	EventCallAssigned             Event = "call.assigned"
	EventCallCommAssetsGenerated  Event = "call.comm_assets_generated"
	EventCallCommented            Event = "call.commented"
	EventCallCreated              Event = "call.created"
	EventCallEnded                Event = "call.ended"
	EventCallHold                 Event = "call.hold"
	EventCallHungup               Event = "call.hungup"
	EventCallIvrOptionSelected    Event = "call.ivr_option_selected"
	EventCallRingingOnAgent       Event = "call.ringing_on_agent"
	EventCallTagged               Event = "call.tagged"
	EventCallTransferred          Event = "call.transferred"
	EventCallUnhold               Event = "call.unhold"
	EventCallUnsuccessfulTransfer Event = "call.unsuccessful_transfer"
	EventCallUntagged             Event = "call.untagged"
	EventCallVoicemailLeft        Event = "call.voicemail_left"
	EventContactCreated           Event = "contact.created"
	EventContactDeleted           Event = "contact.deleted"
	EventContactUpdated           Event = "contact.updated"
	EventIntegrationDeleted       Event = "integration.deleted"
	EventNumberClosed             Event = "number.closed"
	EventNumberCreated            Event = "number.created"
	EventNumberDeleted            Event = "number.deleted"
	EventNumberOpened             Event = "number.opened"
	// EventUserClosed is a User events V1 event.
	//
	// Deprecated: Aircall is deprecating User events V1 (no date announced);
	// subscribe to EventUserClosedV2 instead.
	EventUserClosed Event = "user.closed"
	// EventUserConnected is a User events V1 event.
	//
	// Deprecated: Aircall is deprecating User events V1 (no date announced);
	// subscribe to EventUserConnectedV2 instead.
	EventUserConnected Event = "user.connected"
	// EventUserCreated is a User events V1 event.
	//
	// Deprecated: Aircall is deprecating User events V1 (no date announced);
	// subscribe to EventUserCreatedV2 instead.
	EventUserCreated Event = "user.created"
	// EventUserDeleted is a User events V1 event.
	//
	// Deprecated: Aircall is deprecating User events V1 (no date announced);
	// subscribe to EventUserDeletedV2 instead.
	EventUserDeleted Event = "user.deleted"
	// EventUserDisconnected is a User events V1 event.
	//
	// Deprecated: Aircall is deprecating User events V1 (no date announced);
	// subscribe to EventUserDisconnectedV2 instead.
	EventUserDisconnected Event = "user.disconnected"
	// EventUserOpened is a User events V1 event.
	//
	// Deprecated: Aircall is deprecating User events V1 (no date announced);
	// subscribe to EventUserOpenedV2 instead.
	EventUserOpened Event = "user.opened"
	// EventUserWutEnd is a User events V1 event.
	//
	// Deprecated: Aircall is deprecating User events V1 (no date announced);
	// subscribe to EventUserWutEndV2 instead.
	EventUserWutEnd Event = "user.wut_end"
	// EventUserWutStart is a User events V1 event.
	//
	// Deprecated: Aircall is deprecating User events V1 (no date announced);
	// subscribe to EventUserWutStartV2 instead.
	EventUserWutStart Event = "user.wut_start"
)

// Events added to the API since 2024 (webhook-events-additions.tsv): the
// external transfer, User events V2 (data: the User V2 object), messaging
// (resource "message"), conversation intelligence (resource
// "conversation_intelligence"), AI voice agent and analytics events.
const (
	EventCallExternalTransferred                 Event = "call.external_transferred"
	EventUserCreatedV2                           Event = "user.created.v2"
	EventUserDeletedV2                           Event = "user.deleted.v2"
	EventUserConnectedV2                         Event = "user.connected.v2"
	EventUserDisconnectedV2                      Event = "user.disconnected.v2"
	EventUserOpenedV2                            Event = "user.opened.v2"
	EventUserClosedV2                            Event = "user.closed.v2"
	EventUserWutStartV2                          Event = "user.wut_start.v2"
	EventUserWutEndV2                            Event = "user.wut_end.v2"
	EventMessageSent                             Event = "message.sent"
	EventMessageReceived                         Event = "message.received"
	EventMessageStatusUpdated                    Event = "message.status_updated"
	EventGroupMessageSent                        Event = "group_message.sent"
	EventGroupMessageReceived                    Event = "group_message.received"
	EventGroupMessageStatusUpdated               Event = "group_message.status_updated"
	EventTranscriptionCreated                    Event = "transcription.created"
	EventSummaryCreated                          Event = "summary.created"
	EventTopicsCreated                           Event = "topics.created"
	EventSentimentCreated                        Event = "sentiment.created"
	EventActionItemCreated                       Event = "action_item.created"
	EventPlaybookResultCreated                   Event = "playbook_result.created"
	EventPlaybookResultUpdated                   Event = "playbook_result.updated"
	EventRealtimeTranscriptionUtterancesReceived Event = "realtime_transcription.utterances_received"
	EventCustomSummaryResultCreated              Event = "custom_summary.result_created"
	EventCustomSummaryResultUpdated              Event = "custom_summary.result_updated"
	EventCallEvaluationCreated                   Event = "call_evaluation.created"
	EventCallEvaluationUpdated                   Event = "call_evaluation.updated"
	EventAIVoiceAgentStarted                     Event = "ai_voice_agent.started"
	EventAIVoiceAgentEnded                       Event = "ai_voice_agent.ended"
	EventAIVoiceAgentEscalated                   Event = "ai_voice_agent.escalated"
	EventAIVoiceAgentSummary                     Event = "ai_voice_agent.summary"
	EventAnalyticsReportCreated                  Event = "analytics.report_created"
	EventAnalyticsReportFailed                   Event = "analytics.report_failed"
)

// Events returns every documented event, in the order of the documentation.
func Events() []Event {
	return []Event{
		EventCallAgentDeclined,
		EventCallAnswered,
		EventCallArchived,
		EventCallAssigned,
		EventCallCommAssetsGenerated,
		EventCallCommented,
		EventCallCreated,
		EventCallEnded,
		EventCallHold,
		EventCallHungup,
		EventCallIvrOptionSelected,
		EventCallRingingOnAgent,
		EventCallTagged,
		EventCallTransferred,
		EventCallUnhold,
		EventCallUnsuccessfulTransfer,
		EventCallUntagged,
		EventCallVoicemailLeft,
		EventContactCreated,
		EventContactDeleted,
		EventContactUpdated,
		EventIntegrationDeleted,
		EventNumberClosed,
		EventNumberCreated,
		EventNumberDeleted,
		EventNumberOpened,
		EventUserClosed,
		EventUserConnected,
		EventUserCreated,
		EventUserDeleted,
		EventUserDisconnected,
		EventUserOpened,
		EventUserWutEnd,
		EventUserWutStart,
		EventCallExternalTransferred,
		EventUserCreatedV2,
		EventUserDeletedV2,
		EventUserConnectedV2,
		EventUserDisconnectedV2,
		EventUserOpenedV2,
		EventUserClosedV2,
		EventUserWutStartV2,
		EventUserWutEndV2,
		EventMessageSent,
		EventMessageReceived,
		EventMessageStatusUpdated,
		EventGroupMessageSent,
		EventGroupMessageReceived,
		EventGroupMessageStatusUpdated,
		EventTranscriptionCreated,
		EventSummaryCreated,
		EventTopicsCreated,
		EventSentimentCreated,
		EventActionItemCreated,
		EventPlaybookResultCreated,
		EventPlaybookResultUpdated,
		EventRealtimeTranscriptionUtterancesReceived,
		EventCustomSummaryResultCreated,
		EventCustomSummaryResultUpdated,
		EventCallEvaluationCreated,
		EventCallEvaluationUpdated,
		EventAIVoiceAgentStarted,
		EventAIVoiceAgentEnded,
		EventAIVoiceAgentEscalated,
		EventAIVoiceAgentSummary,
		EventAnalyticsReportCreated,
		EventAnalyticsReportFailed,
	}
}

// eventResources are the envelope resources of the events whose name does
// not start with their resource: group messages travel as "message" (one
// source allows "group_message" in the envelope too) and every
// conversation intelligence event as "conversation_intelligence".
var eventResources = map[Event]string{
	EventGroupMessageSent:                        "message",
	EventGroupMessageReceived:                    "message",
	EventGroupMessageStatusUpdated:               "message",
	EventTranscriptionCreated:                    "conversation_intelligence",
	EventSummaryCreated:                          "conversation_intelligence",
	EventTopicsCreated:                           "conversation_intelligence",
	EventSentimentCreated:                        "conversation_intelligence",
	EventActionItemCreated:                       "conversation_intelligence",
	EventPlaybookResultCreated:                   "conversation_intelligence",
	EventPlaybookResultUpdated:                   "conversation_intelligence",
	EventRealtimeTranscriptionUtterancesReceived: "conversation_intelligence",
	EventCustomSummaryResultCreated:              "conversation_intelligence",
	EventCustomSummaryResultUpdated:              "conversation_intelligence",
	EventCallEvaluationCreated:                   "conversation_intelligence",
	EventCallEvaluationUpdated:                   "conversation_intelligence",
}

// Resource returns the envelope resource of e: "call" for "call.ended",
// "message" for "group_message.sent", "conversation_intelligence" for
// "summary.created"; for other names, the part before the first dot.
func (e Event) Resource() string {
	if r, ok := eventResources[e]; ok {
		return r
	}
	for i := 0; i < len(e); i++ {
		if e[i] == '.' {
			return string(e[:i])
		}
	}
	return ""
}

// Known reports whether e is one of the documented events.
func (e Event) Known() bool {
	for _, k := range Events() {
		if k == e {
			return true
		}
	}
	return false
}
