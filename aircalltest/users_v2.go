//lint:file-ignore SA1019 the V1 user events are mapped to their .v2 twins

package aircalltest

import (
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

// emitUser sends the V1 user event about u (slim, with its numbers), then
// its .v2 twin (the User V2 object, without numbers), at ts (Unix seconds).
func (s *Server) emitUser(event aircall.Event, u *userRec, ts int64) {
	s.emitTS(event, s.st.hookUserEvent(u), ts)
	if v2, ok := userV2Events[event]; ok {
		s.emitTS(v2, s.st.userV2(u), ts)
	}
}
