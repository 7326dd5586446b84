//lint:file-ignore SA1019 the V1 user events are compared with their .v2 twins

package aircalltest

import (
	"strings"
	"testing"

	aircall "github.com/seed1279ea27/aircall-go"
)

// TestUserV2Events: each V1 user event is followed by its .v2 twin, whose
// data is the User V2 object (no numbers, a /v2 direct link), to the
// webhooks subscribed to it.
func TestUserV2Events(t *testing.T) {
	t.Parallel()
	s, c, ctx := start(t, WithDemoData())
	rcv, token := subscribe(t, s, aircall.EventUserConnected, aircall.EventUserConnectedV2, aircall.EventUserCreatedV2, aircall.EventUserDeletedV2)
	must(t, s.ConnectUser(DemoUserJohn))
	u, _, err := c.Users.Create(ctx, &aircall.UserCreateParams{Email: "new.agent@acme.example", FirstName: "New", LastName: "Agent"})
	must(t, err)
	_, err = c.Users.Delete(ctx, u.ID)
	must(t, err)

	evs := parsed(t, s, rcv, token)
	wantEqual(t, "events", []aircall.Event{aircall.EventUserConnected, aircall.EventUserConnectedV2, aircall.EventUserCreatedV2, aircall.EventUserDeletedV2}, eventNames(evs))
	if len(evs) != 4 {
		t.FailNow()
	}
	v1, v2 := evs[0].User(), evs[1].User()
	if v1 == nil || v2 == nil {
		t.Fatalf("payloads %T %T", evs[0].Payload(), evs[1].Payload())
	}
	if len(v1.Numbers) != 2 || len(v2.Numbers) != 0 || !strings.HasSuffix(v2.DirectLink, "/v2/users/456") || v2.ID != DemoUserJohn {
		t.Errorf("v1 %d numbers, v2 %d numbers and direct link %q", len(v1.Numbers), len(v2.Numbers), v2.DirectLink)
	}
	if v2.DefaultNumberID != DemoNumberFrance {
		t.Errorf("v2 default_number_id %v, want %d", v2.DefaultNumberID, DemoNumberFrance)
	}
	if got := evs[2].User(); got == nil || got.ID != u.ID || got.Email != "new.agent@acme.example" {
		t.Errorf("user.created.v2 = %+v", got)
	}
}
