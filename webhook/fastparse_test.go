package webhook

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ordinaryParse is ParseContext without its fast path.
func ordinaryParse(body []byte, v Verifier) (*Event, error) {
	p := parser{ctx: context.Background(), v: v}
	ev, err := p.parse(body, v != nil)
	if err == errRetry {
		ev, err = p.parse(body, false)
	}
	return ev, err
}

// checkFastMatchesOrdinary fails t when the fast path accepts body and its
// event differs in anything from the ordinary parser's, or the ordinary
// parser refuses it. It reports whether the fast path accepted body.
func checkFastMatchesOrdinary(t testing.TB, body []byte) bool {
	t.Helper()
	fastV, ordinaryV := &countingVerifier{Verifier: Tokens(testToken)}, &countingVerifier{Verifier: Tokens(testToken)}
	_, _ = Parse(body, fastV)
	_, _ = ordinaryParse(body, ordinaryV)
	if fastV.n > ordinaryV.n {
		t.Errorf("Parse called Verify %d times on %q, the ordinary parser %d", fastV.n, body, ordinaryV.n)
	}
	took := false
	for _, dv := range diffVerifiers {
		p := parser{ctx: context.Background(), v: dv.v}
		fast := p.parseFast(body)
		if fast == nil {
			continue
		}
		took = true
		want, err := ordinaryParse(body, dv.v)
		if err != nil {
			t.Errorf("%s: the fast path accepts %q, the ordinary parser refuses it: %v", dv.name, body, err)
			continue
		}
		if w, g := view(want), view(fast); !reflect.DeepEqual(w, g) {
			t.Errorf("%s: fast path differs from the ordinary parser on %q (-ordinary +fast):\n%s", dv.name, body, cmp.Diff(w, g))
		}
	}
	return took
}

// TestParseFastPath: on every fixture, odd envelope and odd data, the fast
// path of Parse declines or gives exactly the ordinary parser's event; it
// takes every call, user, contact and number fixture; and it declines
// the bodies only the ordinary parser reads right.
func TestParseFastPath(t *testing.T) {
	t.Parallel()
	for name, body := range fixtureBodies(t) {
		took := checkFastMatchesOrdinary(t, body)
		ev, err := Parse(body, Tokens(testToken))
		if err != nil {
			continue // an error fixture
		}
		switch ev.Resource {
		case ResourceCall, ResourceUser, ResourceContact, ResourceNumber:
			if !took && strings.HasPrefix(string(ev.Name), ev.Resource+".") && ev.Known() {
				t.Errorf("%s: the fast path declined a %s event", name, ev.Name)
			}
		}
	}
	for _, body := range oddEnvelopes {
		checkFastMatchesOrdinary(t, []byte(body))
	}
	for _, d := range append(oddData, reviewData...) {
		for _, event := range []string{"call.ended", "user.created", "contact.updated", "number.opened"} {
			checkFastMatchesOrdinary(t, []byte(`{"resource":"x","event":"`+event+`","timestamp":1585002050,"token":"45XXYYZZa08","data":`+d+`}`))
		}
	}
	for _, body := range reviewEnvelopes {
		checkFastMatchesOrdinary(t, []byte(body))
	}
	// Envelope names match as in the ordinary parser, in any case.
	if !checkFastMatchesOrdinary(t, []byte(`{"Event":"call.ended","TOKEN":"45XXYYZZa08","Data":{"id":1}}`)) {
		t.Error("the fast path declined envelope names in another case")
	}
	for _, body := range []string{
		`{"event":"call.ended","data":{"id":1},"token":"45XXYYZZa08"}`,   // data first
		`{"event":"call.ended","token":"45XXYYZZa08","data":null}`,       // not an object
		`{"event":"call.ended","token":"wrong","data":{"id":1}}`,         // the ordinary parser reports it
		`{"event":"call.ended","token":"45XXYYZZa08","data":{"ID":1}}`,   // a field in another case
		`{"event":"summary.created","token":"45XXYYZZa08","data":{}}`,    // no scan function
		`{"event":"x.y","token":"45XXYYZZa08","data":{"id":1}}`,          // not documented
		`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1}} 1`, // two values
	} {
		p := parser{ctx: context.Background(), v: Tokens(testToken)}
		if ev := p.parseFast([]byte(body)); ev != nil {
			t.Errorf("the fast path took %s", body)
		}
	}
}

