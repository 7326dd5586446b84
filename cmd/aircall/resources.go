package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	aircall "github.com/seed1279ea27/aircall-go"
)

// listQuery is what list and export ask of a list endpoint.
type listQuery struct {
	from, to time.Time
	order    aircall.Order
	page     int // first page, 0 for 1
}

// itemPage is one page of a list.
type itemPage struct {
	items []rawItem
	total int // Meta.Total: the size of the list (of the window, on capped lists)
}

// resource is a list endpoint the commands read: one value per family,
// typed by kind.
type resource interface {
	name() string
	// filters reports which of --from/--to and --order the list accepts.
	filters() (timeRange, order bool)
	// windowed reports whether the list is capped at 10,000 items and
	// passed by time windows (calls, contacts): items then carry a
	// timestamp the list is ordered by.
	windowed() bool
	// pages iterates over the list from q, page by page.
	pages(ctx context.Context, c *aircall.Client, q listQuery) iter.Seq2[*itemPage, error]
	// table writes items as a text table.
	table(w io.Writer, raw []json.RawMessage) error
	// singular names one item ("call").
	singular() string
	// get reads one item, given as its ID on the command line, with the
	// SDK's Get method (so with the endpoint and version the SDK uses) and
	// returns it as JSON.
	get(ctx context.Context, c *aircall.Client, id string) (json.RawMessage, error)
}

// rawItem is one item of a list: its JSON as sent, its ID and, on windowed
// lists, the Unix second it is ordered by.
type rawItem struct {
	raw json.RawMessage
	id  string
	ts  int64
}

// kind describes the list endpoint of T.
type kind[T any] struct {
	plural, one    string
	timeRange, ord bool
	isWindowed     bool
	list           func(ctx context.Context, c *aircall.Client, q listQuery) iter.Seq2[*aircall.Page[T], error]
	fetch          func(ctx context.Context, c *aircall.Client, id string) (*T, error)
	key            func(*T) (id string, ts int64)
	columns        []string
	row            func(*T) []string
}

func (k *kind[T]) name() string          { return k.plural }
func (k *kind[T]) singular() string      { return k.one }
func (k *kind[T]) filters() (bool, bool) { return k.timeRange, k.ord }
func (k *kind[T]) windowed() bool        { return k.isWindowed }

func (k *kind[T]) pages(ctx context.Context, c *aircall.Client, q listQuery) iter.Seq2[*itemPage, error] {
	return func(yield func(*itemPage, error) bool) {
		for pg, err := range k.list(ctx, c, q) {
			if err != nil {
				yield(nil, err)
				return
			}
			raw, err := pg.RawItems()
			if err != nil {
				yield(nil, err)
				return
			}
			p := &itemPage{items: make([]rawItem, len(raw))}
			if pg.Meta != nil {
				p.total = pg.Meta.Total
			}
			for i, r := range raw {
				id, ts := k.key(pg.Items[i])
				p.items[i] = rawItem{raw: r, id: id, ts: ts}
			}
			if !yield(p, nil) {
				return
			}
		}
	}
}

func (k *kind[T]) get(ctx context.Context, c *aircall.Client, id string) (json.RawMessage, error) {
	v, err := k.fetch(ctx, c, id)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// getByID is the Get method of a service whose resources have an
// aircall.ID.
type getByID[T any] = func(context.Context, aircall.ID) (*T, *aircall.Response, error)

// byID adapts a Get method taking an aircall.ID to the ID as typed on the
// command line (checked by idArgs before).
func byID[T any](get func(c *aircall.Client) getByID[T]) func(context.Context, *aircall.Client, string) (*T, error) {
	return func(ctx context.Context, c *aircall.Client, s string) (*T, error) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("id %q: %w", s, err)
		}
		v, _, err := get(c)(ctx, aircall.ID(n))
		return v, err
	}
}

func (k *kind[T]) table(w io.Writer, raw []json.RawMessage) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(k.columns, "\t"))
	for _, r := range raw {
		var v T
		if err := json.Unmarshal(r, &v); err != nil {
			return fmt.Errorf("decoding a %s: %w", k.one, err)
		}
		fmt.Fprintln(tw, strings.Join(k.row(&v), "\t"))
	}
	return tw.Flush()
}

