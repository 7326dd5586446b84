//lint:file-ignore SA1019 the V1 user events are mapped to their .v2 twins

package aircalltest

import (
	"slices"

	aircall "github.com/seed1279ea27/aircall-go"
)

// userV2Events are the .v2 twins of the V1 user events: the Server sends
// both, the V1 event first, each to the webhooks subscribed to it.
var userV2Events = map[aircall.Event]aircall.Event{
	aircall.EventUserCreated:      aircall.EventUserCreatedV2,
	aircall.EventUserDeleted:      aircall.EventUserDeletedV2,
	aircall.EventUserConnected:    aircall.EventUserConnectedV2,
	aircall.EventUserDisconnected: aircall.EventUserDisconnectedV2,
	aircall.EventUserOpened:       aircall.EventUserOpenedV2,
	aircall.EventUserClosed:       aircall.EventUserClosedV2,
	aircall.EventUserWutStart:     aircall.EventUserWutStartV2,
	aircall.EventUserWutEnd:       aircall.EventUserWutEndV2,
}

// userEventV2 renders the user of a V1 user event as the .v2 events carry
// it: the User V2 object (no numbers, a /v2 direct link, default_number_id
// and substatus).
func (st *state) userEventV2(ev *userEventWire) *userV2Wire {
	v := &userV2Wire{userWire: ev.userWire, Substatus: ev.State}
	v.DirectLink = st.base + "/v2/users/" + ev.ID.String()
	if i := slices.IndexFunc(ev.Numbers, func(n *numberWire) bool { return n != nil }); i >= 0 {
		id := ev.Numbers[i].ID
		v.DefaultNumberID = &id
	}
	return v
}
