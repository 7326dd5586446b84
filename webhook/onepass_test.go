package webhook

import (
	"context"
	"errors"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"
)

// countingVerifier accepts one token and counts the calls.
type countingVerifier struct {
	token string
	calls int
}

func (v *countingVerifier) Verify(_ context.Context, token string) (any, error) {
	v.calls++
	if token != v.token {
		return nil, ErrInvalidToken
	}
	return "acme", nil
}

// Parse decodes the data in the envelope's pass when the token comes
// first, and in a second pass otherwise (token after data, a value that
// does not fit, a later event name): the Event is the same either way,
// and Verify is asked once.
func TestParseOnePassAndTwoPassesAgree(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body string
		wantErr    error
		duration   int
		dropped    int
	}{
		{"token first", `{"event":"call.ended","timestamp":1,"token":"tk","data":{"id":7,"duration":30}}`, nil, 30, 0},
		{"token after data", `{"event":"call.ended","timestamp":1,"data":{"id":7,"duration":30},"token":"tk"}`, nil, 30, 0},
		{"lenient data", `{"event":"call.ended","timestamp":1,"token":"tk","data":{"id":7,"duration":"thirty"}}`, nil, 0, 1},
		{"wrong token", `{"event":"call.ended","timestamp":1,"token":"nope","data":{"id":7,"duration":30}}`, ErrInvalidToken, 0, 0},
		{"malformed after data", `{"event":"call.ended","token":"tk","data":{"id":7},`, ErrMalformed, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := &countingVerifier{token: "tk"}
			ev, err := ParseContext(context.Background(), []byte(tt.body), v)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if v.calls > 1 {
				t.Errorf("Verify called %d times, want at most once", v.calls)
			}
			if err != nil {
				return
			}
			call := ev.Call()
			if call == nil || call.ID != 7 || call.Duration != tt.duration || len(ev.Dropped) != tt.dropped {
				t.Errorf("call %+v, dropped %v; want id 7, duration %d, %d dropped", call, ev.Dropped, tt.duration, tt.dropped)
			}
			if ev.Name != aircall.EventCallEnded || ev.Account != "acme" || string(ev.Data) == "" {
				t.Errorf("event %q, account %v, data %q", ev.Name, ev.Account, ev.Data)
			}
		})
	}
}