func listOpts(q listQuery) aircall.ListOptions {
	return aircall.ListOptions{Page: q.page, PerPage: aircall.MaxPerPage}
}

func timeRange(q listQuery) aircall.TimeRange {
	return aircall.TimeRange{From: q.from, To: q.to, Order: q.order}
}

func idKey(id aircall.ID) string { return id.String() }

func ts(t aircall.Timestamp) string {
	if t.Time.IsZero() {
		return ""
	}
	return t.Time.UTC().Format(time.RFC3339)
}

var (
	callResource = &kind[aircall.Call]{
		plural: "calls", one: "call", timeRange: true, ord: true, isWindowed: true,
		list: func(ctx context.Context, c *aircall.Client, q listQuery) iter.Seq2[*aircall.Page[aircall.Call], error] {
			return c.Calls.Pages(ctx, &aircall.CallListOptions{ListOptions: listOpts(q), TimeRange: timeRange(q)})
		},
		fetch: byID(func(c *aircall.Client) getByID[aircall.Call] {
			return func(ctx context.Context, id aircall.ID) (*aircall.Call, *aircall.Response, error) {
				return c.Calls.Get(ctx, id, nil)
			}
		}),
		key:     func(v *aircall.Call) (string, int64) { return idKey(v.ID), v.StartedAt.Time.Unix() },
		columns: []string{"ID", "STARTED", "DIRECTION", "STATUS", "DURATION", "NUMBER", "USER", "FROM/TO"},
		row: func(v *aircall.Call) []string {
			number, user := "", ""
			if v.Number != nil {
				number = v.Number.Name
			}
			if v.User != nil {
				user = v.User.Name
			}
			return []string{idKey(v.ID), ts(v.StartedAt), string(v.Direction), string(v.Status), strconv.Itoa(v.Duration) + "s", number, user, v.RawDigits}
		},
	}
	contactResource = &kind[aircall.Contact]{
		plural: "contacts", one: "contact", timeRange: true, ord: true, isWindowed: true,
		list: func(ctx context.Context, c *aircall.Client, q listQuery) iter.Seq2[*aircall.Page[aircall.Contact], error] {
			return c.Contacts.Pages(ctx, &aircall.ContactListOptions{ListOptions: listOpts(q), TimeRange: timeRange(q)})
		},
		fetch:   byID(func(c *aircall.Client) getByID[aircall.Contact] { return c.Contacts.Get }),
		key:     func(v *aircall.Contact) (string, int64) { return idKey(v.ID), v.CreatedAt.Time.Unix() },
		columns: []string{"ID", "NAME", "COMPANY", "PHONE NUMBERS", "EMAILS", "CREATED"},
		row: func(v *aircall.Contact) []string {
			var phones, emails []string
			for _, p := range v.PhoneNumbers {
				phones = append(phones, p.Value)
			}
			for _, e := range v.Emails {
				emails = append(emails, e.Value)
			}
			return []string{idKey(v.ID), strings.TrimSpace(v.FirstName + " " + v.LastName), v.CompanyName, strings.Join(phones, ", "), strings.Join(emails, ", "), ts(v.CreatedAt)}
		},
	}
	userResource = &kind[aircall.User]{
		plural: "users", one: "user", timeRange: true, ord: true,
		list: func(ctx context.Context, c *aircall.Client, q listQuery) iter.Seq2[*aircall.Page[aircall.User], error] {
			return c.Users.Pages(ctx, &aircall.UserListOptions{ListOptions: listOpts(q), TimeRange: timeRange(q)})
		},
		fetch:   byID(func(c *aircall.Client) getByID[aircall.User] { return c.Users.Get }),
		key:     func(v *aircall.User) (string, int64) { return idKey(v.ID), 0 },
		columns: []string{"ID", "NAME", "EMAIL", "AVAILABILITY", "CREATED"},
		row: func(v *aircall.User) []string {
			return []string{idKey(v.ID), v.Name, v.Email, string(v.AvailabilityStatus), ts(v.CreatedAt)}
		},
	}
	teamResource = &kind[aircall.Team]{
		plural: "teams", one: "team", ord: true,
		list: func(ctx context.Context, c *aircall.Client, q listQuery) iter.Seq2[*aircall.Page[aircall.Team], error] {
			return c.Teams.Pages(ctx, &aircall.TeamListOptions{ListOptions: listOpts(q), Order: q.order})
		},
		fetch:   byID(func(c *aircall.Client) getByID[aircall.Team] { return c.Teams.Get }),
		key:     func(v *aircall.Team) (string, int64) { return idKey(v.ID), 0 },
		columns: []string{"ID", "NAME", "USERS", "CREATED"},
		row: func(v *aircall.Team) []string {
			return []string{idKey(v.ID), v.Name, strconv.Itoa(len(v.Users)), ts(v.CreatedAt)}
		},
	}
	numberResource = &kind[aircall.Number]{
		plural: "numbers", one: "number", timeRange: true, ord: true,
		list: func(ctx context.Context, c *aircall.Client, q listQuery) iter.Seq2[*aircall.Page[aircall.Number], error] {
			return c.Numbers.Pages(ctx, &aircall.NumberListOptions{ListOptions: listOpts(q), TimeRange: timeRange(q)})
		},
		fetch:   byID(func(c *aircall.Client) getByID[aircall.Number] { return c.Numbers.Get }),
		key:     func(v *aircall.Number) (string, int64) { return idKey(v.ID), 0 },
		columns: []string{"ID", "NAME", "DIGITS", "COUNTRY", "OPEN", "CREATED"},
		row: func(v *aircall.Number) []string {
			return []string{idKey(v.ID), v.Name, v.Digits, v.Country, strconv.FormatBool(v.Open), ts(v.CreatedAt)}
		},
	}
	tagResource = &kind[aircall.Tag]{
		plural: "tags", one: "tag",
		list: func(ctx context.Context, c *aircall.Client, q listQuery) iter.Seq2[*aircall.Page[aircall.Tag], error] {
			o := listOpts(q)
			return c.Tags.Pages(ctx, &o)
		},
		fetch:   byID(func(c *aircall.Client) getByID[aircall.Tag] { return c.Tags.Get }),
		key:     func(v *aircall.Tag) (string, int64) { return idKey(v.ID), 0 },
		columns: []string{"ID", "NAME", "COLOR", "DESCRIPTION"},
		row: func(v *aircall.Tag) []string {
			return []string{idKey(v.ID), v.Name, v.Color, v.Description}
		},
	}
	webhookResource = &kind[aircall.Webhook]{
		plural: "webhooks", one: "webhook", ord: true,
		list: func(ctx context.Context, c *aircall.Client, q listQuery) iter.Seq2[*aircall.Page[aircall.Webhook], error] {
			return c.Webhooks.Pages(ctx, &aircall.WebhookListOptions{ListOptions: listOpts(q), Order: q.order})
		},
		fetch: func(ctx context.Context, c *aircall.Client, id string) (*aircall.Webhook, error) {
			v, _, err := c.Webhooks.Get(ctx, id)
			return v, err
		},
		key:     func(v *aircall.Webhook) (string, int64) { return v.WebhookID, 0 },
		columns: []string{"WEBHOOK_ID", "NAME", "URL", "ACTIVE", "EVENTS"},
		row: func(v *aircall.Webhook) []string {
			events := "every event"
			if len(v.Events) > 0 {
				events = joinEvents(v.Events)
			}
			return []string{v.WebhookID, v.CustomName, v.URL, strconv.FormatBool(v.Active), events}
		},
	}
)

