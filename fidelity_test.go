package aircall

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The fidelity test decodes every fixture of testdata/ into the SDK type its
// endpoint returns, encodes that value again and compares the two documents
// key by key, recursively. A key whose value holds data (anything but null,
// "", {} and []) must survive the round trip with data; otherwise the SDK
// drops what the API sent without a word. The only exceptions are the
// entries of fidelityAllowed, each with its reason.

// fidelityAllowed is the one allow-list of the fidelity test. A key is a
// fixture name (the whole file is exempt) or a key path. A path of one
// segment ("request_id") names a top-level key; a longer one matches the end
// of the path of a lost value ("tags[].created_at" matches
// "call.tags[].created_at" of every fixture). Array elements are written [].
var fidelityAllowed = map[string]string{
	// Files whose body no SDK resource type decodes.
	"oauth_token.json":               "decoded by OAuthConfig.Exchange into an oauth2.Token (access_token, token_type), not an SDK type; created_at is Aircall's own and oauth2.Token has no field for it",
	"oauth_error_invalid_grant.json": "an error body: the error path decodes it into *APIError and keeps the whole body in APIError.Body",

	// Renamed on purpose.
	"tags[].created_at": "a call tag's time is read from tagged_at or created_at and always encoded as tagged_at, the key live traffic carries",

	// Keys invented by the variant fixtures to prove that an unknown key
	// never fails a decode. The SDK ignores unknown keys by design.
	"number.brand_new_flag":                     "invented unknown key (calls_get_missed_inbound.json): unknown keys are ignored",
	"request_id":                                "invented unknown envelope key (contacts_get_variant.json): unknown keys are ignored",
	"contact.sync_source":                       "invented unknown key (contacts_get_variant.json): unknown keys are ignored",
	"contact.tags":                              "invented unknown key (contacts_get_variant.json): unknown keys are ignored",
	"phone_numbers[].normalized":                "invented unknown key (contacts_get_variant.json): unknown keys are ignored",
	"webhook.company_id":                        "invented unknown key (webhooks_create_no_id.json): unknown keys are ignored",
	"numbers[].called_at":                       "invented unknown key (dialer_phone_numbers_variant.json): unknown keys are ignored",
	"integration.settings_url":                  "invented unknown key (integrations_me_disabled.json): unknown keys are ignored",
	"tag.archived":                              "invented unknown key (tags_get_variant.json): unknown keys are ignored",
	"tag.company_id":                            "invented unknown key (tags_get_variant.json): unknown keys are ignored",
	"user_id":                                   "invented unknown key (dialer_get_variant.json): unknown keys are ignored",
	"company.created_at":                        "invented unknown key (company_get_variant.json): unknown keys are ignored",
	"company.plan":                              "invented unknown key (company_get_variant.json): unknown keys are ignored",
	"a2p_campaign_association.brand_id":         "invented unknown key (a2p_get_strings.json): unknown keys are ignored",
	"a2p_campaign_association.carrier_statuses": "invented unknown key (a2p_get_strings.json): unknown keys are ignored",

	// The 2026 families (helper N): what is not typed stays in the Raw field.
	"messages_registration_status.json": "no source documents this body: RegistrationStatus keeps it whole in Raw (json:\"-\") and types only a string status",
	"transcription.confidence":          "invented unknown key (intelligence_transcription_variant.json): kept in Transcription.Raw",
	"playbook_result.adherence_score":   "a score of another type (\"75%\", intelligence_playbook_result_wrapped.json) is dropped alone; kept in PlaybookResult.Raw",
	"group_message_id":                  "read into GroupMessage.ID (events send id, send answers group_message_id) and encoded as id",
}

// fidelityCase tells how to decode one fixture: key is the envelope key of
// the resource ("" for a body that is the resource itself), decode the SDK
// type behind it.
type fidelityCase struct {
	key    string
	decode func(json.RawMessage) (any, error)
}

// as decodes a value of the envelope as T, or as []*T when it is a list.
func as[T any](key string) fidelityCase {
	return fidelityCase{key, func(raw json.RawMessage) (any, error) {
		if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '[' {
			var v []*T
			err := json.Unmarshal(raw, &v)
			return v, err
		}
		v := new(T)
		err := json.Unmarshal(raw, v)
		return v, err
	}}
}

