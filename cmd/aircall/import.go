package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// importSummary counts the rows of an import by outcome: every row is
// counted once, as it is reported.
type importSummary struct {
	Created int `json:"created"`
	Updated int `json:"updated"`
	// Skipped counts the rows that matched a contact and the invalid rows
	// (reported "line N: skipped: ..."); Invalid counts the latter alone.
	Skipped int `json:"skipped"`
	Invalid int `json:"invalid,omitempty"`
	Failed  int `json:"failed"`
}

func (s importSummary) String() string {
	skipped := fmt.Sprint(s.Skipped)
	if s.Invalid > 0 {
		skipped += fmt.Sprintf(" (%d invalid)", s.Invalid)
	}
	return fmt.Sprintf("created %d, updated %d, skipped %s, failed %d", s.Created, s.Updated, skipped, s.Failed)
}

// outcome is what became of a row.
type outcome int

const (
	failed outcome = iota
	created
	updated
	skipped
	invalid // a bad row, skipped without a request
)

// add counts a row of outcome k.
func (s *importSummary) add(k outcome) {
	switch k {
	case created:
		s.Created++
	case updated:
		s.Updated++
	case skipped:
		s.Skipped++
	case invalid:
		s.Skipped++
		s.Invalid++
	default:
		s.Failed++
	}
}

// importSpec identifies an import: a checkpoint resumes only the import it
// was saved by. The CSV file is known by its content (SHA-256 and size), not
// by its path or modification time: a moved or copied file resumes, an
// edited one does not.
type importSpec struct {
	File       string `json:"file"` // as given on the command line, for messages only
	Size       int    `json:"size"`
	SHA256     string `json:"sha256"`
	OnExisting string `json:"on_existing"`
}

// importCheckpoint is the position of an import, saved as rows are done.
type importCheckpoint struct {
	Version int         `json:"version"`
	Import  *importSpec `json:"import"`
	// Rows counts the rows done (good and bad, in file order); Line is the
	// line the last of them starts on. A resumed import skips those rows
	// without a request, and matches the next one again before creating it.
	Rows int `json:"rows"`
	Line int `json:"line"`
	// Totals counts the rows done by outcome, over every run.
	Totals importSummary `json:"totals"`
	// Done is set once the last row is done.
	Done bool `json:"done,omitempty"`
}

const importCheckpointVersion = 1

// load reads the checkpoint at path, if there is one, in place of cp. It
// refuses a checkpoint of another file or another --on-existing.
func (cp *importCheckpoint) load(path string, rows int) error {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var saved importCheckpoint
	if err := json.Unmarshal(b, &saved); err != nil || saved.Version != importCheckpointVersion || saved.Import == nil || saved.Rows < 0 {
		return fmt.Errorf("%s is not an aircall contacts import checkpoint", path)
	}
	was, is := saved.Import, cp.Import
	switch {
	case was.SHA256 != is.SHA256 || was.Size != is.Size || saved.Rows > rows:
		return usagef("%s was saved by an import of another file (%s: %d bytes, SHA-256 %.12s...), not of %s (%d bytes, SHA-256 %.12s...); run the same command on that file, or delete it",
			path, was.File, was.Size, was.SHA256, is.File, is.Size, is.SHA256)
	case was.OnExisting != is.OnExisting:
		return usagef("%s was saved by an import with --on-existing %s, not %s; run the same command, or delete it", path, was.OnExisting, is.OnExisting)
	}
	saved.Import = is
	*cp = saved
	return nil
}

// save replaces the checkpoint at path atomically.
func (cp *importCheckpoint) save(path string) error {
	b, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(path, b); err != nil {
		return fmt.Errorf("saving the checkpoint: %w", err)
	}
	return nil
}

// rejected reports whether err is the API's answer about the row itself
// (invalid, conflicting, or a contact gone), rather than a failure to get
// an answer: a rejected row is done, failed.
func rejected(err error) bool {
	return errors.Is(err, aircall.ErrValidation) || errors.Is(err, aircall.ErrConflict) || errors.Is(err, aircall.ErrNotFound)
}

