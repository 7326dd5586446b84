package webhook

import (
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"
)

// oddData2026 are data objects that exercise the tolerant decoding of the
// payloads added since 2024: members of the wrong type (dropped alone),
// both id keys of a group message, string and numeric ids, repeated and
// case-folded names, invalid UTF-8 and data that is not an object.
var oddData2026 = []string{
	`{"id":1779973182949,"created_at":1722317361216,"sent_at":"1722317361","updated_at":null}`,
	`{"id":null,"group_message_id":"g1","participants":null}`,
	`{"group_message_id":"g1","id":"g2","participants":["+1",2,null]}`,
	`{"call_id":"812","content":{"x":1},"created_at":"soon"}`,
	`{"content":"text","utterances":[null,{"timestamp":"x","duration_ms":"5"}]}`,
	`{"call":{"id":null,"uuid":5},"utterances":{}}`,
	`{"evaluations":{"a":1},"ai_generated":"yes"}`,
	`{"adherence_score":"75%","playbook_result_topics":[{"result":null},{"name":3}],"playbook":[]}`,
	`{"exportID":5,"status":null,"isZipCompressed":"false","downloadUrl":["x"]}`,
	`{"participants":[{"user_id":"usr_1","value":"POSITIVE"},{"user_id":{"a":1}}]}`,
	`{"id":1,"id":"x","CALL_ID":"9","Content":["a"],"content":null}`,
	`{"media_details":[{"file_name":1}],"number":{"id":"x"},"contact":[],"metadata":{"a":[1,2]}}`,
	`{"extracted_data":"not an object","ai_voice_agent_id":12,"started_at":1772530501.5}`,
	"{\"body\":\"caf\xc3\xa9 \xff\",\"text\":\"\\ud800\"}",
	`{"custom_summary":{"name":["x"]},"summary_template_results":[{"content":{"a":1}}]}`,
	`{}`, `null`, `[]`, `"x"`, `1`,
}

// events2026 are one event of every data type added since 2024, and an
// undocumented one.
var events2026 = []aircall.Event{
	aircall.EventMessageSent, aircall.EventGroupMessageReceived, aircall.EventTranscriptionCreated, aircall.EventSummaryCreated, aircall.EventTopicsCreated,
	aircall.EventSentimentCreated, aircall.EventActionItemCreated, aircall.EventPlaybookResultUpdated, aircall.EventRealtimeTranscriptionUtterancesReceived,
	aircall.EventCustomSummaryResultCreated, aircall.EventCallEvaluationUpdated, aircall.EventAIVoiceAgentEnded, aircall.EventAnalyticsReportFailed,
	aircall.EventUserClosedV2, aircall.EventCallExternalTransferred, "message.teleported",
}

// TestParseMatchesStdOn2026Data sends each odd data object as the data of
// every new kind of event, in Aircall's member order and with data first:
// Parse must agree with encoding/json.
func TestParseMatchesStdOn2026Data(t *testing.T) {
	t.Parallel()
	for _, d := range oddData2026 {
		for _, e := range events2026 {
			checkMatchesStd(t, []byte(`{"resource":"r","event":"`+string(e)+`","timestamp":1,"token":"45XXYYZZa08","data":`+d+`}`))
			checkMatchesStd(t, []byte(`{"data":`+d+`,"event":"`+string(e)+`","token":"45XXYYZZa08"}`))
		}
	}
}

// TestOddFieldNeverFailsAnEvent checks that an object of a 2026 kind with a
// member of the wrong type is still accepted, with that member dropped.
func TestOddFieldNeverFailsAnEvent(t *testing.T) {
	t.Parallel()
	body := `{"resource":"conversation_intelligence","event":"summary.created","timestamp":1,"token":"45XXYYZZa08",` +
		`"data":{"id":5520,"call_id":"812","content":{"unexpected":"object"},"created_at":"2026-03-03T09:41:12.000Z"}}`
	ev, err := Parse([]byte(body), Tokens(testToken))
	if err != nil {
		t.Fatal(err)
	}
	s := ev.Summary()
	if s == nil || s.ID != 5520 || s.CallID != 812 || s.Content != "" || s.CreatedAt.Time.IsZero() {
		t.Errorf("summary = %+v", s)
	}
	if !jsonEqual(t, s.Raw, ev.Data) {
		t.Errorf("Raw = %s", s.Raw)
	}
}

// FuzzParse2026 is FuzzParse seeded with the 2026 corners.
func FuzzParse2026(f *testing.F) {
	for _, d := range oddData2026 {
		for _, e := range events2026 {
			f.Add([]byte(`{"event":"` + string(e) + `","token":"45XXYYZZa08","data":` + d + `}`))
		}
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := Parse(body, Tokens(testToken))
		if err == nil {
			if _, known := dataResource[ev.Name]; known != ev.Known() {
				t.Fatalf("%s: Known = %v", ev.Name, ev.Known())
			}
			_ = ev.Key()
		}
		checkMatchesStd(t, body)
	})
}