// fidelityCases maps every fixture of testdata/ to the type its endpoint
// method decodes. A fixture missing here fails the test.
var fidelityCases = map[string]fidelityCase{
	"a2p_create.json":                   as[A2PCampaignAssociation]("a2p_campaign_association"),
	"a2p_get.json":                      as[A2PCampaignAssociation]("a2p_campaign_association"),
	"a2p_get_strings.json":              as[A2PCampaignAssociation]("a2p_campaign_association"),
	"a2p_list.json":                     as[A2PCampaignAssociation]("a2p_campaign_associations"),
	"a2p_update.json":                   as[A2PCampaignAssociation]("a2p_campaign_association"),
	"calls_archive.json":                as[Call]("call"),
	"calls_get.json":                    as[Call]("call"),
	"calls_get_missed_inbound.json":     as[Call]("call"),
	"calls_get_fetch_all.json":          as[Call]("call"),
	"calls_list.json":                   as[Call]("calls"),
	"calls_list_2026.json":              as[Call]("calls"),
	"calls_search.json":                 as[Call]("calls"),
	"calls_unarchive.json":              as[Call]("call"),
	"company_get.json":                  as[Company]("company"),
	"company_get_variant.json":          as[Company]("company"),
	"contacts_create.json":              as[Contact]("contact"),
	"contacts_email_detail_add.json":    as[Email]("email_detail"),
	"contacts_email_detail_update.json": as[Email]("email_detail"),
	"contacts_get.json":                 as[Contact]("contact"),
	"contacts_get_variant.json":         as[Contact]("contact"),
	"contacts_list.json":                as[Contact]("contacts"),
	"contacts_phone_detail_add.json":    as[PhoneNumber]("phone_detail"),
	"contacts_phone_detail_update.json": as[PhoneNumber]("phone_detail"),
	"contacts_search.json":              as[Contact]("contacts"),
	"contacts_update.json":              as[Contact]("contact"),
	"dialer_get.json":                   as[DialerCampaign](""),
	"dialer_get_variant.json":           as[DialerCampaign](""),
	"dialer_get_with_numbers.json":      as[DialerCampaign](""),
	"dialer_phone_numbers.json":         as[DialerPhoneNumber]("numbers"),
	"dialer_phone_numbers_variant.json": as[DialerPhoneNumber]("numbers"),
	"integrations_me.json":              as[Integration]("integration"),
	"integrations_me_disabled.json":     as[Integration]("integration"),
	"numbers_get.json":                  as[Number]("number"),
	"numbers_list.json":                 as[Number]("numbers"),
	"numbers_update.json":               as[Number]("number"),
	"tags_create.json":                  as[Tag]("tag"),
	"tags_get.json":                     as[Tag]("tag"),
	"tags_get_variant.json":             as[Tag]("tag"),
	"tags_list.json":                    as[Tag]("tags"),
	"tags_update.json":                  as[Tag]("tag"),
	"teams_add_user.json":               as[Team]("team"),
	"teams_create.json":                 as[Team]("team"),
	"teams_get.json":                    as[Team]("team"),
	"teams_get_2026.json":               as[Team]("team"),
	"teams_list.json":                   as[Team]("teams"),
	"teams_remove_user.json":            as[Team]("team"),
	"users_availabilities.json":         as[UserAvailability]("users"),
	"users_availability.json":           as[Availability]("availability"),
	"users_v2_create.json":              as[User]("user"),
	"users_v2_get.json":                 as[User]("user"),
	"users_v2_get_variant.json":         as[User]("user"),
	"users_v2_list.json":                as[User]("users"),
	"users_v2_numbers.json":             as[Number]("numbers"),
	"users_v2_update.json":              as[User]("user"),
	"webhooks_create.json":              as[Webhook]("webhook"),
	"webhooks_create_no_id.json":        as[Webhook]("webhook"),
	"webhooks_get.json":                 as[Webhook]("webhook"),
	"webhooks_list.json":                as[Webhook]("webhooks"),
	"webhooks_update.json":              as[Webhook]("webhook"),

	"intelligence_transcription.json":           as[Transcription]("transcription"),
	"intelligence_transcription_variant.json":   as[Transcription]("transcription"),
	"intelligence_realtime_transcription.json":  as[Transcription](""),
	"intelligence_sentiments.json":              as[Sentiment]("sentiment"),
	"intelligence_topics.json":                  as[Topics]("topic"),
	"intelligence_summary.json":                 as[Summary]("summary"),
	"intelligence_action_items.json":            as[ActionItems](""),
	"intelligence_playbook_result.json":         as[PlaybookResult](""),
	"intelligence_playbook_result_wrapped.json": as[PlaybookResult]("playbook_result"),
	"intelligence_custom_summary_result.json":   as[CustomSummaryResult](""),
	"intelligence_evaluations.json":             as[CallEvaluation](""),
	"intelligence_predicted_csat.json":          as[PredictedCSAT]("csat"),
	"messages_configuration.json":               as[MessagingConfiguration](""),
	"messages_send.json":                        as[Message](""),
	"messages_send_variant.json":                as[Message](""),
	"messages_whatsapp_send.json":               as[Message](""),
	"messages_group_send.json":                  as[GroupMessage](""),
	"messages_sms_templates.json":               as[SMSTemplate]("templates"),
	"messages_whatsapp_templates.json":          as[WhatsAppTemplatePage](""),
	"messages_whatsapp_status.json":             as[WhatsAppStatus](""),
	"analytics_export_create.json":              as[AnalyticsExport](""),
	"analytics_export_completed.json":           as[AnalyticsExport](""),
	"analytics_export_failed.json":              as[AnalyticsExport](""),
	"aivoice_outbound_call.json":                as[OutboundAgentCall](""),
}

