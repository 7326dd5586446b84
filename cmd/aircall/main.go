// Command aircall scripts an Aircall account from a shell: export calls and
// contacts past the API's 10,000-item cap, import contacts without
// duplicates, manage webhooks, receive and trigger webhook events locally,
// serve a fake Aircall, and send raw API calls.
//
// Credentials come from AIRCALL_API_ID and AIRCALL_API_TOKEN, or from
// AIRCALL_ACCESS_TOKEN; AIRCALL_BASE_URL overrides the API's URL. Flags
// override the environment. Exit codes: 0 on success, 1 on failure, 2 on a
// usage error. Run "aircall --help" for the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	aircall "github.com/seed1279ea27/aircall-go"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := environ{getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr, stdin: os.Stdin,
		stderrTerminal: term.IsTerminal(int(os.Stderr.Fd()))}
	code := run(ctx, os.Args[1:], env)
	stop()
	os.Exit(code)
}

// environ is what the command reads from and writes to: the process's in
// main, buffers in tests.
type environ struct {
	getenv         func(string) string
	stdout, stderr io.Writer
	stdin          io.Reader
	stderrTerminal bool // draw progress bars on stderr
}

// usageError marks a mistake in the command line: exit code 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func usagef(format string, args ...any) error { return usageError{fmt.Errorf(format, args...)} }

// run executes the command line args and returns the exit code.
func run(ctx context.Context, args []string, env environ) int {
	a := &app{env: env}
	root := a.rootCmd()
	root.SetArgs(args)
	root.SetOut(env.stdout)
	root.SetErr(env.stderr)
	root.SetIn(env.stdin)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return 0
	}
	fmt.Fprintln(env.stderr, errorMessage(err))
	if hint := a.hint(err); hint != "" {
		fmt.Fprintln(env.stderr, hint)
	}
	var ue usageError
	if errors.As(err, &ue) || strings.HasPrefix(err.Error(), "unknown command") {
		if cmd == nil {
			cmd = root
		}
		fmt.Fprintf(env.stderr, "\n%s", cmd.UsageString())
		return 2
	}
	return 1
}

// errorMessage is err's text with one "aircall: " prefix: the SDK's errors
// start with it, and so do those they wrap.
func errorMessage(err error) string { return "aircall: " + plain(err) }

// plain is err's text without the "aircall: " prefixes of the SDK's
// errors, for a message that names the command already.
func plain(err error) string {
	return strings.ReplaceAll(strings.TrimPrefix(err.Error(), "aircall: "), ": aircall: ", ": ")
}

// app holds the global flags and builds the Client.
type app struct {
	env         environ
	apiID       string
	apiToken    string
	accessToken string
	baseURL     string
	rateLimit   int
	quiet       bool
	verbose     bool
	progress    progressOptions
	// creds names the credentials the Client uses (variables or flags,
	// never values), for the hint of a 401 or 403.
	creds  string
	bearer bool // creds is an OAuth token
	// clearLine erases a progress bar's line before a log line.
	clearLine func()
}

func (a *app) rootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "aircall",
		Short: "Script an Aircall account: export, import, webhooks, a local receiver and a fake API",
		Long: `aircall scripts an Aircall account through the aircall-go SDK: paced within
the rate budget, past the 10,000-item cap of lists, never duplicating a write.

Credentials come from AIRCALL_API_ID and AIRCALL_API_TOKEN (an API key), or
from AIRCALL_ACCESS_TOKEN (an OAuth token). AIRCALL_BASE_URL overrides the
API's URL. Flags override the environment; prefer the environment, since
flags show in the process list. Credentials are never printed or written.

Progress and messages go to stderr (--quiet: errors only; -v: every retry
and warning of the SDK, which a terminal shows anyway). Data goes to stdout.

Exit codes: 0 on success; 1 on a failure (an API error, a network error, an
interrupted run, an import row that failed); 2 on a usage error, which
prints the command's usage.`,
		Version:       versionText(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	group(root)
	root.SetVersionTemplate("{{.Version}}")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	pf := root.PersistentFlags()
	pf.StringVar(&a.apiID, "api-id", "", "API key id (default $AIRCALL_API_ID)")
	pf.StringVar(&a.apiToken, "api-token", "", "API key token (default $AIRCALL_API_TOKEN)")
	pf.StringVar(&a.accessToken, "access-token", "", "OAuth access token (default $AIRCALL_ACCESS_TOKEN)")
	pf.StringVar(&a.baseURL, "base-url", "", "API root URL (default $AIRCALL_BASE_URL, else "+aircall.DefaultBaseURL+")")
	pf.BoolVar(&a.quiet, "quiet", false, "leave only errors on stderr: no progress, retry lines, notes or summaries there")
	pf.BoolVarP(&a.verbose, "verbose", "v", false, "print every retry and warning of the SDK on stderr (a terminal shows retries anyway)")
	pf.IntVar(&a.rateLimit, "rate-limit", 0, "requests per minute to start pacing at, until the API's headers tell the budget (default: the SDK's, aircall.DefaultRateLimit)")

	root.AddCommand(a.pingCmd(), a.rateCmd(), a.apiCmd(), a.exportCmd(), a.contactsCmd(), a.webhooksCmd(),
		a.listenCmd(), a.triggerCmd(), a.fakeCmd(), a.versionCmd())
	root.AddCommand(a.syncCmd())
	for _, r := range resources() {
		if r.name() == "contacts" || r.name() == "webhooks" {
			continue // they have commands of their own, with list and get among them
		}
		root.AddCommand(a.resourceCmd(r, "List or get "+r.name()))
	}
	return root
}

