package aircallsync

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"
	"sync/atomic"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Resource is a resource the sync mirrors, named as its table.
type Resource string

// The resources, each in a table of its name.
const (
	Calls    Resource = "calls"
	Contacts Resource = "contacts"
	Users    Resource = "users"
	Teams    Resource = "teams"
	Numbers  Resource = "numbers"
	Tags     Resource = "tags"
)

// AllResources are every resource, in the order a sync reads them: the
// small lists first, so that calls can be joined to them as soon as they
// arrive.
var AllResources = []Resource{Users, Teams, Numbers, Tags, Contacts, Calls}

// ParseResources reads a comma-separated list such as "calls,users".
func ParseResources(s string) ([]Resource, error) {
	var out []Resource
	for _, p := range strings.Split(s, ",") {
		r := Resource(strings.TrimSpace(p))
		if _, ok := resourceTables[r]; !ok {
			return nil, fmt.Errorf("aircallsync: unknown resource %q (want calls, contacts, users, teams, numbers, tags)", p)
		}
		out = append(out, r)
	}
	return out, nil
}

// DefaultLookback is how far before the cursor a sync reads again: calls
// change after they end (tags, comments, archiving, AI results).
const DefaultLookback = 24 * time.Hour

// Options configures a Syncer. The zero value syncs every resource.
type Options struct {
	// Resources are the resources to sync (default AllResources).
	Resources []Resource
	// From is where the first sync of calls starts (default: all the
	// history the API serves). Later syncs start at the cursor.
	From time.Time
	// Lookback is read again before the cursor (default DefaultLookback;
	// negative: none).
	Lookback time.Duration
	// Full re-reads every resource whole and marks deleted the rows that
	// are no longer listed.
	Full bool
	// AI are the AI result kinds to fetch for ended calls.
	AI []AIKind
	// Progress is told about each page written; nil for none.
	Progress Progress
	// Notify receives messages for the user, such as an account without
	// the AI add-on; nil drops them.
	Notify func(msg string)
}

// Progress follows a sync: Page after each page written with the items
// of r written so far, Done when r is finished.
type Progress interface {
	Page(r Resource, items int64)
	Done(r Resource)
}

// Syncer mirrors an Aircall account into a Store. Run it from cron, or
// Follow it to keep the Store live.
type Syncer struct {
	c        *aircall.Client
	st       Store
	o        Options
	requests atomic.Int64
}

// New returns a Syncer of c's account into st.
func New(c *aircall.Client, st Store, o Options) (*Syncer, error) {
	if c == nil || st == nil {
		return nil, errors.New("aircallsync: New: nil Client or Store")
	}
	if len(o.Resources) == 0 {
		o.Resources = AllResources
	}
	for _, r := range o.Resources {
		if _, ok := resourceTables[r]; !ok {
			return nil, fmt.Errorf("aircallsync: unknown resource %q", r)
		}
	}
	for _, k := range o.AI {
		if !k.valid() {
			return nil, fmt.Errorf("aircallsync: unknown AI kind %q", k)
		}
	}
	if o.Lookback == 0 {
		o.Lookback = DefaultLookback
	}
	if o.Lookback < 0 {
		o.Lookback = 0
	}
	return &Syncer{c: c, st: st, o: o}, nil
}

// ResourceSummary is what a sync did to one table.
type ResourceSummary struct {
	Resource Resource
	Counts
}

// Summary is what Run did.
type Summary struct {
	Resources []ResourceSummary
	// AI counts the AI results stored, per kind.
	AI map[AIKind]int
	// Requests are the API requests answered (pages and AI results).
	Requests int64
	// Elapsed is the wall time of the run.
	Elapsed time.Duration
}

// Run syncs each resource once, then the AI results, and returns what it
// did. A Run killed at any point resumes where it stopped: every page is
// committed with the cursor that covers it.
func (s *Syncer) Run(ctx context.Context) (*Summary, error) {
	start := time.Now()
	sum := &Summary{AI: map[AIKind]int{}}
	before := s.requests.Load()
	defer func() {
		sum.Requests = s.requests.Load() - before
		sum.Elapsed = time.Since(start)
	}()
	for _, r := range AllResources { // in dependency order, whatever the option's order
		if !s.wants(r) {
			continue
		}
		c, err := s.syncResource(ctx, r, s.o.Full)
		sum.Resources = append(sum.Resources, ResourceSummary{r, c})
		if s.o.Progress != nil {
			s.o.Progress.Done(r)
		}
		if err != nil {
			return sum, fmt.Errorf("aircallsync: syncing %s: %w", r, err)
		}
	}
	for _, k := range s.o.AI {
		n, err := s.syncAI(ctx, k)
		sum.AI[k] = n
		if errors.Is(err, errNoAddOn) {
			s.notify("the account has no AI add-on (the API answers 403 for AI results): --with-ai skipped")
			break
		}
		if err != nil {
			return sum, fmt.Errorf("aircallsync: syncing AI %s: %w", k, err)
		}
	}
	return sum, nil
}

func (s *Syncer) wants(r Resource) bool {
	for _, w := range s.o.Resources {
		if w == r {
			return true
		}
	}
	return false
}

func (s *Syncer) notify(msg string) {
	if s.o.Notify != nil {
		s.o.Notify(msg)
	}
}

func (s *Syncer) syncResource(ctx context.Context, r Resource, full bool) (Counts, error) {
	switch r {
	case Calls:
		return s.syncCalls(ctx, full)
	case Contacts:
		return s.syncContacts(ctx, full)
	case Users:
		return syncList(ctx, s, r, func(ctx context.Context) iter.Seq2[*aircall.Page[aircall.User], error] {
			return s.c.Users.Pages(ctx, nil)
		}, func(u *aircall.User) aircall.ID { return u.ID }, userValues)
	case Teams:
		return syncList(ctx, s, r, func(ctx context.Context) iter.Seq2[*aircall.Page[aircall.Team], error] {
			return s.c.Teams.Pages(ctx, nil)
		}, func(t *aircall.Team) aircall.ID { return t.ID }, teamValues)
	case Numbers:
		return syncList(ctx, s, r, func(ctx context.Context) iter.Seq2[*aircall.Page[aircall.Number], error] {
			return s.c.Numbers.Pages(ctx, nil)
		}, func(n *aircall.Number) aircall.ID { return n.ID }, numberValues)
	default:
		return syncList(ctx, s, r, func(ctx context.Context) iter.Seq2[*aircall.Page[aircall.Tag], error] {
			return s.c.Tags.Pages(ctx, nil)
		}, func(t *aircall.Tag) aircall.ID { return t.ID }, tagValues)
	}
}
