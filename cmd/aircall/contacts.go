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
	cmd := group(&cobra.Command{
		Use:     "contacts",
		Aliases: []string{"contact"},
		Short:   "List, get and import contacts",
	})
	var o importOptions
	imp := &cobra.Command{
		Use:   "import FILE.csv [--dry-run] [--on-existing skip|update]",
		Short: "Create contacts from a CSV file, matching existing ones by phone number, then email",
		Long: `import creates a contact for each row of a CSV file whose phone numbers and
emails match no existing contact. Columns (by header name): first_name,
last_name, company_name, information, phone_number or phone_numbers, email
or emails; several numbers or emails in one cell are separated by ";".

Before creating anything, import matches each row against the account's
contacts by phone number, then by email (it reads every contact once, or,
for a file with few rows for the account's size, searches each row): running the same import twice (or
again after an interruption) creates nothing the second time. A matched
contact is skipped, or with --on-existing update, given the row's names and
information and any phone number or email it lacks.

Bad rows (no phone number, a number that is not E.164, more than 20 numbers
or emails) are reported on stderr with their line numbers and skipped; the
other rows go on. A summary ends the run: created, updated, skipped, failed
(bad rows and rejected requests). The exit code is 1 when any row failed.`,
		Args: exactArgs(1, "FILE.csv"),
		RunE: a.withClient(func(cmd *cobra.Command, c *aircall.Client, args []string) error {
			if o.onExisting != "skip" && o.onExisting != "update" {
				return usagef("--on-existing %q: want skip or update", o.onExisting)
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			return importContacts(cmd.Context(), c, f, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		}),
	}
	imp.Flags().BoolVar(&o.dryRun, "dry-run", false, "report what would be done, change nothing")
	imp.Flags().StringVar(&o.onExisting, "on-existing", "skip", "what to do with a row matching a contact: skip or update")
	cmd.AddCommand(a.listCmd(contactResource), a.getCmd(contactResource), imp)
	return cmd
}

type importOptions struct {
	dryRun     bool
	onExisting string
}

// contactRow is a good row of the import file.
type contactRow struct {
	line                                          int
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

// readRows reads the CSV file, reporting bad rows to report.
func readRows(r io.Reader, report func(line int, msg string)) ([]contactRow, int, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, 0, fmt.Errorf("reading the header line: %w", err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	if _, ok := col["phone_number"]; !ok {
		if _, ok := col["phone_numbers"]; !ok {
			return nil, 0, errors.New("the header has no phone_number or phone_numbers column")
		}
	}
	var rows []contactRow
	bad := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			report(pe.StartLine, pe.Err.Error())
			bad++
			continue
		}
		if err != nil {
			return nil, 0, err
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
		if msg := row.parse(get("phone_number", "phone_numbers"), get("email", "emails")); msg != "" {
			report(line, msg)
			bad++
			continue
		}
		rows = append(rows, row)
	}
	return rows, bad, nil
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

type importSummary struct{ created, updated, skipped, failed int }

func importContacts(ctx context.Context, c *aircall.Client, r io.Reader, o importOptions, stdout, stderr io.Writer) error {
	rows, bad, err := readRows(r, func(line int, msg string) { fmt.Fprintf(stderr, "line %d: skipped: %s\n", line, msg) })
	if err != nil {
		return err
	}
	sum := importSummary{failed: bad}
	m, err := newMatcher(ctx, c, len(rows))
	if err != nil {
		return fmt.Errorf("reading the existing contacts (nothing was imported): %w", err)
	}
	ix := m.ix
	verb := ""
	if o.dryRun {
		verb = "would be "
	}
	for i := range rows {
		row := &rows[i]
		if ctx.Err() != nil {
			break
		}
		existing, err := m.match(ctx, row)
		if err != nil {
			sum.failed++
			fmt.Fprintf(stderr, "line %d: failed to look for an existing contact (nothing created): %v\n", row.line, err)
			continue
		}
		switch {
		case existing == nil:
			if o.dryRun {
				sum.created++
				ix.add(row.contact()) // later rows match it, as they would once created
				fmt.Fprintf(stdout, "line %d: would be created\n", row.line)
				continue
			}
			ct, err := createContact(ctx, c, row)
			if err != nil {
				sum.failed++
				fmt.Fprintf(stderr, "line %d: failed: %v\n", row.line, err)
				continue
			}
			ix.add(ct)
			sum.created++
		case o.onExisting == "update":
			changed, err := updateContact(ctx, c, existing, row, o.dryRun)
			switch {
			case err != nil:
				sum.failed++
				fmt.Fprintf(stderr, "line %d: failed to update contact %s: %v\n", row.line, existing.ID, err)
			case changed:
				ix.add(existing)
				sum.updated++
				fmt.Fprintf(stdout, "line %d: contact %s %supdated\n", row.line, existing.ID, verb)
			default:
				sum.skipped++
			}
		default:
			sum.skipped++
		}
	}
	if o.dryRun {
		fmt.Fprint(stdout, "dry run, nothing changed: ")
	}
	fmt.Fprintf(stdout, "created %d, updated %d, skipped %d, failed %d\n", sum.created, sum.updated, sum.skipped, sum.failed)
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("import interrupted: %w (run it again: rows already imported are matched, not created twice)", err)
	}
	if sum.failed > 0 {
		return fmt.Errorf("%d row(s) failed", sum.failed)
	}
	return nil
}

// contact is the contact the row would create.
func (row *contactRow) contact() *aircall.Contact {
	c := &aircall.Contact{FirstName: row.firstName, LastName: row.lastName, CompanyName: row.companyName, Information: row.information}
	for _, p := range row.phones {
		c.PhoneNumbers = append(c.PhoneNumbers, &aircall.PhoneNumber{Value: p})
	}
	for _, e := range row.emails {
		c.Emails = append(c.Emails, &aircall.Email{Value: e})
	}
	return c
}

func details(values []string, label string) []aircall.ContactDetailParams {
	out := make([]aircall.ContactDetailParams, len(values))
	for i, v := range values {
		out[i] = aircall.ContactDetailParams{Label: label, Value: v}
	}
	return out
}

func createContact(ctx context.Context, c *aircall.Client, row *contactRow) (*aircall.Contact, error) {
	p := &aircall.ContactCreateParams{FirstName: row.firstName, LastName: row.lastName, CompanyName: row.companyName,
		Information: row.information, PhoneNumbers: details(row.phones, "Work")}
	if len(row.emails) > 0 {
		p.Emails = details(row.emails, "Work")
	}
	ct, _, err := c.Contacts.Create(ctx, p)
	if err != nil {
		return nil, err
	}
	if len(ct.PhoneNumbers) == 0 { // an answer without the contact's details: index what was sent
		sent := row.contact()
		ct.PhoneNumbers, ct.Emails = sent.PhoneNumbers, sent.Emails
	}
	return ct, nil
}

// updateContact gives ct the row's non-empty text fields and the phone
// numbers and emails it lacks. It reports whether anything changed (or
// would, on a dry run).
func updateContact(ctx context.Context, c *aircall.Client, ct *aircall.Contact, row *contactRow, dryRun bool) (bool, error) {
	var p aircall.ContactUpdateParams
	changed := false
	set := func(dst **string, have, want string) {
		if want != "" && want != have {
			*dst, changed = aircall.Ptr(want), true
		}
	}
	set(&p.FirstName, ct.FirstName, row.firstName)
	set(&p.LastName, ct.LastName, row.lastName)
	set(&p.CompanyName, ct.CompanyName, row.companyName)
	set(&p.Information, ct.Information, row.information)
	have := map[string]bool{}
	for _, ph := range ct.PhoneNumbers {
		have[phoneKey(ph.Value)] = true
	}
	for _, e := range ct.Emails {
		have[emailKey(e.Value)] = true
	}
	var phones, emails []string
	for _, ph := range row.phones {
		if !have[phoneKey(ph)] {
			phones = append(phones, ph)
		}
	}
	for _, e := range row.emails {
		if !have[emailKey(e)] {
			emails = append(emails, e)
		}
	}
	changed = changed || len(phones) > 0 || len(emails) > 0
	if dryRun || !changed {
		return changed, nil
	}
	if p != (aircall.ContactUpdateParams{}) {
		if _, _, err := c.Contacts.Update(ctx, ct.ID, &p); err != nil {
			return false, err
		}
	}
	for _, ph := range phones {
		if _, _, err := c.Contacts.AddPhoneNumber(ctx, ct.ID, &aircall.ContactDetailParams{Label: "Work", Value: ph}); err != nil {
			return false, err
		}
		ct.PhoneNumbers = append(ct.PhoneNumbers, &aircall.PhoneNumber{Value: ph})
	}
	for _, e := range emails {
		if _, _, err := c.Contacts.AddEmail(ctx, ct.ID, &aircall.ContactDetailParams{Label: "Work", Value: e}); err != nil {
			return false, err
		}
		ct.Emails = append(ct.Emails, &aircall.Email{Value: e})
	}
	return true, nil
}