func TestFidelity(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, ok := fidelityAllowed[name]; ok {
				return
			}
			tc, ok := fidelityCases[name]
			if !ok {
				t.Fatalf("%s has no entry in fidelityCases: say which SDK type decodes it", name)
			}
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			again, err := fidelityRoundTrip(body, tc)
			if err != nil {
				t.Fatal(err)
			}
			var before, after any
			if err := json.Unmarshal(body, &before); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(again, &after); err != nil {
				t.Fatal(err)
			}
			for _, lost := range lostValues("", before, after) {
				if reason := allowedLoss(lost); reason == "" {
					t.Errorf("%s: the value at %s does not survive decode + encode", name, lost)
				}
			}
		})
	}
	for name := range fidelityCases {
		if _, err := os.Stat("testdata/" + name); err != nil {
			t.Errorf("fidelityCases names %s, which is not in testdata/", name)
		}
	}
}

// roundTrip decodes body as tc says and encodes it again, with "meta"
// decoded as Meta. Other envelope keys are dropped, so that they count as
// lost.
func fidelityRoundTrip(body []byte, tc fidelityCase) ([]byte, error) {
	if tc.key == "" {
		v, err := tc.decode(body)
		if err != nil {
			return nil, err
		}
		return json.Marshal(v)
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, err
	}
	out := map[string]any{}
	for k, raw := range env {
		switch k {
		case tc.key:
			v, err := tc.decode(raw)
			if err != nil {
				return nil, fmt.Errorf("decoding %q: %w", k, err)
			}
			out[k] = v
		case "meta":
			m := new(Meta)
			if err := json.Unmarshal(raw, m); err != nil {
				return nil, fmt.Errorf("decoding meta: %w", err)
			}
			out[k] = m
		}
	}
	return json.Marshal(out)
}

// lostValues returns the paths under which before holds data that after
// does not: a missing key, a null, or a shorter list.
func lostValues(path string, before, after any) []string {
	if !hasData(before) {
		return nil
	}
	switch b := before.(type) {
	case map[string]any:
		a, ok := after.(map[string]any)
		if !ok {
			return []string{path}
		}
		var lost []string
		keys := make([]string, 0, len(b))
		for k := range b {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			lost = append(lost, lostValues(sub, b[k], a[k])...)
		}
		return lost
	case []any:
		a, ok := after.([]any)
		if !ok || len(a) < len(b) {
			return []string{path}
		}
		var lost []string
		for i := range b {
			lost = append(lost, lostValues(path+"[]", b[i], a[i])...)
		}
		return lost
	default:
		if !hasData(after) {
			return []string{path}
		}
		return nil
	}
}

