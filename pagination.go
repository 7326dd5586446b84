package aircall

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/go-querystring/query"
	"github.com/seed1279ea27/aircall-go/internal/wire"
)

// MaxPerPage is the largest page the API serves.
const MaxPerPage = 50

// ListOptions selects one page of a list. The All and Pages iterators start
// at Page (default 1) and use PerPage for every page (default: the largest
// page the endpoint serves, MaxPerPage for most lists). A PerPage above that
// maximum is refused before anything is sent, with a *ParamError. On the
// lists walked by a time cursor (calls, contacts), a Page above 1 skips
// the first pages of the list as it is when the walk starts; the walk then
// goes on by cursor.
type ListOptions struct {
	Page    int `url:"page,omitempty"`     // 1-based; 0 means 1
	PerPage int `url:"per_page,omitempty"` // 1 to 50; 0 means the API's default of 20 (50 in All)
}

// TimeRange filters a list by creation date and orders it by creation date.
// From and To are sent as Unix seconds; whether the API includes their own
// second is not documented, and the iterators are right either way.
type TimeRange struct {
	From  time.Time `url:"from,omitempty,unix"`
	To    time.Time `url:"to,omitempty,unix"`
	Order Order     `url:"order,omitempty"`
}

// Meta is the "meta" object of a list page.
type Meta struct {
	Count            int    `json:"count"`
	Total            int    `json:"total"`
	CurrentPage      int    `json:"current_page"`
	PerPage          int    `json:"per_page"`
	NextPageLink     string `json:"next_page_link"`
	PreviousPageLink string `json:"previous_page_link"`
}

// encodeQuery turns an options struct (or a pointer to one, possibly nil)
// into query params with go-querystring: fields are named by their `url`
// tag and carry omitempty (zero values are left out), time.Time fields carry
// unix (Unix seconds), slices repeat the param (tags[]=1&tags[]=2), and
// embedded structs are flattened. go-querystring fails only on input that is
// not a struct and on a failing query.Encoder; the SDK's options types are
// structs without encoders (TestOptionsTypesEncode checks each), so the
// error is dropped.
func encodeQuery(opts any) url.Values {
	q, err := query.Values(opts)
	if err != nil {
		return url.Values{}
	}
	return q
}

// pager reads a paginated list endpoint: {"<key>": [...], "meta": {...}}.
type pager[T any] struct {
	c     *Client
	path  string
	key   string
	query url.Values
	// max is the largest per_page the endpoint serves (MaxPerPage unless
	// set with maxPerPage).
	max int
	// stamp returns an item's ID and cursor time (calls: started_at;
	// contacts: created_at), for the lists walked by a time cursor (see
	// walkCursor); stampName is the cursor field's name, for errors. Nil:
	// the list is walked by offset.
	stamp     func(*T) (ID, time.Time)
	stampName string
}

func newPager[T any](c *Client, path, key string, opts any) *pager[T] {
	return &pager[T]{c: c, path: path, key: key, query: encodeQuery(opts), max: MaxPerPage}
}

// byCursor makes the iterators walk the list by a time cursor read with
// stamp from the field named name.
func (p *pager[T]) byCursor(name string, stamp func(*T) (ID, time.Time)) *pager[T] {
	p.stamp, p.stampName = stamp, name
	return p
}

// maxPerPage sets the largest per_page the endpoint serves, for the lists
// whose maximum is not MaxPerPage (SMS templates serve 100). Pages and All
// then ask for n items a page unless the options say otherwise.
func (p *pager[T]) maxPerPage(n int) *pager[T] {
	p.max = n
	return p
}

// perPage checks the options' per_page against the endpoint's maximum
// before anything is sent.
func (p *pager[T]) perPage() (int, error) {
	v := p.query.Get("per_page")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > p.max {
		return 0, paramErr("GET "+p.path, "per_page", "must be between 1 and %d, got %s", p.max, v)
	}
	return n, nil
}

