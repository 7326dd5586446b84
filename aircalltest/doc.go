// Package aircalltest is an in-memory Aircall Public API for tests and demos.
//
// A Server speaks the wire format of the real API for every endpoint the SDK
// covers: Basic and Bearer authentication, the X-AircallApi-* rate headers
// and 429s in fixed windows, pagination meta with absolute next_page_link,
// the 10,000-item cap of call, contact and tag lists, the recorded error
// bodies, the v2 user endpoints, and webhook delivery (POSTs of real event envelopes, with the
// webhook's token, to registered loopback URLs) when its state changes.
//
// New starts a Server and its Client method returns an *aircall.Client for
// it (Basic auth, paced at the Server's budget; BearerClient for OAuth). A
// test of a webhook receiver goes round one loop (the package Example):
//
//	srv, err := aircalltest.New(aircalltest.WithDemoData())
//	defer srv.Close()
//	c, err := srv.Client()
//	hook, _, err := c.Webhooks.Create(ctx, &aircall.WebhookCreateParams{URL: receiverURL})
//	h, err := webhook.NewHandler(webhook.Tokens(hook.Token)) // serves receiverURL
//	call, err := srv.SimulateInboundCall(aircalltest.AnsweredBy(aircalltest.DemoUserJohn))
//	err = srv.Flush(ctx) // every event was delivered to h
//
// Helpers drive what only a phone or the Dashboard could do (simulate.go):
// SimulateInboundCall and SimulateOutboundCall play a call's lifecycle and
// send its call.* events (with DeclinedBy, WithIVRChoice and Ongoing for the
// rest); Hold, Unhold, HangUp, Assign and Untag act on a call; ConnectUser
// and DisconnectUser log a user in and out of the Phone app; AddNumber and
// RemoveNumber buy and release numbers; UninstallIntegration removes the
// OAuth integration. With them every event of the webhook package is sent
// from a state change or a step. Flush waits until every queued webhook event
// was delivered. Options seed a realistic company (WithDemoData), generate
// many calls (WithGeneratedCalls), shape the rate limit (WithRateLimit), the
// list cap (WithListCap) and inject faults (WithFault).
//
// Like Aircall, a Server allows 120 requests a minute by default, and the
// Client it returns paces itself to that budget (one request every 500 ms):
// tests usually start it with a generous WithRateLimit, and rate-limit tests
// with a short window and WithResetMillis.
//
// # Wire format
//
// The Server answers key for key what the real API was recorded sending
// (testdata/wire holds the shapes and wire_test.go compares them): keys the
// API always sends are sent as null or [] when empty, and each object takes
// the shape of where it appears (a user in a call, in a team, in a user.*
// event; a call in REST and in a webhook). Where a recording of live traffic
// and the reference disagree, the recording wins:
//   - creates (contacts, tags, teams, users, webhooks) and adding a team
//     member answer 200, not 201; DELETE /v1/teams/:id answers 204; PUT
//     /v1/contacts/:id updates a contact like POST;
//   - a 400 is {"error", "data", "message", "errors", "troubleshoot",
//     "success"} with the text in errors and troubleshoot "BAD_REQUEST"; a 422
//     is {"error", "success", "errors": {field: [text]}}; a 405 is {"error",
//     "troubleshoot", "success"}; requests without credentials (401), with
//     wrong ones (403) and to unknown routes (404) are refused by the gateway
//     with {"message": ...} and no X-AircallApi-* headers;
//   - calls, contacts and tags refuse pages past the 10,000 cap with that
//     400 (no other list was seen capped); /v1/webhooks meta has no link keys;
//   - tags have no direct_link; webhook create and update answers have no
//     legacy id and no custom_name unless one was set, GET keeps the id, and
//     direct_link is built from the UUID;
//   - a webhook's GET keeps the legacy id; PUT /v1/contacts/:id answers the
//     contact with "urls": [] (its only recording), POST and GET without;
//     the V1 user detail (GET, POST, PUT /v1/users/:id) has no extension,
//     the V1 list has; /v1/integrations/me has the Integration object's keys
//     (no id nor timestamps) and its user no state nor extension.
//
// Where nothing was recorded, it follows the reference: REST call tags carry
// created_at, and emojis are removed from comments, contacts and tags (their
// sections) and refused in user, team and number names (the Emojis note).
// A2P numbers are accepted as strings or integers and sent as integers (the
// examples).
//
// # Webhook events
//
// Events are built by a serializer of their own (hookwire.go), key for key
// as the recorded deliveries carry them, not from the REST view: users are
// slim (id, direct_link, name, email, available, availability_status,
// language, wrap_up_time) wherever an event embeds them; numbers have six
// Music & Messages keys and no created_at, priority nor flow_editor_enabled;
// calls carry hangup_cause but no sid, call_uuid, short URLs,
// country_code_a2 nor pricing_type, and leave out the associations that are
// not set (user, contact, assigned_to, transferred_*); tags carry tagged_at
// and tagged_by (the agent, or {} when the API tagged); contact timestamps
// are Unix seconds.
//
// Every event can be produced over HTTP, on any Server: POST
// /_fake/events/{event} makes the state change that emits it and delivers
// it like any other event (aircall trigger uses it). The optional JSON body
// names the resource ({"call_id": 123}, {"user_id": 456}, number_id,
// contact_id, tag_id); without it the newest resource in a state that
// allows the event is used. It answers 200 with the affected resource as
// the API serves it, 404 for an unknown event or resource, and 409 when the
// state does not allow the event (no ongoing call to hold). POST
// /_fake/flush answers 204 once every queued event is delivered. Both
// answer loopback connections only, with the Server's credentials, and are
// not counted in Stats. EventBody returns the body of any event as a demo
// Server would deliver it, for senders without a Server.
//
// # The 2026 API
//
// The Server also serves the endpoints of the spec addendum (Users v2,
// conversation intelligence, messaging, AI voice agent outbound calls,
// analytics exports) in the addendum's example shapes, none of them having
// been recorded:
//   - a simulated call that ends answered (or with a voicemail) gets its AI
//     results WithAIDelay after its end (default 20ms; 0 for at once;
//     Flush waits for them), and the Server then sends transcription.created,
//     summary.created (call_id a numeric string), topics.created,
//     sentiment.created, action_item.created, playbook_result.created,
//     custom_summary.result_created and call_evaluation.created; the demo
//     calls have theirs from the start. Results are wrapped under
//     transcription, sentiment, topic, summary and csat; action items,
//     playbook, custom summary and evaluations are top level. An answered
//     call also sends realtime_transcription.utterances_received, and
//     ReviewAIResults sends the .updated events of a call's playbook
//     result, custom summary and evaluation;
//   - "not available" is 404 ({"error", "troubleshoot"}) for a call without
//     results (yet: before the delay; missed calls; a voicemail's insights
//     beyond its transcription and summary), and 403 on every conversation
//     intelligence endpoint of an account WithoutAIAddOn (which gets no
//     results nor events): the addendum leaves 403 vs 404 open, clients
//     treat both as not available;
//   - a number with a messaging configuration is a Proxy-mode line: it
//     accepts the skip-inbox sends (/send, /group/send, WhatsApp /send),
//     fires no messaging webhook and POSTs message callbacks to its
//     callbackUrl instead; a number without one is a Native-mode line:
//     skip-inbox sends answer 400 (status not documented), in-conversation
//     sends fire message.sent or group_message.sent then their
//     .status_updated, and SimulateInboundMessage fires message.received
//     (created_at an ISO string there, as in the addendum's inbound
//     example). Send answers are top level, with epoch millisecond
//     timestamps; media is read from mediaUrl or media_url;
//   - SMS templates page up to per_page 100 (AddSMSTemplate adds some);
//     every number has five WhatsApp templates, cursor-paged with pageInfo
//     (the token is an offset); registration_status answers a shape of our
//     own ({"number_id", "status"}: no source shows one);
//   - an outbound AI voice agent call answers 202, PENDING, and a reused
//     idempotency_key 409; agents are not stored, so any agent id is
//     accepted; WithAIDelay later the call is placed (an outbound call in
//     the history, ai_voice_agent.started, .ended and .summary);
//   - an analytics export answers PENDING for WithExportPolls GETs, then
//     COMPLETED with a presigned-looking downloadUrl expiring an hour later
//     (or FAILED, WithExportFailure), sending analytics.report_created (or
//     report_failed) with the export object; WithoutAnalyticsPlus answers
//     403;
//   - each V1 user event is followed by its .v2 twin, whose data is the
//     User V2 object;
//   - validation errors are the 400 above.
//
// The command aircalltest/cmd/aircall-fake serves the same API on a fixed
// loopback address for manual exploration.
package aircalltest