// hasData reports whether v is more than null, "", {} or [].
func hasData(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case string:
		return v != ""
	case map[string]any:
		return len(v) > 0
	case []any:
		return len(v) > 0
	}
	return true
}

// allowedLoss returns the reason fidelityAllowed gives for losing the value
// at path, or "".
func allowedLoss(path string) string {
	for pattern, reason := range fidelityAllowed {
		// A one-segment pattern names a top-level key only.
		nested := strings.ContainsAny(pattern, ".[")
		if path == pattern || nested && strings.HasSuffix(path, "."+pattern) {
			return reason
		}
	}
	return ""
}

// TestFidelityCatchesLoss checks the checker on a hand-made loss: a key the
// type does not have, a list cut short and a value turned null all count.
func TestFidelityCatchesLoss(t *testing.T) {
	t.Parallel()
	var before, after any
	_ = json.Unmarshal([]byte(`{"a":{"x":1,"y":[1,2],"z":"s","n":null,"e":""},"b":[{"k":true}]}`), &before)
	_ = json.Unmarshal([]byte(`{"a":{"y":[1],"z":null},"b":[{}]}`), &after)
	want := []string{"a.x", "a.y", "a.z", "b[].k"}
	checkDiff(t, "lost", want, lostValues("", before, after))
	if allowedLoss("call.tags[].created_at") == "" || allowedLoss("call.xtags[].created_at") != "" {
		t.Error("allow-list patterns must match on a path segment boundary")
	}
	if allowedLoss("request_id") == "" || allowedLoss("contact.request_id") != "" {
		t.Error("a one-segment pattern must match the top-level key only")
	}
}

// TestWireKeysOfEmptyValues checks the encoding rule of wire.go on empty
// resources: the keys every recorded answer carries are encoded, an empty
// string as null and an empty list as []; keys only some answers carry are
// left out.
func TestWireKeysOfEmptyValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name               string
		v                  any
		null, list, absent []string
	}{
		{"contact", &Contact{ID: 1}, []string{"first_name", "last_name", "company_name", "description", "information"},
			[]string{"phone_numbers", "emails"}, []string{"direct_link"}},
		{"tag", Tag{ID: 1}, []string{"description"}, nil, []string{"created_at", "direct_link"}},
		{"team", &Team{ID: 1}, nil, []string{"users"}, []string{"direct_link"}},
		{"integration", &Integration{Name: "Zapier"}, []string{"custom_name", "user"}, []string{"number_ids"}, nil},
		{"webhook", &Webhook{WebhookID: "u"}, nil, []string{"events"}, []string{"id", "custom_name", "direct_link"}},
		{"user", &User{ID: 1}, nil, nil, []string{"substatus", "state", "extension", "default_number_id", "numbers", "availability_status"}},
		{"number", &Number{ID: 1}, []string{"priority"}, nil, []string{"flow_editor_enabled", "messages", "users"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b, err := json.Marshal(tt.v)
			if err != nil {
				t.Fatal(err)
			}
			var got map[string]json.RawMessage
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			for _, k := range tt.null {
				if string(got[k]) != "null" {
					t.Errorf("%s = %s, want null (in %s)", k, got[k], b)
				}
			}
			for _, k := range tt.list {
				if string(got[k]) != "[]" {
					t.Errorf("%s = %s, want [] (in %s)", k, got[k], b)
				}
			}
			for _, k := range tt.absent {
				if v, ok := got[k]; ok {
					t.Errorf("%s = %s, want the key left out", k, v)
				}
			}
		})
	}
	// Set values encode as themselves.
	b, _ := json.Marshal(Contact{CompanyName: "Aircall", Emails: []*Email{{Value: "a@b.c"}}})
	if !strings.Contains(string(b), `"company_name":"Aircall"`) || !strings.Contains(string(b), `"emails":[{"value":"a@b.c"}]`) {
		t.Errorf("encoded %s", b)
	}
}