// group makes cmd a command of subcommands: alone, it prints its help; with
// an argument that is no subcommand, it is a usage error.
func group(cmd *cobra.Command) *cobra.Command {
	cmd.Args = cobra.ArbitraryArgs
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("unknown command %q for %q", args[0], cmd.CommandPath())
		}
		return cmd.Help()
	}
	return cmd
}

// noArgs refuses positional arguments with a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unknown command %q for %q", args[0], cmd.CommandPath())
	}
	return nil
}

// exactArgs wants n positional arguments, named in the message.
func exactArgs(n int, names string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("wrong arguments: %q wants %s, got %d argument(s)", cmd.CommandPath(), names, len(args))
		}
		return nil
	}
}

// errNoCredentials names the variables to set.
var errNoCredentials = errors.New("no credentials: set AIRCALL_API_ID and AIRCALL_API_TOKEN (an API key), or AIRCALL_ACCESS_TOKEN (an OAuth access token), or the matching flags --api-id, --api-token, --access-token")

// source names where a setting comes from: the flag when it is set, else
// the environment variable.
func source(flagValue, flag, env string) string {
	if flagValue != "" {
		return flag
	}
	return env
}

// setting returns the flag's value, or else the environment variable's.
func (a *app) setting(flag, env string) string {
	if flag != "" {
		return flag
	}
	return a.env.getenv(env)
}

// client builds the Client from flags and environment, with extra applied
// last.
func (a *app) client(extra ...aircall.Option) (*aircall.Client, error) {
	id, token := a.setting(a.apiID, "AIRCALL_API_ID"), a.setting(a.apiToken, "AIRCALL_API_TOKEN")
	access := a.setting(a.accessToken, "AIRCALL_ACCESS_TOKEN")
	var opts []aircall.Option
	noFlags := a.apiID == "" && a.apiToken == "" && a.accessToken == ""
	switch {
	case noFlags && access != "" && (id != "" || token != ""):
		return nil, errors.New("both AIRCALL_ACCESS_TOKEN and AIRCALL_API_ID/AIRCALL_API_TOKEN are set: unset one, or choose with --access-token or --api-id/--api-token")
	case a.apiID != "" || a.apiToken != "" || (a.accessToken == "" && (id != "" || token != "")):
		if id == "" || token == "" {
			return nil, errors.New("incomplete API key: set both AIRCALL_API_ID and AIRCALL_API_TOKEN (or --api-id and --api-token)")
		}
		opts = append(opts, aircall.WithBasicAuth(id, token))
		a.creds = "the API key from " + source(a.apiID, "--api-id", "AIRCALL_API_ID") + " and " + source(a.apiToken, "--api-token", "AIRCALL_API_TOKEN")
	case access != "":
		opts = append(opts, aircall.WithBearerToken(access))
		a.creds, a.bearer = "the OAuth access token from "+source(a.accessToken, "--access-token", "AIRCALL_ACCESS_TOKEN"), true
	default:
		return nil, errNoCredentials
	}
	if u := a.setting(a.baseURL, "AIRCALL_BASE_URL"); u != "" {
		opts = append(opts, aircall.WithBaseURL(u))
	}
	if a.rateLimit != 0 {
		opts = append(opts, aircall.WithRateLimit(a.rateLimit))
	}
	opts = append(opts, aircall.WithUserAgent("aircall-cli/"+aircall.Version))
	if a.verbose || (a.env.stderrTerminal && !a.quiet) {
		clear := func() {
			if a.clearLine != nil {
				a.clearLine()
			}
		}
		opts = append(opts, aircall.WithLogger(slog.New(newLogHandler(a.env.stderr, slog.LevelWarn, clear))))
	}
	return aircall.NewClient(append(opts, extra...)...)
}

// withClient wraps a command body that needs a Client.
func (a *app) withClient(fn func(cmd *cobra.Command, c *aircall.Client, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		c, err := a.client()
		if err != nil {
			return err
		}
		return fn(cmd, c, args)
	}
}

func (a *app) pingCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "ping",
		Short: "Check the credentials (GET /v1/ping)",
		Args:  noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *aircall.Client, _ []string) error {
			if _, err := c.Ping(cmd.Context()); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "pong")
			return nil
		}),
	}
}

func (a *app) rateCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "rate",
		Short: "Show the rate limit and the budget left in the current window",
		Long: `rate sends one ping and prints the budget the answer announced
(X-AircallApi-Limit, -Remaining, -Reset). Aircall documents these headers as
sent only near the limit; without them, rate says so.`,
		Args: noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *aircall.Client, _ []string) error {
			resp, err := c.Ping(cmd.Context())
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			r := resp.Rate
			if !r.Known() {
				fmt.Fprintf(out, "the API sent no rate headers (it sends them near the limit); documented budget: %d requests per minute\n", aircall.DefaultRateLimit)
				return nil
			}
			fmt.Fprintf(out, "limit:     %d requests per minute\nremaining: %d\nreset:     %s\n", r.Limit, r.Remaining, r.Reset.UTC().Format("2006-01-02T15:04:05.000Z07:00"))
			return nil
		}),
	}
}
