package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/spf13/cobra"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
	"github.com/seed1279ea27/aircall-go/webhook/webhooktest"
)

func (a *app) triggerCmd() *cobra.Command {
	var to, token, fake, data string
	var printBody bool
	cmd := &cobra.Command{
		Use:   "trigger EVENT (--to URL --token T | --fake URL [--data JSON])",
		Short: "Post the webhook event Aircall would send, or have a fake Aircall produce it",
		Long: `trigger sends EVENT (any of the 67 documented events, such as call.ended or
summary.created) the way Aircall would.

Against a fake (aircall fake; --fake URL, or AIRCALL_BASE_URL / --base-url
when it points at a loopback address), trigger asks the fake to make the
state change that emits EVENT (POST /_fake/events/EVENT, with --data naming
the resource, such as '{"call_id": 123}' or '{"user_id": 456}'), then waits
until the fake delivered it (POST /_fake/flush): the fake's state and the
event agree, and every webhook registered on the fake receives it. The
fake's credentials are the usual AIRCALL_API_ID and AIRCALL_API_TOKEN (or
--api-id and --api-token). --print-body prints the affected resource, as the
fake answered it.

With --to, trigger posts the body itself to the receiver at URL, with the
token given: the body a demo fake would deliver for EVENT, built by the
same serializer (package aircalltest), with realistic values in every key
(a summary has its call_id and content). --print-body prints that body on
stderr. trigger prints the status of the answer and exits 1 when it is not
2xx.

Events: ` + eventList(),
		Args: exactArgs(1, "EVENT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			event := aircall.Event(args[0])
			if !event.Known() {
				return usagef("trigger: unknown event %q (known: %s)", args[0], eventList())
			}
			if to == "" {
				if fake == "" {
					fake = loopbackURL(a.setting(a.baseURL, "AIRCALL_BASE_URL"))
				}
				if fake == "" {
					return usagef("trigger: --to URL and --token T, or --fake URL (or AIRCALL_BASE_URL at a fake), are required")
				}
				return a.triggerOnFake(cmd, event, fake, data, printBody)
			}
			if fake != "" || data != "" {
				return usagef("trigger: --to posts the body itself; --fake and --data are for a fake")
			}
			if token == "" {
				return usagef("trigger: --to needs --token")
			}
			body, err := aircalltest.EventBody(cmd.Context(), event, token)
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
	cmd.Flags().StringVar(&to, "to", "", "receiver URL to post the body to (without a fake)")
	cmd.Flags().StringVar(&token, "token", "", "webhook token to put in the body (with --to)")
	cmd.Flags().StringVar(&fake, "fake", "", "URL of a fake Aircall (aircall fake) to produce the event on (default: AIRCALL_BASE_URL when it is a loopback address)")
	cmd.Flags().StringVar(&data, "data", "", `JSON naming the resource for the fake, such as '{"call_id": 123}'`)
	cmd.Flags().BoolVar(&printBody, "print-body", false, "also print the body sent (with --to) or the affected resource (with a fake), on stderr")
	return cmd
}

// triggerOnFake has the fake at base produce event and deliver it.
func (a *app) triggerOnFake(cmd *cobra.Command, event aircall.Event, base, data string, printBody bool) error {
	var body any
	if data != "" {
		if !json.Valid([]byte(data)) {
			return usagef("trigger: --data is not JSON: %s", data)
		}
		body = json.RawMessage(data)
	}
	a.baseURL = base // the fake, for this command
	c, err := a.client()
	if err != nil {
		return err
	}
	var res json.RawMessage
	if _, err := c.Do(cmd.Context(), http.MethodPost, "/_fake/events/"+string(event), nil, body, &res); err != nil {
		return fmt.Errorf("trigger: the fake refused %s: %w", event, err)
	}
	if _, err := c.Do(cmd.Context(), http.MethodPost, "/_fake/flush", nil, nil, nil); err != nil {
		return fmt.Errorf("trigger: waiting for the delivery of %s: %w", event, err)
	}
	if printBody {
		fmt.Fprintf(cmd.ErrOrStderr(), "%s\n", res)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%s -> produced by the fake at %s, delivered to its webhooks\n", event, base)
	return nil
}

// loopbackURL returns raw when it is an http(s) URL on a loopback address
// (where a fake listens; never the real API), else "".
func loopbackURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	if h := u.Hostname(); h == "localhost" || net.ParseIP(h) != nil && net.ParseIP(h).IsLoopback() {
		return raw
	}
	return ""
}
