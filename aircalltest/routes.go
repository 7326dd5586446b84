package aircalltest

import (
	"net/http"
	"strings"
)

// routes registers every endpoint of endpoints.tsv and
// endpoints-additions.tsv. Patterns are written in
// the endpoints.tsv form and converted to ServeMux patterns.
func (s *Server) routes() {
	for _, rt := range []struct {
		pattern string
		h       http.HandlerFunc
	}{
		{"GET /v1/ping", s.ping},
		{"POST /v1/oauth/token", s.oauthToken},

		{"GET /v1/users", s.listRoute(s.listUsers)},
		{"GET /v1/users/:id", getRoute(s, "user", atParam(s.user, "id"), s.userAnswer)},
		{"POST /v1/users", bodyRoute(s, unprocessable, s.createUser)},
		{"PUT /v1/users/:id", recordBodyRoute(s, unprocessable, atParam(s.user, "id"), s.updateUser)},
		{"DELETE /v1/users/:id", recordRoute(s, atParam(s.user, "id"), s.deleteUser)},
		// Users v2: the v1 handlers, answering the v2 user shape.
		{"GET /v2/users", s.listRoute(s.listUsers)},
		{"GET /v2/users/:id", getRoute(s, "user", atParam(s.user, "id"), s.userAnswer)},
		{"POST /v2/users", bodyRoute(s, unprocessable, s.createUser)},
		{"PUT /v2/users/:id", recordBodyRoute(s, unprocessable, atParam(s.user, "id"), s.updateUser)},
		{"GET /v2/users/:id/numbers", s.listRoute(s.listUserNumbers)},
		{"GET /v1/users/availabilities", s.listRoute(s.listAvailabilities)},
		{"GET /v1/users/:id/availability", getRoute(s, "availability", atParam(s.user, "id"), stateView(s, (*state).detailedAvailability))},
		{"POST /v1/users/:id/calls", recordBodyRoute(s, badRequest, atParam(s.user, "id"), s.startCall)},
		{"POST /v1/users/:id/dial", bodyRoute(s, badRequest, s.dial)},

		{"GET /v1/users/:user_id/dialer_campaign", s.getDialer},
		{"POST /v1/users/:user_id/dialer_campaign", bodyRoute(s, unprocessable, s.createDialer)},
		{"DELETE /v1/users/:user_id/dialer_campaign", s.deleteDialer},
		{"GET /v1/users/:user_id/dialer_campaign/phone_numbers", s.listDialerNumbers},
		{"POST /v1/users/:user_id/dialer_campaign/phone_numbers", bodyRoute(s, unprocessable, s.addDialerNumbers)},
		{"DELETE /v1/users/:user_id/dialer_campaign/phone_numbers/:id", s.deleteDialerNumber},

		{"GET /v1/teams", s.listRoute(s.listTeams)},
		{"GET /v1/teams/:id", getRoute(s, "team", atParam(s.team, "id"), stateView(s, (*state).teamView))},
		{"POST /v1/teams", bodyRoute(s, badRequest, s.createTeam)},
		{"DELETE /v1/teams/:id", recordRoute(s, atParam(s.team, "id"), s.deleteTeam)},
		{"POST /v1/teams/:team_id/users/:user_id", s.teamMemberRoute(s.addTeamUser)},
		{"DELETE /v1/teams/:team_id/users/:user_id", s.teamMemberRoute(s.removeTeamUser)},

		{"GET /v1/calls", s.listRoute(s.listCalls)},
		{"GET /v1/calls/:id", getRoute(s, "call", s.call, s.callView)},
		{"GET /v1/calls/search", s.searchCalls},
		{"POST /v1/calls/:id/transfers", bodyRoute(s, badRequest, s.transferCall)},
		{"POST /v1/calls/:id/comments", recordBodyRoute(s, badRequest, s.call, s.commentCall)},
		{"POST /v1/calls/:id/tags", recordBodyRoute(s, badRequest, s.call, s.tagCall)},
		{"PUT /v1/calls/:id/archive", s.archiveCall(true)},
		{"PUT /v1/calls/:id/unarchive", s.archiveCall(false)},
		{"POST /v1/calls/:id/pause_recording", s.recordingControl(true)},
		{"POST /v1/calls/:id/resume_recording", s.recordingControl(false)},
		{"DELETE /v1/calls/:id/recording", s.deleteCallAsset(true)},
		{"DELETE /v1/calls/:id/voicemail", s.deleteCallAsset(false)},
		{"POST /v1/calls/:id/insight_cards", recordBodyRoute(s, malformed, s.call, s.insightCard)},

		{"GET /v1/calls/:id/transcription", s.aiRoute(true, s.getTranscription)},
		{"GET /v1/calls/:id/realtime_transcription", s.aiRoute(true, s.getRealtimeTranscription)},
		{"GET /v1/calls/:id/sentiments", s.aiRoute(false, s.getSentiments)},
		{"GET /v1/calls/:id/topics", s.aiRoute(false, s.getTopics)},
		{"GET /v1/calls/:id/summary", s.aiRoute(true, s.getSummary)},
		{"GET /v1/calls/:id/action_items", s.aiRoute(false, s.getActionItems)},
		{"GET /v1/calls/:id/playbook_result", s.aiRoute(false, s.getPlaybookResult)},
		{"GET /v1/calls/:id/custom_summary_result", s.aiRoute(false, s.getCustomSummary)},
		{"GET /v1/calls/:id/evaluations", s.aiRoute(false, s.getEvaluations)},
		{"GET /v1/calls/:id/predicted_csat", s.aiRoute(false, s.getPredictedCSAT)},

		{"POST /v1/numbers/:id/messages/configuration", s.createMsgConfig},
		{"GET /v1/numbers/:id/messages/configuration", s.msgConfigRoute(s.getMsgConfig)},
		{"DELETE /v1/numbers/:id/messages/configuration", s.msgConfigRoute(s.deleteMsgConfig)},
		{"POST /v1/numbers/:id/messages/send", s.sendRoute(sendKind{})},
		{"POST /v1/numbers/:id/messages/native/send", s.sendRoute(sendKind{native: true})},
		{"POST /v1/numbers/:id/messages/group/send", s.sendRoute(sendKind{group: true})},
		{"POST /v1/numbers/:id/messages/group/native/send", s.sendRoute(sendKind{group: true, native: true})},
		{"POST /v1/messages/whatsapp/send", s.sendRoute(sendKind{whatsapp: true})},
		{"POST /v1/messages/send/whatsapp/native", s.sendRoute(sendKind{whatsapp: true, native: true})},
		{"GET /v1/sms/templates", s.listRoute(s.listSMSTemplates)},
		{"GET /v1/numbers/:id/templates", s.listWhatsAppTemplates},
		{"GET /v1/numbers/:id/whatsapp_status", recordRoute(s, s.number, s.whatsAppStatus)},
		{"GET /v1/numbers/:id/registration_status", recordRoute(s, s.number, s.registrationStatus)},

		{"POST /v1/outbound-calls/agents/:agent_id", s.startAgentCall},
		{"POST /v1/analytics/report/export", s.analyticsRoute(s.createExport)},
		{"GET /v1/analytics/report/export/:id", s.analyticsRoute(s.getExport)},

		{"GET /v1/numbers", s.listRoute(s.listNumbers)},
		{"GET /v1/numbers/:id", getRoute(s, "number", s.number, stateView(s, (*state).numberUsers))},
		{"PUT /v1/numbers/:id", recordBodyRoute(s, badRequest, s.number, s.updateNumber)},

		{"GET /v1/contacts", s.listContacts(false)},
		{"GET /v1/contacts/search", s.listContacts(true)},
		{"GET /v1/contacts/:id", getRoute(s, "contact", s.contact, stateView(s, (*state).contactView))},
		{"POST /v1/contacts", bodyRoute(s, badRequest, s.createContact)},
		{"POST /v1/contacts/:id", bodyRoute(s, badRequest, s.updateContact)},
		{"PUT /v1/contacts/:id", bodyRoute(s, badRequest, s.updateContact)},
		{"DELETE /v1/contacts/:id", recordRoute(s, s.contact, s.deleteContact)},
		{"POST /v1/contacts/:id/phone_details", s.addDetail(phoneDetail)},
		{"PUT /v1/contacts/:id/phone_details/:phone_number_id", s.updateDetail(phoneDetail)},
		{"DELETE /v1/contacts/:id/phone_details/:phone_number_id", s.deleteDetail(phoneDetail)},
		{"POST /v1/contacts/:id/email_details", s.addDetail(emailDetail)},
		{"PUT /v1/contacts/:id/email_details/:email_id", s.updateDetail(emailDetail)},
		{"DELETE /v1/contacts/:id/email_details/:email_id", s.deleteDetail(emailDetail)},

		{"GET /v1/tags", s.listRoute(s.listTags)},
		{"GET /v1/tags/:id", getRoute(s, "tag", s.tag, stateView(s, (*state).tagView))},
		{"POST /v1/tags", bodyRoute(s, invalidPayload, s.createTag)},
		{"PUT /v1/tags/:id", recordBodyRoute(s, invalidPayload, s.tag, s.updateTag)},
		{"DELETE /v1/tags/:id", recordRoute(s, s.tag, s.deleteTag)},

		{"GET /v1/webhooks", s.listRoute(s.listWebhooks)},
		{"GET /v1/webhooks/:id", getRoute(s, "webhook", s.webhook, stateView(s, (*state).hookView))},
		{"POST /v1/webhooks", bodyRoute(s, badRequest, s.createWebhook)},
		{"PUT /v1/webhooks/:id", bodyRoute(s, badRequest, s.updateWebhook)},
		{"DELETE /v1/webhooks/:id", recordRoute(s, s.webhook, s.deleteWebhook)},

		{"GET /v1/company", s.getCompany},
		{"GET /v1/integrations/me", s.integrationMe},
		{"POST /v1/integrations/enable", s.integrationToggle(true)},
		{"POST /v1/integrations/disable", s.integrationToggle(false)},

		{"GET /v1/a2p_campaign_associations", s.listRoute(s.listA2P)},
		{"GET /v1/a2p_campaign_associations/:id", getRoute(s, "a2p_campaign_association", s.a2pAssoc, s.a2pSeen)},
		{"POST /v1/a2p_campaign_associations", bodyRoute(s, badRequest, s.createA2P)},
		{"PUT /v1/a2p_campaign_associations/:id", recordBodyRoute(s, badRequest, s.a2pAssoc, s.updateA2P)},
		{"DELETE /v1/a2p_campaign_associations/:id", recordRoute(s, s.a2pAssoc, s.deleteA2P)},
	} {
		mp := muxPattern(rt.pattern)
		s.patterns[mp] = rt.pattern
		s.mux.HandleFunc(mp, rt.h)
	}
}

// muxPattern turns "GET /v1/users/:id" into "GET /v1/users/{id}".
func muxPattern(p string) string {
	parts := strings.Split(p, "/")
	for i, seg := range parts {
		if strings.HasPrefix(seg, ":") {
			parts[i] = "{" + seg[1:] + "}"
		}
	}
	return strings.Join(parts, "/")
}
