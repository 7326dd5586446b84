package aircall

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// specEvents reads the event tables copied from the spec
// (webhook-events.tsv and webhook-events-additions.tsv): each row's event
// and resource.
func specEvents(t *testing.T) (names []Event, resources map[Event]string) {
	t.Helper()
	resources = map[Event]string{}
	for _, name := range []string{"testdata/webhook-events.tsv", "testdata/webhook-events-additions.tsv"} {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // header
		for sc.Scan() {
			cols := strings.Split(sc.Text(), "\t")
			if len(cols) < 2 {
				continue
			}
			names = append(names, Event(cols[0]))
			resources[Event(cols[0])] = cols[1]
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return names, resources
}

// TestEventsMatchSpec checks Events against the two spec tables (67
// events), and that Resource gives each event the envelope resource of its
// row, including those whose name has another prefix (group_message.*,
// transcription.*, summary.*, ...).
func TestEventsMatchSpec(t *testing.T) {
	t.Parallel()
	want, resources := specEvents(t)
	if len(want) != 67 {
		t.Fatalf("spec tables list %d events, want 67", len(want))
	}
	got := Events()
	gotSet := map[Event]bool{}
	for _, e := range got {
		if gotSet[e] {
			t.Errorf("%s listed twice", e)
		}
		gotSet[e] = true
	}
	for _, e := range want {
		if !gotSet[e] {
			t.Errorf("Events() lacks %s", e)
		}
		if !e.Known() {
			t.Errorf("%s.Known() = false", e)
		}
		if r := e.Resource(); r != resources[e] {
			t.Errorf("%s.Resource() = %q, want %q", e, r, resources[e])
		}
	}
	if len(got) != len(want) {
		t.Errorf("Events() has %d events, the spec %d", len(got), len(want))
	}
	for _, e := range []Event{"call.teleported", "message", ""} {
		if e.Known() {
			t.Errorf("%q.Known() = true", e)
		}
	}
	if r := Event("call.teleported").Resource(); r != "call" {
		t.Errorf("an undocumented event's resource is %q, want the prefix", r)
	}
}
