package main

import (
	"fmt"
	"io"
	"net"
	"slices"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/spf13/cobra"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircallredis"
	"github.com/seed1279ea27/aircall-go/aircallsync"
	"github.com/seed1279ea27/aircall-go/webhook"
)

type syncOptions struct {
	db          string
	resources   string
	from        string
	lookback    time.Duration
	full        bool
	withAI      string
	follow      bool
	listen      string
	tokens      []string
	printSchema bool
	catchUp     time.Duration
	redis       string
}

func (a *app) syncCmd() *cobra.Command {
	var o syncOptions
	cmd := &cobra.Command{
		Use:   "sync [--db DSN] [--resources calls,contacts,...] [--from TIME] [--lookback DURATION] [--full] [--with-ai KINDS] [--follow --listen ADDR --token TOKEN]",
		Short: "Mirror the account into SQLite or Postgres, incrementally",
		Long: `sync copies the account's calls, contacts, users, teams, numbers and tags
into a database, one table per resource, for reporting. Run it from cron:
each run reads what changed since the last (calls from the cursor minus
--lookback, since calls change after they end), upserts it, and marks
deleted_at on users, teams, numbers and tags no longer listed. A run killed
at any moment resumes where it stopped. --full re-reads everything and marks
deleted what is gone.

--db is sqlite:PATH (or a bare path) or postgres://USER:PASSWORD@HOST/DB; the
default is sqlite:aircall.db. "aircall sync --print-schema [DSN]" prints the
schema. --with-ai summary,topics,sentiments,action_items,transcription also
fetches those AI results of ended calls: one request per call and kind.
--follow then stays up: it serves the webhook receiver on --listen (token
from --token or $AIRCALL_WEBHOOK_TOKEN), applies events as they arrive, and
catches up every few minutes. The DSN's password is never printed.`,
		RunE: func(cmd *cobra.Command, args []string) error { return a.runSync(cmd, args, &o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.db, "db", aircallsync.DefaultDSN, "database: sqlite:PATH, a path, or postgres://...")
	f.StringVar(&o.resources, "resources", "calls,contacts,users,teams,numbers,tags", "resources to sync, comma separated")
	f.StringVar(&o.from, "from", "", "first sync of calls starts here (RFC 3339 or YYYY-MM-DD; default: all history)")
	f.DurationVar(&o.lookback, "lookback", aircallsync.DefaultLookback, "read again this long before the cursor")
	f.BoolVar(&o.full, "full", false, "re-read everything and mark deleted what is gone")
	f.StringVar(&o.withAI, "with-ai", "", "AI results to fetch: summary,topics,sentiments,action_items,transcription")
	f.BoolVar(&o.follow, "follow", false, "after catching up, apply webhook events live")
	f.StringVar(&o.listen, "listen", "127.0.0.1:8788", "with --follow: address of the webhook receiver")
	f.StringSliceVar(&o.tokens, "token", nil, "with --follow: webhook token(s) (default $AIRCALL_WEBHOOK_TOKEN)")
	f.DurationVar(&o.catchUp, "catch-up", aircallsync.DefaultCatchUp, "with --follow: time between catch-up syncs")
	f.StringVar(&o.redis, "redis", "", "with --follow: redis://... shared by replicas for the webhook dedupe and the rate budget (default: in memory)")
	f.BoolVar(&o.printSchema, "print-schema", false, "print the schema of the database (--db or the argument) and exit")
	a.addProgressFlags(cmd)
	return cmd
}

func (a *app) runSync(cmd *cobra.Command, args []string, o *syncOptions) error {
	if o.printSchema {
		if len(args) > 1 {
			return usagef("sync --print-schema wants at most one DSN")
		}
		dsn := o.db
		if len(args) == 1 {
			dsn = args[0]
		}
		s, err := aircallsync.Schema(dsn)
		if err != nil {
			return usageError{err}
		}
		fmt.Fprint(cmd.OutOrStdout(), s)
		return nil
	}
	if err := noArgs(cmd, args); err != nil {
		return err
	}
	so, err := o.engineOptions()
	if err != nil {
		return err
	}
	if o.redis != "" && !o.follow {
		return usagef("sync: --redis is for --follow replicas")
	}
	if o.follow && len(o.tokens) == 0 {
		if t := a.env.getenv("AIRCALL_WEBHOOK_TOKEN"); t != "" {
			o.tokens = []string{t}
		} else {
			return usagef("sync --follow needs --token (or $AIRCALL_WEBHOOK_TOKEN): the token of the webhook that posts to --listen")
		}
	}
	stderr := cmd.ErrOrStderr()
	rc, err := redisClient(o.redis)
	if err != nil {
		return err
	}
	if rc != nil {
		defer rc.Close()
	}
	pacing, err := a.sharedPacing(rc)
	if err != nil {
		return err
	}
	c, err := a.client(pacing...)
	if err != nil {
		return err
	}
	prog, err := a.newSyncProgress(cmd, c, so.Resources)
	if err != nil {
		return err
	}
	defer prog.end()
	ctx := cmd.Context()
	st, err := aircallsync.OpenStore(ctx, o.db)
	if err != nil {
		return err
	}
	defer st.Close()
	var mu sync.Mutex
	say := func(format string, args ...any) { // a note on stderr, unless --quiet
		if a.quiet {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if a.clearLine != nil {
			a.clearLine()
		}
		fmt.Fprintf(stderr, "aircall sync: "+format+"\n", args...)
	}
	so.Notify = func(msg string) { say("%s", msg) }
	so.Progress = prog
	s, err := aircallsync.New(c, st, so)
	if err != nil {
		return err
	}
	say("into %s", aircallsync.Redact(o.db))
	sum, err := s.Run(ctx)
	prog.end() // before the summary
	if sum != nil {
		printSyncSummary(cmd.OutOrStdout(), sum)
	}
	if err != nil || !o.follow {
		return err
	}
	var dedupe webhook.Deduper // nil: the engine's in-memory one
	if rc != nil {
		if dedupe, err = aircallredis.NewDeduper(rc, aircallredis.DeduperOptions{}); err != nil {
			return err
		}
	}
	l, err := net.Listen("tcp", o.listen)
	if err != nil {
		return err
	}
	say("following webhook events on http://%s (Ctrl-C to stop)", l.Addr())
	return s.Follow(ctx, aircallsync.FollowOptions{
		Listener: l, Tokens: o.tokens, CatchUp: o.catchUp, Deduper: dedupe,
		OnSync: func(sum *aircallsync.Summary, err error) {
			if err != nil {
				mu.Lock()
				defer mu.Unlock()
				fmt.Fprintln(stderr, errorMessage(fmt.Errorf("sync: catch-up: %w", err)))
				return
			}
			printSyncSummary(cmd.OutOrStdout(), sum)
		},
		OnEvent: func(ev *webhook.Event, changed bool) {
			what := "applied"
			if !changed {
				what = "older than the row, skipped"
			}
			say("%s %s %s", ev.Name, ev.ResourceID(), what)
		},
	})
}

// redisClient is the client of the Redis at url that --follow replicas
// share, or nil when url is "".
func redisClient(url string) (*redis.Client, error) {
	if url == "" {
		return nil, nil
	}
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, usagef("sync: --redis: not a redis:// URL") // the URL may hold a password: not quoted
	}
	return redis.NewClient(opts), nil
}

// sharedPacing is the Client option that puts the company's rate budget on
// rc, shared by every replica that uses the same credentials (the key is a
// hash of the api_id, or of the access token), or none when rc is nil.
func (a *app) sharedPacing(rc *redis.Client) ([]aircall.Option, error) {
	if rc == nil {
		return nil, nil
	}
	company := a.setting(a.apiID, "AIRCALL_API_ID")
	if company == "" {
		company = a.setting(a.accessToken, "AIRCALL_ACCESS_TOKEN")
	}
	store, err := aircallredis.NewPacerStore(rc, aircallredis.CompanyKey(company), aircallredis.PacerStoreOptions{})
	if err != nil {
		return nil, err
	}
	limit := aircall.DefaultRateLimit
	if a.rateLimit != 0 {
		limit = a.rateLimit
	}
	return []aircall.Option{aircall.WithPacer(aircall.NewPacerWithStore(limit, time.Minute, store))}, nil
}

// engineOptions turns the flags into the engine's options.
func (o *syncOptions) engineOptions() (aircallsync.Options, error) {
	var so aircallsync.Options
	var err error
	if so.Resources, err = aircallsync.ParseResources(o.resources); err != nil {
		return so, usageError{err}
	}
	if o.withAI != "" {
		if so.AI, err = aircallsync.ParseAIKinds(o.withAI); err != nil {
			return so, usageError{err}
		}
	}
	if o.from != "" {
		if o.full {
			return so, usagef("sync: --full reads all the history: it takes no --from")
		}
		if so.From, err = parseSyncTime(o.from); err != nil {
			return so, err
		}
	}
	if o.lookback < 0 {
		return so, usagef("sync: --lookback %s is negative", o.lookback)
	}
	so.Lookback, so.Full = o.lookback, o.full
	if o.lookback == 0 {
		so.Lookback = -1 // none
	}
	return so, nil
}

func parseSyncTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usagef("sync: --from %q is not RFC 3339 (2024-01-31T00:00:00Z) nor a date (2024-01-31)", s)
}

// syncProgress reports a sync on stderr through the CLI's progress
// reporter (--progress), one report per resource as the sync reaches it.
type syncProgress struct {
	a   *app
	cmd *cobra.Command
	c   *aircall.Client

	mu  sync.Mutex
	cur aircallsync.Resource
	p   *progress
}

// newSyncProgress starts the report of the first resource a sync of
// resources reads; a bad --progress is a usage error here, before the sync.
func (a *app) newSyncProgress(cmd *cobra.Command, c *aircall.Client, resources []aircallsync.Resource) (*syncProgress, error) {
	sp := &syncProgress{a: a, cmd: cmd, c: c}
	for _, r := range aircallsync.AllResources {
		if slices.Contains(resources, r) {
			sp.cur = r
			break
		}
	}
	var err error
	sp.p, err = a.newProgress(cmd, c, string(sp.cur), 0)
	return sp, err
}

// Page records the rows of r written so far.
func (sp *syncProgress) Page(r aircallsync.Resource, items int64) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if r != sp.cur || sp.p == nil {
		sp.p.Done()
		sp.cur = r
		sp.p, _ = sp.a.newProgress(sp.cmd, sp.c, string(r), 0) // the mode was checked at the start
	}
	sp.p.Set(items)
}

// Done ends the report of r.
func (sp *syncProgress) Done(r aircallsync.Resource) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	if r == sp.cur {
		sp.p.Done()
		sp.p = nil
	}
}

// end ends the report in progress, if any.
func (sp *syncProgress) end() {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	sp.p.Done()
	sp.p = nil
}

// printSyncSummary prints what a sync did per resource, the requests it
// spent and its time.
func printSyncSummary(w io.Writer, sum *aircallsync.Summary) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "resource\tinserted\tupdated\tdeleted\tunchanged\t")
	for _, r := range sum.Resources {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t\n", r.Resource, r.Inserted, r.Updated, r.Deleted, r.Unchanged)
	}
	for _, k := range aircallsync.AllAIKinds {
		if n, ok := sum.AI[k]; ok {
			fmt.Fprintf(tw, "ai %s\t%d\t\t\t\t\n", k, n)
		}
	}
	_ = tw.Flush()
	fmt.Fprintf(w, "requests: %d, time: %s\n", sum.Requests, sum.Elapsed.Round(time.Millisecond))
}