// fetch reads one page. On error it returns the Response, if one came.
func (p *pager[T]) fetch(ctx context.Context, q url.Values) (*Page[T], *Response, error) {
	resp, data, err := p.c.do(ctx, http.MethodGet, p.path, q, nil)
	if err != nil {
		return nil, resp, err
	}
	pg := &Page[T]{Meta: new(Meta), Response: resp, body: data, key: p.key}
	found, err := p.c.decode(ctx, resp, data, p.key, &pg.Items, pg.Meta)
	if err != nil {
		return nil, resp, fmt.Errorf("aircall: GET %s: decoding %q: %w", p.path, p.key, err)
	}
	if !found {
		return nil, resp, fmt.Errorf("aircall: GET %s: answer has no %q list", p.path, p.key)
	}
	resp.Meta = pg.Meta
	return pg, resp, nil
}

// list reads the one page the options select.
func (p *pager[T]) list(ctx context.Context) ([]*T, *Response, error) {
	if _, err := p.perPage(); err != nil {
		return nil, nil, err
	}
	pg, resp, err := p.fetch(ctx, p.query)
	if err != nil {
		return nil, resp, err
	}
	return pg.Items, resp, nil
}

// all iterates over every item of pages.
func (p *pager[T]) all(ctx context.Context) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		for pg, err := range p.pages(ctx) {
			if err != nil {
				yield(nil, err)
				return
			}
			pg.body = nil // RawItems is not called: let the body go while the items are used
			for _, it := range pg.Items {
				if !yield(it, nil) {
					return
				}
			}
		}
	}
}

// pages iterates over every page, lazily: by a time cursor on the lists
// that have one (see walkCursor), by offset on the others.
func (p *pager[T]) pages(ctx context.Context) iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		perPage, err := p.perPage()
		if err != nil {
			yield(nil, err)
			return
		}
		if perPage == 0 {
			perPage = p.max
		}
		q := cloneValues(p.query)
		page, _ := strconv.Atoi(q.Get("page"))
		page = max(page, 1)
		q.Set("per_page", strconv.Itoa(perPage))
		if p.stamp != nil {
			p.walkCursor(ctx, q, page, perPage, yield)
			return
		}
		for first := page; ; page++ {
			q.Set("page", strconv.Itoa(page))
			pg, _, err := p.fetch(ctx, q)
			if err != nil {
				yield(nil, err)
				return
			}
			if pageIgnored(pg, page, first, perPage) {
				return
			}
			more := hasNext(pg, page, len(pg.Items), perPage) // before yield: all drops the body
			if !yield(pg, nil) || !more {
				return
			}
		}
	}
}

// pageIgnored reports whether pg, asked as page number page of a query
// whose first page was first, shows that the server ignores page: a later
// page that says it is another one, or one that holds items past the total
// without a current_page. It would repeat a page already seen.
func pageIgnored[T any](pg *Page[T], page, first, perPage int) bool {
	if page == first {
		return false
	}
	m := pg.Meta
	if m.CurrentPage > 0 && m.CurrentPage != page {
		return true
	}
	return m.CurrentPage == 0 && m.NextPageLink == "" && len(pg.Items) > 0 &&
		m.Total > 0 && (page-1)*cmp.Or(m.PerPage, perPage) >= m.Total
}

// Page is one page of a list, as the Pages iterators yield it.
type Page[T any] struct {
	// Items are the page's items, the ones All yields: on the lists walked
	// by a time cursor (calls, contacts), the items of the boundary second
	// already yielded are left out, so a page may hold fewer items than
	// Meta.Count; a page left empty that way is not yielded.
	Items []*T
	// Meta is the page's "meta" object. On the lists walked by a time
	// cursor it is that of the query that served the page: Meta.Total
	// counts the items from the cursor on, and Meta.CurrentPage is the page
	// of that query.
	Meta *Meta
	// Response is the HTTP answer that carried the page.
	Response *Response

	body []byte // the page body as received
	key  string // the list's key in body
	kept []int  // index in body's list of each of Items; nil: all of them
}

// skipDuplicates drops the items for which skip reports true, recording
// which of the body's items remain.
func (pg *Page[T]) skipDuplicates(skip func(*T) bool) {
	var kept []int
	out := pg.Items[:0]
	for i, it := range pg.Items {
		if skip(it) {
			if kept == nil {
				kept = make([]int, 0, len(pg.Items))
				for j := range i {
					kept = append(kept, j)
				}
			}
			continue
		}
		if kept != nil {
			kept = append(kept, i)
		}
		out = append(out, it)
	}
	clear(pg.Items[len(out):])
	pg.Items, pg.kept = out, kept
}

