package main

import (
	"flag"
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/seed1279ea27/aircall-go/aircalltest"
)

func (a *app) fakeCmd() *cobra.Command {
	cfg := aircalltest.DefaultStandalone()
	cmd := &cobra.Command{
		Use:   "fake [--addr 127.0.0.1:8080] [--calls N] [--rate N] [--window D] [--cap N] [--api-id ID] [--api-token T]",
		Short: "Serve the in-memory Aircall API of package aircalltest",
		Long: `fake serves the in-memory Aircall API of package aircalltest on loopback
and prints its URL and the credentials it accepts (random unless --api-id and
--api-token are given), then serves until interrupted. Point the other
commands at it with the AIRCALL_* variables it prints. --ai-delay,
--no-ai-add-on, --no-analytics-plus, --export-polls, --export-failure and
--agent-escalation set up the 2026 features, as the With... options of
package aircalltest do.

Events are sent key for key as Aircall's webhooks send them, to the webhooks
registered on the fake (loopback URLs only). Any of the 67 events can be
produced over HTTP, with the fake's credentials, from loopback:

  POST /_fake/events/EVENT   makes the state change that emits EVENT on the
                             fake's data and delivers it: 200 with the
                             affected resource, 404 for an unknown event or
                             resource, 409 when the state does not allow it
                             (no ongoing call to hold). The optional JSON body
                             names the resource: {"call_id": 123},
                             {"user_id": 456}, number_id, contact_id, tag_id.
  POST /_fake/flush          waits until every queued event is delivered (204).

For example:
  curl -u ID:TOKEN -X POST URL/_fake/events/call.answered -d '{"user_id": 457}'
  aircall trigger call.hold --fake URL    (the same, then waits for delivery)`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return cfg.Serve(cmd.Context(), cmd.OutOrStdout(), nil)
		},
	}
	// The flags are aircalltest.Standalone's, shared with aircall-fake. Its
	// --api-id and --api-token are the fake's own, and shadow the global
	// flags of the same name, which fake does not use.
	fs := flag.NewFlagSet("fake", flag.ContinueOnError)
	cfg.RegisterFlags(fs)
	cmd.Flags().AddGoFlagSet(fs)
	// Their usage names each other in the standard library's style
	// (-addr): here every flag is spelled --name.
	var names []string
	fs.VisitAll(func(f *flag.Flag) { names = append(names, regexp.QuoteMeta(f.Name)) })
	single := regexp.MustCompile(`(^|[\s(\[,"'])-(` + strings.Join(names, "|") + `)\b`)
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if fs.Lookup(f.Name) != nil {
			f.Usage = single.ReplaceAllString(f.Usage, "$1--$2")
		}
	})
	return cmd
}