// resources are the lists that export, list and get read, by name.
func resources() []resource {
	return []resource{callResource, contactResource, userResource, teamResource, numberResource, tagResource, webhookResource}
}

func resourceNames() string {
	var names []string
	for _, r := range resources() {
		names = append(names, r.name())
	}
	return strings.Join(names, "|")
}

func findResource(name string) (resource, error) {
	for _, r := range resources() {
		if r.name() == name {
			return r, nil
		}
	}
	return nil, usagef("unknown resource %q: want one of %s", name, resourceNames())
}

// resourceCmd is "aircall users list|get": the group of r's commands,
// described by short, with list and get; contacts and webhooks add more.
func (a *app) resourceCmd(r resource, short string, aliases ...string) *cobra.Command {
	cmd := group(&cobra.Command{Use: r.name(), Aliases: aliases, Short: short})
	cmd.AddCommand(a.listCmd(r), a.getCmd(r))
	return cmd
}

// timeFlags are --from, --to and --order, shared by list and export.
type timeFlags struct{ from, to, order string }

func (f *timeFlags) register(cmd *cobra.Command) {
	cmd.Flags().StringVar(&f.from, "from", "", "only items created (calls: started) at or after T: RFC 3339 or Unix seconds")
	cmd.Flags().StringVar(&f.to, "to", "", "only items created (calls: started) at or before T: RFC 3339 or Unix seconds")
	cmd.Flags().StringVar(&f.order, "order", "", "asc or desc, by creation date (calls: start date); default asc")
}

