package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/spf13/cobra"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

func (a *app) triggerCmd() *cobra.Command {
	var to, token string
	var printBody bool
	cmd := &cobra.Command{
		Use:   "trigger EVENT --to URL --token T",
		Short: "Post a realistic webhook event to a receiver and print its answer's status",
		Long: `trigger posts the body Aircall would send for EVENT (any documented event,
such as call.ended or contact.created) to a receiver, with the token given,
and prints the status of the answer. It exits 1 when the answer is not 2xx.

Events: ` + eventList(),
		Args: exactArgs(1, "EVENT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			event := aircall.Event(args[0])
			if !event.Known() {
				return usagef("trigger: unknown event %q (known: %s)", args[0], eventList())
			}
			if to == "" || token == "" {
				return usagef("trigger: --to and --token are required")
			}
			now := time.Now()
			body, err := webhooktest.Body(event, token, sampleData(event, now), now)
			if err != nil {
				return err
			}
			if printBody {
				fmt.Fprintf(cmd.ErrOrStderr(), "%s\n", body)
			}
			resp, err := webhooktest.Deliver(cmd.Context(), &http.Client{Timeout: 10 * time.Second}, to, body)
			if err != nil {
				return err
			}
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
			resp.Body.Close()
			fmt.Fprintf(cmd.OutOrStdout(), "%s -> %s: %s\n", event, to, resp.Status)
			if resp.StatusCode < 200 || resp.StatusCode > 299 {
				return fmt.Errorf("the receiver answered %s", resp.Status)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "receiver URL (required)")
	cmd.Flags().StringVar(&token, "token", "", "webhook token to put in the body (required)")
	cmd.Flags().BoolVar(&printBody, "print-body", false, "also print the body sent, on stderr")
	return cmd
}

// sampleData returns realistic data for event, built from its resource so
// that every event Aircall documents gets one, including events added to
// aircall.Events later: a call, user, number, contact or integration as the
// webhooks send them, and {"id": ...} for a resource it does not know.
func sampleData(event aircall.Event, now time.Time) json.RawMessage {
	var data map[string]any
	switch event.Resource() {
	case "call":
		data = sampleCall(event, now)
	case "user":
		data = sampleUser()
		available := !strings.HasSuffix(string(event), "closed") && !strings.HasSuffix(string(event), "disconnected")
		data["available"] = available
		data["availability_status"] = map[bool]string{true: "available", false: "unavailable"}[available]
	case "number":
		data = sampleNumber()
		data["open"] = !strings.HasSuffix(string(event), "closed")
	case "contact":
		data = sampleContact(now)
	case "integration":
		data = map[string]any{"integration_id": 4242, "company_id": 1789}
	default:
		data = map[string]any{"id": 90210, "created_at": now.Unix()}
	}
	b, _ := json.Marshal(data) // maps of JSON values always marshal
	return b
}

func sampleUser() map[string]any {
	return map[string]any{
		"id": 305761, "direct_link": "https://api.aircall.io/v1/users/305761",
		"name": "Madeleine Okafor", "email": "madeleine.okafor@example.com",
		"available": true, "availability_status": "available",
		"created_at": "2024-02-12T09:30:41.000Z", "time_zone": "Europe/Paris", "language": "fr-FR",
		"wrap_up_time": 30,
	}
}

func sampleNumber() map[string]any {
	return map[string]any{
		"id": 78112, "direct_link": "https://api.aircall.io/v1/numbers/78112",
		"name": "Lyon Support", "digits": "+33 4 28 29 00 00",
		"created_at": "2023-06-01T08:00:12.000Z", "country": "FR", "time_zone": "Europe/Paris",
		"open": true, "availability_status": "custom", "is_ivr": false,
		"live_recording_activated": true, "priority": nil,
		"messages": map[string]any{"welcome": "https://example.com/welcome.mp3"},
	}
}

func sampleContact(now time.Time) map[string]any {
	// Contact timestamps arrive as strings in webhooks.
	ts := fmt.Sprint(now.Add(-48 * time.Hour).Unix())
	return map[string]any{
		"id": 6301123, "direct_link": "https://api.aircall.io/v1/contacts/6301123",
		"first_name": "Tomás", "last_name": "Lindqvist", "company_name": "Nordhavn Logistics",
		"information": nil, "is_shared": true, "created_at": ts, "updated_at": ts,
		"emails":        []any{map[string]any{"id": 7710021, "label": "Work", "value": "tomas@nordhavn.example"}},
		"phone_numbers": []any{map[string]any{"id": 7710020, "label": "Mobile", "value": "+46701234567"}},
	}
}

// sampleCall is a call in the state event leaves it in.
func sampleCall(event aircall.Event, now time.Time) map[string]any {
	started := now.Add(-3 * time.Minute).Unix()
	call := map[string]any{
		"id": 1874520113, "direct_link": "https://api.aircall.io/v1/calls/1874520113",
		"direction": "inbound", "status": "answered", "missed_call_reason": nil,
		"started_at": started, "answered_at": started + 12, "ended_at": nil, "duration": 0,
		"raw_digits": "+46 70 123 45 67", "voicemail": nil, "recording": nil, "asset": nil,
		"archived": false, "cost": "0.0", "assigned_to": nil, "transferred_by": nil, "transferred_to": nil,
		"user": sampleUser(), "number": sampleNumber(), "contact": sampleContact(now),
		"comments": []any{}, "tags": []any{}, "teams": []any{},
	}
	switch event {
	case aircall.EventCallCreated, aircall.EventCallRingingOnAgent, aircall.EventCallAgentDeclined:
		call["status"], call["answered_at"] = "initial", nil
	case aircall.EventCallEnded, aircall.EventCallHungup, aircall.EventCallVoicemailLeft, aircall.EventCallArchived,
		aircall.EventCallCommAssetsGenerated, aircall.EventCallCommented, aircall.EventCallTagged, aircall.EventCallUntagged:
		call["status"], call["ended_at"], call["duration"] = "done", started+174, 174
		call["recording"] = "https://example.com/recordings/1874520113.mp3"
		call["asset"] = "https://assets.aircall.io/calls/1874520113/recording"
	}
	switch event {
	case aircall.EventCallVoicemailLeft:
		call["answered_at"], call["user"], call["recording"] = nil, nil, nil
		call["voicemail"] = "https://example.com/voicemails/1874520113.mp3"
		call["missed_call_reason"] = "agents_did_not_answer"
	case aircall.EventCallArchived:
		call["archived"] = true
	case aircall.EventCallCommented:
		call["comments"] = []any{map[string]any{"id": 990112, "content": "Asked for a callback on Friday.", "posted_at": started + 180, "posted_by": sampleUser()}}
	case aircall.EventCallTagged:
		call["tags"] = []any{map[string]any{"id": 55021, "name": "Renewal", "created_at": started + 181, "tagged_by": sampleUser()}}
	case aircall.EventCallAssigned:
		call["assigned_to"] = sampleUser()
	case aircall.EventCallTransferred, aircall.EventCallUnsuccessfulTransfer:
		call["transferred_by"] = sampleUser()
		call["transferred_to"] = map[string]any{"id": 305790, "name": "Ines Duarte", "email": "ines.duarte@example.com"}
	case aircall.EventCallIvrOptionSelected:
		call["status"], call["answered_at"] = "initial", nil
		call["ivr_options"] = []any{map[string]any{"id": "3f0c1a7e", "title": "Billing", "key": "2", "created_at": started + 5}}
	}
	return call
}
