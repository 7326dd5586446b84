package main

import (
	"regexp"
	"strconv"

	"github.com/spf13/cobra"
)

// webhookID is the shape of a webhook_id: a UUID, hex digits and dashes.
var webhookID = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z-]*$`)

// checkID refuses an id that cannot name an item of r, before any request:
// webhooks have UUIDs, every other resource a positive integer.
func checkID(r resource, id string) error {
	if r == webhookResource {
		if !webhookID.MatchString(id) {
			return usagef("webhook id %q: want the webhook's webhook_id, a UUID (aircall webhooks list shows them)", id)
		}
		return nil
	}
	if n, err := strconv.ParseUint(id, 10, 64); err != nil || n == 0 {
		return usagef("%s id %q: want a positive integer, as in the API's %q field", r.singular(), id, "id")
	}
	return nil
}

// idArgs wants one argument, an id of r (names says how usage calls it).
func idArgs(r resource, names string) func(*cobra.Command, []string) error {
	n := exactArgs(1, names)
	return func(cmd *cobra.Command, args []string) error {
		if err := n(cmd, args); err != nil {
			return err
		}
		return checkID(r, args[0])
	}
}