// query checks the flags against what r accepts.
func (f *timeFlags) query(r resource) (listQuery, error) {
	var q listQuery
	tr, ord := r.filters()
	if !tr && (f.from != "" || f.to != "") {
		return q, usagef("%s cannot be filtered with --from or --to", r.name())
	}
	if !ord && f.order != "" {
		return q, usagef("%s cannot be ordered with --order", r.name())
	}
	var err error
	if q.from, err = parseTime("--from", f.from); err != nil {
		return q, err
	}
	if q.to, err = parseTime("--to", f.to); err != nil {
		return q, err
	}
	if !q.from.IsZero() && !q.to.IsZero() && q.to.Before(q.from) {
		return q, usagef("--to %s is before --from %s", f.to, f.from)
	}
	switch f.order {
	case "", "asc", "desc":
		q.order = aircall.Order(f.order)
	default:
		return q, usagef("--order %q: want asc or desc", f.order)
	}
	return q, nil
}

// parseTime reads RFC 3339 or Unix seconds.
func parseTime(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return time.Unix(n, 0).UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, usagef("%s %q: want RFC 3339 (2026-01-31T09:00:00Z) or Unix seconds", flag, s)
	}
	return t, nil
}

func (a *app) listCmd(r resource) *cobra.Command {
	var tf timeFlags
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List " + r.name() + " as a table (--json for JSON)",
		Args:  noArgs,
		RunE: a.withClient(func(cmd *cobra.Command, c *aircall.Client, _ []string) error {
			q, err := tf.query(r)
			if err != nil {
				return err
			}
			if limit < 0 {
				return usagef("--limit %d is negative", limit)
			}
			var raw []json.RawMessage
		pages:
			for pg, err := range r.pages(cmd.Context(), c, q) {
				if err != nil {
					return err
				}
				for _, it := range pg.items {
					if limit > 0 && len(raw) == limit {
						break pages
					}
					raw = append(raw, it.raw)
				}
			}
			if asJSON {
				if raw == nil {
					raw = []json.RawMessage{}
				}
				return writeJSON(cmd.OutOrStdout(), raw)
			}
			return r.table(cmd.OutOrStdout(), raw)
		}),
	}
	tr, ord := r.filters()
	if tr || ord {
		tf.register(cmd)
	}
	cmd.Flags().IntVar(&limit, "limit", 50, "show at most this many (0: all; see export for large lists)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of the objects as the API sent them")
	return cmd
}

func (a *app) getCmd(r resource) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "get ID",
		Short: "Show one " + r.singular() + " (--json for JSON)",
		Args:  idArgs(r, "ID"),
		RunE: a.withClient(func(cmd *cobra.Command, c *aircall.Client, args []string) error {
			obj, err := r.get(cmd.Context(), c, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), obj)
			}
			return r.table(cmd.OutOrStdout(), []json.RawMessage{obj})
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the object as JSON, as the SDK reads it")
	return cmd
}

// writeJSON prints v indented, with a final newline.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}