// RawItems returns each item of Items as the server sent it: the bytes of
// the item's JSON value in the page body, with every key, including those
// the SDK does not type. RawItems()[i] is Items[i]. The body is split only
// when RawItems is called, so iterating without it costs nothing.
func (pg *Page[T]) RawItems() ([]json.RawMessage, error) {
	raw, err := splitList(pg.body, pg.key)
	if err != nil {
		return nil, fmt.Errorf("aircall: splitting the %q list of a page: %w", pg.key, err)
	}
	if pg.kept == nil {
		if len(raw) != len(pg.Items) {
			return nil, fmt.Errorf("aircall: the %q list of a page holds %d items, %d decoded", pg.key, len(raw), len(pg.Items))
		}
		return raw, nil
	}
	out := make([]json.RawMessage, len(pg.kept))
	for i, j := range pg.kept {
		if j >= len(raw) {
			return nil, fmt.Errorf("aircall: the %q list of a page holds %d items, fewer than decoded", pg.key, len(raw))
		}
		out[i] = raw[j]
	}
	return out, nil
}

// splitList returns the elements of the array under key in the JSON object
// body, each as its own copy of the bytes received.
func splitList(body []byte, key string) ([]json.RawMessage, error) {
	dec := jsontext.NewDecoder(bytes.NewReader(body), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	var out []json.RawMessage
	err := wire.WalkObject(dec, func(name string) (bool, error) {
		if name != key || out != nil {
			return false, nil
		}
		if tok, err := dec.ReadToken(); err != nil {
			return true, err
		} else if tok.Kind() != '[' {
			return true, fmt.Errorf("%q is not a list", key)
		}
		out = []json.RawMessage{}
		for dec.PeekKind() != ']' {
			v, err := dec.ReadValue()
			if err != nil {
				return true, err
			}
			out = append(out, json.RawMessage(v.Clone()))
		}
		_, err := dec.ReadToken()
		return true, err
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, fmt.Errorf("no %q list", key)
	}
	return out, nil
}

// hasNext reports whether another page follows page number page, which
// held n items (before duplicates were skipped) of perPage asked for. The
// next page is always built from the Client's base URL and the caller's
// params; next_page_link is read only as a signal, never followed, so
// credentials cannot be sent to another host and params it drops
// (fetch_contact) are kept.
//
// A page whose meta carries the link keys (most lists) is the last one when
// next_page_link is null. A page without them (GET /v1/webhooks) is
// followed while it was full or while meta.total says more remain (counted
// with the meta's per_page, the page size the server served). An empty
// page always ends the list, and so does a later page whose current_page
// is not the page asked for (the server ignores page: it would repeat
// itself), so the walk cannot loop.
func hasNext[T any](pg *Page[T], page, n, perPage int) bool {
	if n == 0 {
		return false
	}
	if pg.Meta.NextPageLink != "" {
		return true
	}
	if pg.Meta.PerPage > 0 {
		perPage = pg.Meta.PerPage // what the server served, if it capped per_page lower
	}
	more := n >= perPage || (pg.Meta.Total > 0 && (page-1)*perPage+n < pg.Meta.Total)
	return more && !metaHasLinks(pg.body)
}

// metaHasLinks reports whether the top-level "meta" object of a page body
// has a next_page_link or previous_page_link key, null or not.
func metaHasLinks(body []byte) bool {
	dec := jsontext.NewDecoder(bytes.NewReader(body), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	found := false
	err := wire.WalkObject(dec, func(name string) (bool, error) {
		if name != "meta" || dec.PeekKind() != '{' {
			return false, nil
		}
		err := wire.WalkObject(dec, func(name string) (bool, error) {
			found = found || name == "next_page_link" || name == "previous_page_link"
			return false, nil
		})
		return true, err
	})
	return err == nil && found
}

// isCapError recognises the 400 the API answers past its 10,000-item cap:
// "Your query is limited to 10k results and pagination is out of bound".
func isCapError(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusBadRequest {
		return false
	}
	text := strings.ToLower(ae.Title + " " + ae.Troubleshoot + " " + ae.Message + " " + errorsText(ae.Errors) + " " + string(ae.Body))
	return strings.Contains(text, "10k") || strings.Contains(text, "out of bound")
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v))
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
