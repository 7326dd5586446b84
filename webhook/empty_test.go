package webhook

import (
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"
)

// TestParseEmptyObjectIsNil checks issue 13's fix on webhook bodies: the
// documented call.created sample carries "user": {}, "contact": {} and
// "number": {} (addendum, "Objects"), and call.archived a tag's
// "tagged_by": {}. Each decodes to nil, whether the data is decoded on the
// fly (data after event and token) or after the envelope (data first).
func TestParseEmptyObjectIsNil(t *testing.T) {
	t.Parallel()
	const created = `"data":{"id":1001,"direction":"inbound","status":"initial","started_at":1585000999,
		"answered_at":null,"ended_at":null,"duration":0,"raw_digits":"+1 800-123-4567",
		"user":{},"contact":{},"number":{ },"assigned_to":{},"comments":[],"tags":[],"teams":[]}`
	const archived = `"data":{"id":1002,"status":"done","archived":true,"user":{"id":456,"name":"John Doe"},
		"tags":[{"id":678,"name":"General Inquiries","tagged_by":{}}],"comments":[{"id":735,"content":"x","posted_by":{
		}}]}`
	tests := []struct {
		name, event, data string
		want              *aircall.Call
	}{
		{"call.created", "call.created", created, &aircall.Call{
			ID: 1001, Direction: aircall.CallInbound, Status: aircall.CallInitial, StartedAt: unix(1585000999),
			RawDigits: "+1 800-123-4567", Comments: []*aircall.Comment{}, Tags: []*aircall.CallTag{}, Teams: []*aircall.Team{},
		}},
		{"call.archived", "call.archived", archived, &aircall.Call{
			ID: 1002, Status: aircall.CallDone, Archived: true, User: &aircall.User{ID: 456, Name: "John Doe"},
			Tags:     []*aircall.CallTag{{ID: 678, Name: "General Inquiries"}},
			Comments: []*aircall.Comment{{ID: 735, Content: "x"}},
		}},
	}
	for _, tt := range tests {
		for _, body := range []string{
			`{"resource":"call","event":"` + tt.event + `","timestamp":1585001000,"token":"45XXYYZZa08",` + tt.data + `}`,
			`{` + tt.data + `,"resource":"call","event":"` + tt.event + `","timestamp":1585001000,"token":"45XXYYZZa08"}`,
		} {
			ev, err := Parse([]byte(body), Tokens(testToken))
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if d := diff(tt.want, ev.Call()); d != "" {
				t.Errorf("%s: Parse(%.40s...).Call() (-want +got):\n%s", tt.name, body, d)
			}
		}
	}
}
