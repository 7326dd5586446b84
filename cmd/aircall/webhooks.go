package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	aircall "github.com/seed1279ea27/aircall-go"
)

func (a *app) webhooksCmd() *cobra.Command {
	r := webhookResource
	cmd := a.resourceCmd(r, "List, create, update and delete webhooks", "webhook")

	var create struct {
		url, name string
		events    []string
		json      bool
	}
	createCmd := &cobra.Command{
		Use:   "create --url URL [--events call.created,call.ended]",
		Short: "Register a webhook (every event unless --events is given)",
		Args:  noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *aircall.Client, _ []string) error {
			if create.url == "" {
				return usagef("webhooks create: --url is required")
			}
			events, err := parseEvents(create.events)
			if err != nil {
				return err
			}
			wh, _, err := c.Webhooks.Create(cmd.Context(), &aircall.WebhookCreateParams{URL: create.url, CustomName: create.name, Events: events})
			if err != nil {
				return err
			}
			return printWebhook(cmd, wh, create.json)
		}),
	}
	createCmd.Flags().StringVar(&create.url, "url", "", "URL that receives the events (required)")
	createCmd.Flags().StringVar(&create.name, "name", "", "custom name")
	createCmd.Flags().StringSliceVar(&create.events, "events", nil, "events to subscribe to, comma separated (default: every event)")
	createCmd.Flags().BoolVar(&create.json, "json", false, "print the webhook as JSON")

	var update struct {
		url, name        string
		events           []string
		allEvents        bool
		active, inactive bool
		json             bool
	}
	updateCmd := &cobra.Command{
		Use:   "update WEBHOOK_ID [--url URL] [--events ...|--all-events] [--name N] [--active|--inactive]",
		Short: "Change a webhook; its events are kept unless --events or --all-events is given",
		Long: `update changes a webhook. The API resets a webhook to every event when an
update leaves its events out, so update first reads the webhook's current
events and sends them again, unless --events (the new list) or --all-events
is given.`,
		Args: idArgs(r, "WEBHOOK_ID"),
		RunE: a.withClient(func(cmd *cobra.Command, c *aircall.Client, args []string) error {
			f := cmd.Flags()
			if f.Changed("events") && update.allEvents {
				return usagef("webhooks update: --events and --all-events exclude each other")
			}
			if update.active && update.inactive {
				return usagef("webhooks update: --active and --inactive exclude each other")
			}
			p := &aircall.WebhookUpdateParams{AllEvents: update.allEvents}
			if f.Changed("url") {
				p.URL = &update.url
			}
			if f.Changed("name") {
				p.CustomName = &update.name
			}
			if update.active || update.inactive {
				p.Active = aircall.Ptr(update.active)
			}
			ctx := cmd.Context()
			switch {
			case f.Changed("events"):
				events, err := parseEvents(update.events)
				if err != nil {
					return err
				}
				if len(events) == 0 {
					return usagef("webhooks update: --events is empty; use --all-events to subscribe to every event")
				}
				p.Events = events
			case !update.allEvents:
				cur, _, err := c.Webhooks.Get(ctx, args[0])
				if err != nil {
					return fmt.Errorf("reading the webhook's current events: %w", err)
				}
				if len(cur.Events) == 0 {
					p.AllEvents = true // subscribed to every event already
				}
				p.Events = cur.Events
			}
			wh, _, err := c.Webhooks.Update(ctx, args[0], p)
			if err != nil {
				return err
			}
			return printWebhook(cmd, wh, update.json)
		}),
	}
	uf := updateCmd.Flags()
	uf.StringVar(&update.url, "url", "", "new URL")
	uf.StringVar(&update.name, "name", "", "new custom name")
	uf.StringSliceVar(&update.events, "events", nil, "new events, comma separated (default: keep the current ones)")
	uf.BoolVar(&update.allEvents, "all-events", false, "subscribe to every event")
	uf.BoolVar(&update.active, "active", false, "re-activate the webhook")
	uf.BoolVar(&update.inactive, "inactive", false, "disable the webhook")
	uf.BoolVar(&update.json, "json", false, "print the webhook as JSON")

	deleteCmd := &cobra.Command{
		Use:   "delete WEBHOOK_ID",
		Short: "Delete a webhook",
		Args:  idArgs(r, "WEBHOOK_ID"),
		RunE: a.withClient(func(cmd *cobra.Command, c *aircall.Client, args []string) error {
			if _, err := c.Webhooks.Delete(cmd.Context(), args[0]); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "deleted webhook %s\n", args[0])
			return nil
		}),
	}
	cmd.AddCommand(createCmd, updateCmd, deleteCmd)
	return cmd
}

// parseEvents checks event names against the documented ones.
func parseEvents(names []string) ([]aircall.Event, error) {
	var out []aircall.Event
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		e := aircall.Event(n)
		if !e.Known() {
			return nil, usagef("unknown event %q (known: %s)", n, eventList())
		}
		if !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out, nil
}

func eventList() string {
	var names []string
	for _, e := range aircall.Events() {
		names = append(names, string(e))
	}
	return strings.Join(names, ", ")
}

// printWebhook prints a created or updated webhook, with its token: the
// token is what a receiver checks (aircall listen --token).
func printWebhook(cmd *cobra.Command, wh *aircall.Webhook, asJSON bool) error {
	out := cmd.OutOrStdout()
	if asJSON {
		return writeJSON(out, wh)
	}
	events := "every event"
	if len(wh.Events) > 0 {
		events = joinEvents(wh.Events)
	}
	fmt.Fprintf(out, "webhook_id: %s\nurl:        %s\nactive:     %t\ntoken:      %s\nevents:     %s\n", wh.WebhookID, wh.URL, wh.Active, wh.Token, events)
	return nil
}

func joinEvents(events []aircall.Event) string {
	s := make([]string, len(events))
	for i, e := range events {
		s[i] = string(e)
	}
	return strings.Join(s, ",")
}
