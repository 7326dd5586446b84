package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	aircall "github.com/seed1279ea27/aircall-go"
)

func (a *app) contactsCmd() *cobra.Command {
	cmd := a.resourceCmd(contactResource, "List, get and import contacts", "contact")
	var o importOptions
	imp := &cobra.Command{
		Use:   "import FILE.csv [--dry-run] [--on-existing skip|update] [--checkpoint FILE]",
		Short: "Create contacts from a CSV file, matching existing ones by phone number, then email",
		Long: `import creates a contact for each row of a CSV file whose phone numbers and
emails match no existing contact. Columns (by header name): first_name,
last_name, company_name, information, phone_number or phone_numbers, email
or emails; several numbers or emails in one cell are separated by ";".

Before creating anything, import matches each row against the account's
contacts by phone number, then by email (it reads every contact once, or,
for a file with few rows for the account's size, searches each row):
running the same import twice (or again after an interruption) creates
nothing the second time. A matched contact is skipped, or with
--on-existing update, given the row's names and information and any phone
number or email it lacks.

With --checkpoint FILE, the position in the CSV file is saved atomically
once a row is done (created, updated, matched or rejected): after each row
that sent a request, at most once a second otherwise, and when the run
ends. An import stopped at any point (Ctrl-C, kill -9, a network failure)
and run again with the same command skips the rows before the position
without a request. The row at the position is matched again before
anything is created: a row whose contact was created just before the stop,
but not yet saved as done, is found, not created twice. The checkpoint
holds the SHA-256 and size of the CSV file and the --on-existing value: it
resumes only the same file content with the same option (renaming or
moving the file is fine). A finished import's checkpoint says so; delete it
to import afresh. With --checkpoint, a row that fails for another reason
than the API refusing it (a network failure, a 5xx, a 429 after the
retries) stops the import there, to be resumed. Not with --dry-run.

Invalid rows (no phone number, a number that is not E.164, more than 20
numbers or emails) are reported on stderr ("line N: skipped: ...") and
skipped without a request; the other rows go on. Progress goes to stderr
(--progress). One summary line ends the run, on stdout, each row counted
once as it was reported:

  created N, updated N, skipped N (K invalid), failed N

skipped counts the rows that matched a contact and the invalid rows (K of
them); failed counts the rows the API refused or that got no answer. A
resumed run adds "; N row(s) done by an earlier run"; a finished
checkpoint prints "import already complete: " and the totals of every run.

Exit codes: 0 when every row was created, updated or skipped; 1 when a row
of this run failed, or the run stopped (interrupted, or a checkpointed run
stopped at a row to resume); 2 on a usage error.`,
		Args: exactArgs(1, "FILE.csv"),
		RunE: a.withClient(func(cmd *cobra.Command, c *aircall.Client, args []string) error {
			if o.onExisting != "skip" && o.onExisting != "update" {
				return usagef("--on-existing %q: want skip or update", o.onExisting)
			}
			if o.checkpoint != "" && o.dryRun {
				return usagef("--checkpoint with --dry-run: a dry run changes nothing, there is nothing to resume")
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			p, err := a.newProgress(cmd, c, "rows", 0)
			if err != nil {
				return err
			}
			o.quiet = a.quiet
			return importContacts(cmd.Context(), c, args[0], data, o, p, cmd.OutOrStdout(), cmd.ErrOrStderr())
		}),
	}
	imp.Flags().BoolVar(&o.dryRun, "dry-run", false, "report what would be done, change nothing")
	imp.Flags().StringVar(&o.onExisting, "on-existing", "skip", "what to do with a row matching a contact: skip or update")
	imp.Flags().StringVar(&o.checkpoint, "checkpoint", "", "save the position in FILE as rows are done, and resume from it")
	a.addProgressFlags(imp)
	cmd.AddCommand(imp)
	return cmd
}

type importOptions struct {
	dryRun     bool
	onExisting string
	checkpoint string
	quiet      bool // no message but errors and the summary
}

// contactRow is a row of the import file: a good row, or a bad one with
// what is wrong in problem.
type contactRow struct {
	line                                          int
	problem                                       string
	firstName, lastName, companyName, information string
	phones, emails                                []string
}

var e164 = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)

// phoneKey is what phone numbers are compared by: their digits, so that
// "+33 6 12 34 56 78" and "+33612345678" match.
func phoneKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func emailKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// readRows reads the CSV file's rows, in file order; bad rows have their
// problem set.
func readRows(r io.Reader) ([]contactRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the header line: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	if _, ok := col["phone_number"]; !ok {
		if _, ok := col["phone_numbers"]; !ok {
			return nil, errors.New("the header has no phone_number or phone_numbers column")
		}
	}
	var rows []contactRow
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rows = append(rows, contactRow{line: pe.StartLine, problem: pe.Err.Error()})
			continue
		}
		if err != nil {
			return nil, err
		}
		get := func(names ...string) string {
			var parts []string
			for _, n := range names {
				if i, ok := col[n]; ok && i < len(rec) && strings.TrimSpace(rec[i]) != "" {
					parts = append(parts, strings.TrimSpace(rec[i]))
				}
			}
			return strings.Join(parts, ";")
		}
		row := contactRow{line: line, firstName: get("first_name"), lastName: get("last_name"),
			companyName: get("company_name"), information: get("information")}
		row.problem = row.parse(get("phone_number", "phone_numbers"), get("email", "emails"))
		rows = append(rows, row)
	}
	return rows, nil
}

