package aircall

import (
	"bytes"
	"context"
	stdjson "encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

// warnings returns the "dropped a value" warnings that a JSON slog handler
// wrote to buf, as "json_path want" lines.
func warnings(t *testing.T, buf *bytes.Buffer) []string {
	t.Helper()
	var out []string
	for line := range strings.Lines(buf.String()) {
		var r struct {
			Level, Msg string
			JSONPath   string `json:"json_path"`
			Want       string
		}
		if err := stdjson.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		if r.Level == "WARN" && r.Msg == "aircall: dropped a value that does not fit its type" {
			out = append(out, r.JSONPath+" "+r.Want)
		}
	}
	return out
}

// TestSelfDecodingDropsAreReported checks issue 18 (a) on the types that
// decode themselves leniently (a Summary, a Transcription and its
// utterances, a Message, an AnalyticsExport, a page of WhatsApp
// templates): a value that does not fit inside them is dropped alone,
// listed in Response.Dropped with its path from the body's root and the
// Go type wanted, and logged as a warning; the rest decodes, and Raw is
// the object as received.
func TestSelfDecodingDropsAreReported(t *testing.T) {
	t.Parallel()
	summary := `{"id":5520,"call_id":812,"created_at":"2026-03-03T09:41:12.000Z","content":{"text":"The customer asked about a delayed order."}}`
	transcription := `{"id":7,"call_id":812,"created_at":"2026-03-03T09:41:12.000Z","content":{"language":"en","utterances":[` +
		`{"start_time":0.5,"end_time":2.1,"text":"Hello","participant_type":"internal","user_id":456},` +
		`{"start_time":"2.4","end_time":4.9,"text":"Hi","participant_type":"external","phone_number":"+33612345678"}]}}`
	message := `{"id":"messageId","status":"pending","direction":"outbound","created_at":1722317361216,` +
		`"sent_at":1722317361216,"media_url":"https://cdn.example/a.png","raw_digits":"+1 300-000-0001","body":"Your code is 1234"}`
	export := `{"exportID":"9d3f2a1e-2b6c-4f0a-9c3e-1a2b3c4d5e6f","createdAt":"2026-05-20T09:35:12.000Z","status":"COMPLETED",` +
		`"format":"CSV","isZipCompressed":"no","downloadUrl":"https://exports.example/x.csv"}`
	templates := `{"templates":[{"id":1,"wabaId":"w1","name":"welcome","category":"UTILITY","status":"APPROVED","language":"en"},` +
		`{"id":{"n":2},"wabaId":"w1","name":"order","category":"UTILITY","status":"APPROVED","language":"en"}],` +
		`"pageInfo":{"currentToken":1,"nextToken":"","totalCount":2}}`

	var buf bytes.Buffer
	ts := newTestServer(t)
	ts.handle("GET /v1/calls/812/summary", reply(t, http.StatusOK, `{"summary":`+summary+`}`))
	ts.handle("GET /v1/calls/812/transcription", reply(t, http.StatusOK, `{"transcription":`+transcription+`}`))
	ts.handle("POST /v1/numbers/123/messages/send", reply(t, http.StatusOK, message))
	ts.handle("GET /v1/analytics/report/export/9d3f", reply(t, http.StatusOK, export))
	ts.handle("GET /v1/numbers/123/templates", reply(t, http.StatusOK, templates))
	c := ts.client(t, WithLogger(slog.New(slog.NewJSONHandler(&buf, nil))))
	ctx := context.Background()

	tests := []struct {
		name  string
		call  func() (any, *Response, error)
		check func(t *testing.T, v any)
		want  []DecodeIssue
	}{
		{"summary", func() (any, *Response, error) { return c.Calls.Summary(ctx, 812) },
			func(t *testing.T, v any) {
				s := v.(*Summary)
				if s.ID != 5520 || s.CallID != 812 || s.CreatedAt.IsZero() || s.Content != "" || string(s.Raw) != summary {
					t.Errorf("summary %+v (Raw %s)", s, s.Raw)
				}
			},
			[]DecodeIssue{{Path: "/summary/content", Want: "string"}}},
		{"transcription", func() (any, *Response, error) { return c.Calls.Transcription(ctx, 812, nil) },
			func(t *testing.T, v any) {
				u := v.(*Transcription).Content.Utterances
				if len(u) != 2 || u[0].StartTime != 0.5 || u[1].StartTime != 0 || u[1].EndTime != 4.9 || u[1].Text != "Hi" {
					t.Errorf("utterances %+v", u)
				}
			},
			[]DecodeIssue{{Path: "/transcription/content/utterances/1/start_time", Want: "float64"}}},
		{"message", func() (any, *Response, error) {
			return c.Messages.Send(ctx, 123, &MessageParams{To: "+13000000001", Body: "Your code is 1234"})
		},
			func(t *testing.T, v any) {
				m := v.(*Message)
				if m.ID != "messageId" || m.CreatedAt.IsZero() || m.SentAt.IsZero() || m.MediaURL != nil || m.Body != "Your code is 1234" || string(m.Raw) != message {
					t.Errorf("message %+v (Raw %s)", m, m.Raw)
				}
			},
			[]DecodeIssue{{Path: "/media_url", Want: "[]string"}}},
		{"analytics export", func() (any, *Response, error) { return c.Analytics.GetExport(ctx, "9d3f") },
			func(t *testing.T, v any) {
				e := v.(*AnalyticsExport)
				if e.Status != "COMPLETED" || e.DownloadURL != "https://exports.example/x.csv" || e.IsZipCompressed || string(e.Raw) != export {
					t.Errorf("export %+v (Raw %s)", e, e.Raw)
				}
			},
			[]DecodeIssue{{Path: "/isZipCompressed", Want: "bool"}}},
		{"whatsapp templates", func() (any, *Response, error) { return c.Messages.ListWhatsAppTemplates(ctx, 123, nil) },
			func(t *testing.T, v any) {
				p := v.(*WhatsAppTemplatePage)
				if len(p.Templates) != 2 || p.Templates[1].ID != 0 || p.Templates[1].Name != "order" || p.PageInfo.TotalCount != 2 {
					t.Errorf("page %+v", p)
				}
			},
			[]DecodeIssue{{Path: "/templates/1/id", Want: "aircall.ID"}}},
	}
	var wantLogged []string
	for _, tt := range tests {
		v, resp, err := tt.call()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		tt.check(t, v)
		checkDiff(t, tt.name+": Response.Dropped", tt.want, resp.Dropped)
		for _, d := range tt.want {
			wantLogged = append(wantLogged, d.Path+" "+d.Want)
		}
	}
	checkDiff(t, "warnings", wantLogged, warnings(t, &buf))
}

// TestUnmarshalListsSelfDecodingDrops checks that Unmarshal lists the
// values dropped inside a type that decodes itself (here an action item
// inside ActionItems), and that encoding/json still decodes that type as
// leniently, with nothing to report to.
func TestUnmarshalListsSelfDecodingDrops(t *testing.T) {
	t.Parallel()
	body := []byte(`{"call_id":812,"action_items":[{"id":1,"ai_generated":true,"content":"Send the refund","created_at":"2026-03-03T09:41:12.000Z"},` +
		`{"id":2,"ai_generated":"yes","content":"Call back on Friday"}]}`)
	var got ActionItems
	dropped, err := Unmarshal(body, &got)
	if err != nil {
		t.Fatal(err)
	}
	checkDiff(t, "dropped", []DecodeIssue{{Path: "/action_items/1/ai_generated", Want: "bool"}}, dropped)
	var std ActionItems
	if err := stdjson.Unmarshal(body, &std); err != nil {
		t.Fatalf("encoding/json: %v", err)
	}
	for _, a := range []ActionItems{got, std} {
		if len(a.Items) != 2 || a.Items[1].Content != "Call back on Friday" || a.Items[1].AIGenerated || !a.Items[0].AIGenerated {
			t.Errorf("items %+v", a.Items)
		}
	}

	// An odd value outside the self-decoding types too: the second,
	// member-by-member decode lists both.
	page := []byte(`{"templates":[{"id":1,"name":"welcome"},{"id":"x2","name":"order"}],"pageInfo":{"nextToken":"","totalCount":"2"}}`)
	var p WhatsAppTemplatePage
	dropped, err = Unmarshal(page, &p)
	if err != nil {
		t.Fatal(err)
	}
	checkDiff(t, "dropped", []DecodeIssue{{Path: "/pageInfo/totalCount", Want: "int"}, {Path: "/templates/1/id", Want: "aircall.ID"}}, dropped)
	if len(p.Templates) != 2 || p.Templates[0].ID != 1 || p.Templates[1].Name != "order" || string(p.Templates[1].Raw) != `{"id":"x2","name":"order"}` {
		t.Errorf("templates %+v", p.Templates)
	}
}
