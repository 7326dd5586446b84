package aircall

import (
	"reflect"
	"strings"
	"testing"
)

// TestListNamingRule checks the rule of the package doc ("Lists: one page,
// every item, every page") on every service: each every-item iterator
// (All, AllNumbers, SearchAll...) has its one-page method (List,
// ListNumbers, Search...) and its every-page twin (Pages, NumberPages,
// SearchPages...), which yields pages; and each every-page iterator has its
// every-item twin.
func TestListNamingRule(t *testing.T) {
	t.Parallel()
	// twins returns the one-page and every-page names of an All iterator.
	twins := func(all string) (page, pages string) {
		if verb, ok := strings.CutSuffix(all, "All"); ok && verb != "" {
			return verb, verb + "Pages"
		}
		plural := strings.TrimPrefix(all, "All")
		singular := strings.TrimSuffix(plural, "s")
		if s, ok := strings.CutSuffix(plural, "ies"); ok {
			singular = s + "y"
		}
		return "List" + plural, singular + "Pages"
	}
	c := reflect.TypeFor[Client]()
	n := 0
	for f := range c.Fields() {
		svc := f.Type
		if !strings.HasSuffix(svc.String(), "Service") {
			continue
		}
		alls := map[string]bool{}
		for m := range svc.Methods() {
			if !strings.HasPrefix(m.Name, "All") && !strings.HasSuffix(m.Name, "All") {
				continue
			}
			n++
			page, pages := twins(m.Name)
			if _, ok := svc.MethodByName(page); !ok {
				t.Errorf("%s.%s has no one-page method %s", f.Name, m.Name, page)
			}
			alls[pages] = true
			p, ok := svc.MethodByName(pages)
			if !ok {
				t.Errorf("%s.%s has no %s", f.Name, m.Name, pages)
				continue
			}
			if out := p.Type.Out(0).String(); !strings.HasPrefix(out, "iter.Seq2[*") || !strings.Contains(out, "Page") {
				t.Errorf("%s.%s yields %s, not pages", f.Name, p.Name, out)
			}
		}
		for m := range svc.Methods() {
			if strings.HasSuffix(m.Name, "Pages") && !alls[m.Name] {
				t.Errorf("%s.%s has no every-item twin named by the rule", f.Name, m.Name)
			}
		}
	}
	if n < 11 {
		t.Errorf("found %d All iterators, want at least 11", n)
	}
}
