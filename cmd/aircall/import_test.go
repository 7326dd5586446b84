package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	aircall "github.com/seed1279ea27/aircall-go"
	"github.com/seed1279ea27/aircall-go/aircalltest"
)

// contacts returns the server's contacts by ID.
func contacts(t *testing.T, srv *aircalltest.Server) map[aircall.ID]*aircall.Contact {
	t.Helper()
	out := map[aircall.ID]*aircall.Contact{}
	for c, err := range sdk(t, srv).Contacts.All(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		out[c.ID] = c
	}
	return out
}

func writeCSV(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// importFile has 4 good rows that create 3 contacts (line 9 repeats line
// 2's number; line 7 spans two lines), 1 row that matches a demo contact by email (Gary Jennings)
// and 3 bad rows.
var importFile = `first_name,last_name,company_name,information,phone_numbers,email
Ada,Lovelace,Analytical Engines,VIP,+44 20 7946 0001;+447700900001,ada@engines.example
Grace,Hopper,US Navy,,+1 (202) 555-0143,grace@navy.example
Nobody,Phoneless,,,,none@example.com
Bad,Number,,,0612345678,bad@example.com
Too,Many,,,` + manyNumbers(21) + `,
"Linus","Quoted, with a comma",,"two
lines",+358401234567,
Ada,Again,,,+447700900001,
Gary,Jennings,Acme Corp,,+15550009999,Gary.Jennings@acme.com
`

func manyNumbers(n int) string {
	var s []string
	for i := range n {
		s = append(s, fmt.Sprintf("+3310000%04d", i))
	}
	return strings.Join(s, ";")
}

func TestImportTwiceCreatesOnce(t *testing.T) {
	t.Parallel()
	srv := fake(t, aircalltest.WithDemoData())
	dir := t.TempDir()
	file := writeCSV(t, dir, "contacts.csv", importFile)
	before := contacts(t, srv)

	r := cli(t, dir, envFor(srv), "contacts", "import", file, "--dry-run")
	wantCode(t, r, 0, "contacts import --dry-run") // the bad rows are skipped, counted as such
	if !strings.Contains(r.stdout, "dry run, nothing changed: created 3, updated 0, skipped 5 (3 invalid), failed 0") {
		t.Errorf("dry run summary:\n%s", r.stdout)
	}
	if got := len(contacts(t, srv)); got != len(before) {
		t.Fatalf("a dry run changed the contact count from %d to %d", len(before), got)
	}

	r = cli(t, dir, envFor(srv), "contacts", "import", file)
	wantOutput(t, r, 0, "contacts import", r.stdout, "created 3, updated 0, skipped 5 (3 invalid), failed 0\n")
	// Bad rows are reported with their line numbers.
	wantBad := []string{
		"line 4: skipped: no phone number",
		`line 5: skipped: phone number "0612345678" is not E.164`,
		"line 6: skipped: 21 phone numbers, more than the 20",
	}
	if diff := cmp.Diff(wantBad, lines(r.stderr)[:3], cmp.Comparer(func(want, got string) bool { return strings.HasPrefix(got, want) || strings.HasPrefix(want, got) })); diff != "" {
		t.Errorf("bad rows (-want +got):\n%s\nstderr:\n%s", diff, r.stderr)
	}
	after := contacts(t, srv)
	if len(after) != len(before)+3 {
		t.Fatalf("contacts: %d before, %d after, want 3 more", len(before), len(after))
	}
	var created []string
	for id, c := range after {
		if before[id] == nil {
			var phones []string
			for _, p := range c.PhoneNumbers {
				phones = append(phones, p.Value)
			}
			created = append(created, c.FirstName+" "+c.LastName+" "+strings.Join(phones, ","))
		}
	}
	wantCreated := []string{"Ada Lovelace +442079460001,+447700900001", "Grace Hopper +12025550143", "Linus Quoted, with a comma +358401234567"}
	if diff := cmp.Diff(wantCreated, created, cmp.Transformer("sort", func(s []string) []string { return slices.Sorted(slices.Values(s)) })); diff != "" {
		t.Errorf("created contacts (-want +got):\n%s", diff)
	}

	// The same import again creates nothing.
	r = cli(t, dir, envFor(srv), "contacts", "import", file)
	wantOutput(t, r, 0, "contacts import, again", r.stdout, "created 0, updated 0, skipped 8 (3 invalid), failed 0\n")
	if got := len(contacts(t, srv)); got != len(after) {
		t.Errorf("the second import changed the contact count from %d to %d", len(after), got)
	}

	// --on-existing update: Gary (matched by email) gets the row's company
	// and number; Ada's second row adds nothing new but its last name.
	r = cli(t, dir, envFor(srv), "contacts", "import", file, "--on-existing", "update")
	wantOutput(t, r, 0, "contacts import --on-existing update", r.stdout, "created 0, updated 2, skipped 6 (3 invalid), failed 0\n")
	gary := contacts(t, srv)[aircalltest.DemoContactGary]
	var garyPhones []string
	for _, p := range gary.PhoneNumbers {
		garyPhones = append(garyPhones, p.Value)
	}
	if gary.CompanyName != "Acme Corp" || !strings.Contains(strings.Join(garyPhones, ","), "+15550009999") {
		t.Errorf("Gary after the update: company %q, phones %v", gary.CompanyName, garyPhones)
	}
}

// TestImportInterruptedCreatesNoDuplicates kills an import mid-way and runs
// it again: every row is a contact once.
func TestImportInterruptedCreatesNoDuplicates(t *testing.T) {
	t.Parallel()
	srv := fake(t, aircalltest.WithRateLimit(6_000, time.Minute)) // one request each 10ms
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("first_name,last_name,phone_number,email\n")
	const rows = 120
	for i := range rows {
		fmt.Fprintf(&b, "Row,%d,+4930%08d,row%d@example.com\n", i, i, i)
	}
	file := writeCSV(t, dir, "big.csv", b.String())

	p := start(t, dir, envFor(srv), "contacts", "import", file)
	deadline := time.Now().Add(20 * time.Second)
	for len(contacts(t, srv)) < 30 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-p.done
	mid := len(contacts(t, srv))
	if mid >= rows {
		t.Fatalf("the import finished (%d contacts) before it was killed", mid)
	}
	r := cli(t, dir, envFor(srv), "contacts", "import", file)
	wantCode(t, r, 0, "contacts import, resumed")
	if !strings.Contains(r.stdout, fmt.Sprintf("created %d, updated 0, skipped %d, failed 0", rows-mid, mid)) {
		t.Errorf("summary after the interruption (%d created before it):\n%s", mid, r.stdout)
	}
	byPhone := map[string]int{}
	for _, c := range contacts(t, srv) {
		for _, ph := range c.PhoneNumbers {
			byPhone[ph.Value]++
		}
	}
	if len(byPhone) != rows {
		t.Errorf("%d distinct numbers, want %d", len(byPhone), rows)
	}
	for ph, n := range byPhone {
		if n != 1 {
			t.Errorf("%s is on %d contacts", ph, n)
		}
	}
}

// TestImportSearchesInALargeAccount: with few rows for the account's size,
// import searches each row instead of reading every contact.
func TestImportSearchesInALargeAccount(t *testing.T) {
	t.Parallel()
	srv := fake(t)
	c := sdk(t, srv)
	for i := range 260 { // 6 pages to read, more than 2 searches for each of 2 rows
		if _, _, err := c.Contacts.Create(context.Background(), &aircall.ContactCreateParams{LastName: fmt.Sprint("Existing ", i),
			PhoneNumbers: []aircall.ContactDetailParams{{Label: "Work", Value: fmt.Sprintf("+3361%07d", i)}},
			Emails:       []aircall.ContactDetailParams{{Label: "Work", Value: fmt.Sprintf("existing%d@example.com", i)}}}); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	file := writeCSV(t, dir, "two.csv", "last_name,phone_number,email\nByPhone,+33 6 10 00 00 42,\nByEmail,+15550100,EXISTING7@example.com\n")
	r := cli(t, dir, envFor(srv), "contacts", "import", file)
	wantOutput(t, r, 0, "contacts import of 2 rows", r.stdout, "created 0, updated 0, skipped 2, failed 0")
	st := srv.Stats()
	// Row 1 matches on its number; row 2 misses on its number, then
	// matches on its email.
	if got := st.Routes["GET /v1/contacts/search"].Requests; got != 3 {
		t.Errorf("%d searches, want 3", got)
	}
	if got := st.Routes["GET /v1/contacts"].Requests; got != 1 {
		t.Errorf("%d list requests, want 1 (the size probe)", got)
	}
}