// importContacts runs an import of the CSV file's data; p reports its
// progress, a row at a time.
func importContacts(ctx context.Context, c *aircall.Client, file string, data []byte, o importOptions, p *progress, stdout, stderr io.Writer) error {
	defer p.Done()
	rows, err := readRows(bytes.NewReader(data))
	if err != nil {
		return err
	}
	hash := sha256.Sum256(data)
	cp := &importCheckpoint{Version: importCheckpointVersion,
		Import: &importSpec{File: file, Size: len(data), SHA256: hex.EncodeToString(hash[:]), OnExisting: o.onExisting}}
	if o.checkpoint != "" {
		if err := cp.load(o.checkpoint, len(rows)); err != nil {
			return err
		}
	}
	before := cp.Rows // done by an earlier run
	if cp.Done {      // the run's one summary line: the totals of every run
		fmt.Fprintf(stdout, "import already complete: %s (delete %s to import again)\n", cp.Totals, o.checkpoint)
		return nil
	}
	if before > 0 && !o.quiet {
		fmt.Fprintf(stderr, "resuming from %s: %d row(s) up to line %d done by an earlier run\n", o.checkpoint, before, cp.Line)
	}
	if o.checkpoint != "" {
		// Before any request: a checkpoint that cannot be written stops
		// the import before it changes anything.
		if err := cp.save(o.checkpoint); err != nil {
			return err
		}
	}
	todo := rows[before:]
	p.SetTotal(int64(len(todo)))
	good := 0
	for _, row := range todo {
		if row.problem != "" {
			if !o.quiet { // counted in the summary as invalid
				fmt.Fprintf(stderr, "line %d: skipped: %s\n", row.line, row.problem)
			}
		} else {
			good++
		}
	}
	m, err := newMatcher(ctx, c, good)
	if err != nil {
		return fmt.Errorf("reading the existing contacts (nothing was imported): %w", err)
	}
	var run importSummary
	var stopped error
	lastSave := time.Now()
	for i := range todo {
		row := &todo[i]
		if ctx.Err() != nil {
			break
		}
		kind, sent := invalid, false
		if row.problem == "" {
			kind, sent, err = importRow(ctx, c, m, row, o, stdout)
			if err != nil {
				if ctx.Err() != nil {
					break // interrupted: the row is not done
				}
				if o.checkpoint != "" && !rejected(err) {
					stopped = fmt.Errorf("import stopped at line %d: %w; run the same command again to resume from %s", row.line, err, o.checkpoint)
					break
				}
				fmt.Fprintf(stderr, "line %d: %s\n", row.line, plain(err))
				kind = failed
			}
		}
		run.add(kind)
		cp.Totals.add(kind)
		cp.Rows, cp.Line = cp.Rows+1, row.line
		p.Add(1)
		// A row that sent nothing costs nothing to redo: those are saved
		// at most once a second.
		if o.checkpoint != "" && (sent || time.Since(lastSave) >= time.Second) {
			if err := cp.save(o.checkpoint); err != nil {
				return err
			}
			lastSave = time.Now()
		}
	}
	cp.Done = ctx.Err() == nil && stopped == nil
	if o.checkpoint != "" {
		if err := cp.save(o.checkpoint); err != nil {
			return err
		}
	}
	p.Done() // its last line before the summary
	if o.dryRun {
		fmt.Fprint(stdout, "dry run, nothing changed: ")
	}
	if before > 0 {
		fmt.Fprintf(stdout, "%s; %d row(s) done by an earlier run\n", run, before)
	} else {
		fmt.Fprintf(stdout, "%s\n", run)
	}
	if stopped != nil {
		return stopped
	}
	if ctx.Err() != nil {
		if o.checkpoint != "" {
			return fmt.Errorf("import interrupted; run the same command again to resume from %s", o.checkpoint)
		}
		return errors.New("import interrupted (run it again: rows already imported are matched, not created twice)")
	}
	if run.Failed > 0 {
		return fmt.Errorf("%d row(s) failed", run.Failed)
	}
	return nil
}

// importRow matches a good row against the existing contacts, then creates
// or updates its contact. It reports what became of the row, and whether
// it sent a request.
func importRow(ctx context.Context, c *aircall.Client, m *matcher, row *contactRow, o importOptions, stdout io.Writer) (outcome, bool, error) {
	existing, err := m.match(ctx, row)
	if err != nil {
		return failed, true, fmt.Errorf("failed to look for an existing contact (nothing created): %w", err)
	}
	switch {
	case existing == nil:
		if o.dryRun {
			m.ix.add(row.contact()) // later rows match it, as they would once created
			fmt.Fprintf(stdout, "line %d: would be created\n", row.line)
			return created, m.search, nil
		}
		ct, err := createContact(ctx, c, row)
		if err != nil {
			return failed, true, fmt.Errorf("failed: %w", err)
		}
		m.ix.add(ct)
		return created, true, nil
	case o.onExisting == "update":
		changed, err := updateContact(ctx, c, existing, row, o.dryRun)
		switch {
		case err != nil:
			return failed, true, fmt.Errorf("failed to update contact %s: %w", existing.ID, err)
		case changed:
			m.ix.add(existing)
			verb := ""
			if o.dryRun {
				verb = "would be "
			}
			fmt.Fprintf(stdout, "line %d: contact %s %supdated\n", row.line, existing.ID, verb)
			return updated, !o.dryRun, nil
		}
	}
	return skipped, m.search, nil
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