// parse checks and sets the row's phone numbers and emails; it returns
// what is wrong, or "".
func (row *contactRow) parse(phones, emails string) string {
	for p := range strings.SplitSeq(phones, ";") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		n := strings.NewReplacer(" ", "", "-", "", ".", "", "(", "", ")", "").Replace(p)
		if !e164.MatchString(n) {
			return fmt.Sprintf("phone number %q is not E.164 (+, country code, number: +33612345678)", p)
		}
		row.phones = append(row.phones, n)
	}
	for e := range strings.SplitSeq(emails, ";") {
		if e = strings.TrimSpace(e); e != "" {
			if !strings.Contains(e, "@") {
				return fmt.Sprintf("email %q has no @", e)
			}
			row.emails = append(row.emails, e)
		}
	}
	switch {
	case len(row.phones) == 0:
		return "no phone number (a contact needs one)"
	case len(row.phones) > aircall.MaxContactPhoneNumbers:
		return fmt.Sprintf("%d phone numbers, more than the %d a contact can hold", len(row.phones), aircall.MaxContactPhoneNumbers)
	case len(row.emails) > aircall.MaxContactEmails:
		return fmt.Sprintf("%d emails, more than the %d a contact can hold", len(row.emails), aircall.MaxContactEmails)
	}
	for _, f := range []string{row.firstName, row.lastName, row.companyName} {
		if len([]rune(f)) > aircall.MaxContactNameLength {
			return fmt.Sprintf("a name longer than %d characters", aircall.MaxContactNameLength)
		}
	}
	return ""
}

// contactIndex finds contacts by phone number and email.
type contactIndex struct {
	byPhone, byEmail map[string]*aircall.Contact
}

func (ix *contactIndex) add(c *aircall.Contact) {
	for _, p := range c.PhoneNumbers {
		if k := phoneKey(p.Value); k != "" {
			ix.byPhone[k] = c
		}
	}
	for _, e := range c.Emails {
		if k := emailKey(e.Value); k != "" {
			ix.byEmail[k] = c
		}
	}
}

// match returns the contact with one of row's phone numbers, else one of
// its emails.
func (ix *contactIndex) match(row *contactRow) *aircall.Contact {
	for _, p := range row.phones {
		if c := ix.byPhone[phoneKey(p)]; c != nil {
			return c
		}
	}
	for _, e := range row.emails {
		if c := ix.byEmail[emailKey(e)]; c != nil {
			return c
		}
	}
	return nil
}

// matcher finds the existing contact a row matches. It reads every
// contact once into an index (ceil(total/50) requests), or, when the file
// has few rows for the size of the account, searches each row's phone
// numbers, then emails (about one request a row). Contacts created by the
// import join the index either way.
type matcher struct {
	c      *aircall.Client
	ix     *contactIndex
	search bool
}

func newMatcher(ctx context.Context, c *aircall.Client, rows int) (*matcher, error) {
	m := &matcher{c: c, ix: &contactIndex{byPhone: map[string]*aircall.Contact{}, byEmail: map[string]*aircall.Contact{}}}
	if rows == 0 {
		return m, nil
	}
	_, resp, err := c.Contacts.List(ctx, &aircall.ContactListOptions{ListOptions: aircall.ListOptions{PerPage: 1}})
	if err != nil {
		return nil, err
	}
	if resp.Meta != nil && 2*rows < (resp.Meta.Total+aircall.MaxPerPage-1)/aircall.MaxPerPage {
		m.search = true
		return m, nil
	}
	for ct, err := range c.Contacts.All(ctx, nil) {
		if err != nil {
			return nil, err
		}
		m.ix.add(ct)
	}
	return m, nil
}

func (m *matcher) match(ctx context.Context, row *contactRow) (*aircall.Contact, error) {
	if ct := m.ix.match(row); ct != nil || !m.search {
		return ct, nil
	}
	one := func(opts *aircall.ContactSearchOptions, single *contactRow) (*aircall.Contact, error) {
		found, _, err := m.c.Contacts.Search(ctx, opts)
		if err != nil {
			return nil, err
		}
		// The API ignores a param it does not know and answers every
		// contact: keep only a contact that really holds the value.
		got := &contactIndex{byPhone: map[string]*aircall.Contact{}, byEmail: map[string]*aircall.Contact{}}
		for _, ct := range found {
			got.add(ct)
		}
		ct := got.match(single)
		if ct != nil {
			m.ix.add(ct)
		}
		return ct, nil
	}
	for _, p := range row.phones {
		if ct, err := one(&aircall.ContactSearchOptions{PhoneNumber: p}, &contactRow{phones: []string{p}}); ct != nil || err != nil {
			return ct, err
		}
	}
	for _, e := range row.emails {
		if ct, err := one(&aircall.ContactSearchOptions{Email: e}, &contactRow{emails: []string{e}}); ct != nil || err != nil {
			return ct, err
		}
	}
	return nil, nil
}