// TestParseFastVerifiesOnce: a body that the fast path declines after
// checking the token is not checked again by the ordinary parser.
func TestParseFastVerifiesOnce(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1}}`,
		`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":"x"}}`,   // declined after the check
		`{"event":"call.ended","token":"45XXYYZZa08","data":{"Id":1}}`,     // declined after the check
		`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1}},`,    // malformed after the check
		`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"x":`, // malformed after the check
	} {
		v := &countingVerifier{Verifier: Tokens(testToken)}
		_, _ = Parse([]byte(body), v)
		if v.n != 1 {
			t.Errorf("%s: Verify called %d times, want 1", body, v.n)
		}
	}
}

// countingVerifier counts the calls of Verify.
type countingVerifier struct {
	Verifier
	n int
}

func (v *countingVerifier) Verify(ctx context.Context, token string) (any, error) {
	v.n++
	return v.Verifier.Verify(ctx, token)
}

// FuzzParseFast: on any body, the fast path declines or gives exactly the
// ordinary parser's event.
func FuzzParseFast(f *testing.F) {
	for _, body := range fixtureBodies(f) {
		f.Add(body)
	}
	for _, s := range oddEnvelopes {
		f.Add([]byte(s))
	}
	for _, d := range append(oddData[:24], reviewData...) {
		f.Add([]byte(`{"event":"call.ended","token":"45XXYYZZa08","data":` + d + `}`))
	}
	for _, s := range reviewEnvelopes {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		checkFastMatchesOrdinary(t, body)
	})
}

// reviewData are data members at the edges of the fast path: repeated
// lists with an empty one between them, empty objects, escapes.
var reviewData = []string{
	`{"tags":[{"id":1,"name":"a"}],"tags":[],"tags":[{"id":2}]}`,
	`{"emails":[{"id":1,"value":"a"}],"emails":[ ],"emails":[{"label":"b"}]}`,
	`{"numbers":[{"users":[{"id":1,"name":"a"}]}],"numbers":[{"users":[]}],"numbers":[{"users":[{"id":2}]}]}`,
	`{"users":[{"id":1,"name":"a"}],"users":[],"users":[{"email":"b"}]}`,
	`{"phone_numbers":[{"id":1,"value":"+1"}],"phone_numbers":[],"phone_numbers":[{"label":"x"}]}`,
	`{"id":1,"id":null,"default_number_id":"5","default_number_id":""}`,
	`{"priority":1,"priority":null,"flow_editor_enabled":true,"flow_editor_enabled":false}`,
	`{"name":"\ud83d\ude00\u00e9","email":"a\/b","first_name":"\u0000"}`,
	`{"x":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`,
}

// reviewEnvelopes are whole bodies at the edges of the fast path.
var reviewEnvelopes = []string{
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1}  ,"timestamp":5}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1} }`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"resource":"call","resource":"x"}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"timestamp":5,"timestamp":6}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"Data":{"id":2}}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"token":"other"}`,
	`{"event":"call.ended","token":"other","data":{"id":1},"token":"45XXYYZZa08"}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"event":"call.ended"}`,
	`{"event":"call\u002eended","token":"45XXYYZZa08","data":{"id":1}}`,
	`{"event":"call.ended","token":"45XX\u0059YZZa08","resource":"\u0063all","data":{"id":1}}`,
	`{"event":"call.ended","token":"45XXYYZZa08","resource":"\ud800","data":{"id":1}}`,
	`{"event":"call.ended","token":"45XXYYZZa08","resource":null,"timestamp":null,"data":{"id":1}}`,
	`{"event":"call.ended","token":"45XXYYZZa08","timestamp":"1585002050","data":{"id":1}}`,
	`{"event":"call.ended","token":"45XXYYZZa08","timestamp":1585002050123,"data":{"id":1}}`,
	`{"event":"call.ended","token":"45XXYYZZa08","timestamp":"","data":{"id":1}}`,
	`{"event":"user.created","token":"45XXYYZZa08","data":{}}`,
	`{"event":"contact.created","token":"45XXYYZZa08","data":{ }}`,
	`{"event":"number.opened","token":"45XXYYZZa08","data":{"messages":{}}}`,
	`{"x":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `,"event":"call.ended","token":"45XXYYZZa08","data":{"id":1}}`,
	`{"tokens":1,"datas":2,"even":3,"event":"call.ended","token":"45XXYYZZa08","data":{"id":1}}`,
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"x":"\ud800"}`,
	"{\"event\":\"call.ended\",\"token\":\"45XXYYZZa08\",\"data\":{\"id\":1},\"x\":\"\xff\"}",
	`{"event":"call.ended","token":"45XXYYZZa08","data":{"id":1},"x":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`,
}
