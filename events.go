package aircall

// Event names a webhook event, such as "call.ended". Webhooks subscribe to
// events (Webhooks.Create, Webhooks.Update) and the webhook package
// dispatches on them. The constants are every event Aircall documents.
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
	EventUserClosed               Event = "user.closed"
	EventUserConnected            Event = "user.connected"
	EventUserCreated              Event = "user.created"
	EventUserDeleted              Event = "user.deleted"
	EventUserDisconnected         Event = "user.disconnected"
	EventUserOpened               Event = "user.opened"
	EventUserWutEnd               Event = "user.wut_end"
	EventUserWutStart             Event = "user.wut_start"
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
	}
}

// Resource returns the resource part of e: "call" for "call.ended".
func (e Event) Resource() string {
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
