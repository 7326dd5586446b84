package aircall

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// MaxPerPage is the largest page the API serves.
const MaxPerPage = 50

// ListOptions selects one page of a list. The All iterators start at Page
// (default 1) and use PerPage (default MaxPerPage) for every page.
type ListOptions struct {
	Page    int `url:"page"`     // 1-based; 0 means 1
	PerPage int `url:"per_page"` // 1 to 50; 0 means the API's default of 20 (50 in All)
}

// TimeRange filters a list by creation date and orders it by creation date.
// From and To are sent as Unix seconds.
type TimeRange struct {
	From  time.Time `url:"from"`
	To    time.Time `url:"to"`
	Order Order     `url:"order"`
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
// into query params. Fields are named by their `url` tag; zero values are
// left out; time.Time becomes Unix seconds; slices repeat the param;
// embedded structs are flattened.
func encodeQuery(opts any) url.Values {
	q := url.Values{}
	if opts == nil {
		return q
	}
	v := reflect.ValueOf(opts)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return q
		}
		v = v.Elem()
	}
	encodeStruct(q, v)
	return q
}

var timeType = reflect.TypeFor[time.Time]()

func encodeStruct(q url.Values, v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		f, fv := t.Field(i), v.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("url"), ",") // options such as omitempty: zero values are never sent
		if f.Anonymous && name == "" {
			for fv.Kind() == reflect.Pointer {
				if fv.IsNil() {
					break
				}
				fv = fv.Elem()
			}
			if fv.Kind() == reflect.Struct {
				encodeStruct(q, fv)
			}
			continue
		}
		if name == "" || name == "-" || fv.IsZero() {
			continue
		}
		if fv.Kind() == reflect.Pointer {
			fv = fv.Elem()
		}
		switch {
		case fv.Type() == timeType:
			q.Set(name, strconv.FormatInt(fv.Interface().(time.Time).Unix(), 10))
		case fv.Kind() == reflect.Slice:
			for j := range fv.Len() {
				q.Add(name, fmt.Sprint(fv.Index(j).Interface()))
			}
		default:
			q.Set(name, fmt.Sprint(fv.Interface()))
		}
	}
}

// pager reads a paginated list endpoint: {"<key>": [...], "meta": {...}}.
type pager[T any] struct {
	c     *Client
	path  string
	key   string
	query url.Values
	// stamp returns an item's ID and creation time in Unix seconds, for the
	// lists capped at 10,000 items (calls, contacts). With it, all restarts
	// the list from the last timestamp seen instead of passing the cap.
	stamp func(*T) (ID, int64)
}

func newPager[T any](c *Client, path, key string, opts any) *pager[T] {
	return &pager[T]{c: c, path: path, key: key, query: encodeQuery(opts)}
}

// windowed enables the 10,000-cap bypass, keyed on stamp.
func (p *pager[T]) windowed(stamp func(*T) (ID, int64)) *pager[T] {
	p.stamp = stamp
	return p
}

// fetch reads one page.
func (p *pager[T]) fetch(ctx context.Context, q url.Values) ([]*T, *Response, error) {
	resp, data, err := p.c.do(ctx, http.MethodGet, p.path, q, nil)
	if err != nil {
		return nil, resp, err
	}
	var items []*T
	meta := new(Meta)
	found, err := decodeKey(data, p.key, &items, meta)
	if err != nil {
		return nil, resp, fmt.Errorf("aircall: GET %s: decoding %q: %w", p.path, p.key, err)
	}
	if !found {
		return nil, resp, fmt.Errorf("aircall: GET %s: answer has no %q list", p.path, p.key)
	}
	resp.Meta = meta
	return items, resp, nil
}

// list reads the one page the options select.
func (p *pager[T]) list(ctx context.Context) ([]*T, *Response, error) {
	return p.fetch(ctx, p.query)
}

// all iterates over every item, page after page, lazily. It passes the
// 10,000-item cap of windowed lists by restarting with from (ascending) or
// to (descending) one second before the last timestamp seen, skipping what
// it already yielded, so it is right whether the server treats from as
// inclusive or exclusive.
func (p *pager[T]) all(ctx context.Context) iter.Seq2[*T, error] {
	return func(yield func(*T, error) bool) {
		q := cloneValues(p.query)
		perPage, _ := strconv.Atoi(q.Get("per_page"))
		if perPage < 1 || perPage > MaxPerPage {
			perPage = MaxPerPage
		}
		page, _ := strconv.Atoi(q.Get("page"))
		page = max(page, 1)
		q.Set("per_page", strconv.Itoa(perPage))
		capItems := p.c.listCap
		desc := q.Get("order") == string(OrderDesc)
		if p.stamp != nil && q.Get("order") == "" {
			q.Set("order", string(OrderAsc)) // windows need a time order
		}

		var w window
		for {
			q.Set("page", strconv.Itoa(page))
			items, resp, err := p.fetch(ctx, q)
			if err != nil {
				if p.stamp != nil && page > 1 && w.started && isCapError(err) {
					// The server's cap is lower than ours: adopt it and restart.
					capItems = (page - 1) * perPage
					if err := w.restart(q, desc); err != nil {
						yield(nil, err)
						return
					}
					page = 1
					continue
				}
				yield(nil, err)
				return
			}
			for _, it := range items {
				if p.stamp != nil {
					id, ts := p.stamp(it)
					if w.skip(id, ts, desc) {
						continue
					}
				}
				if !yield(it, nil) {
					return
				}
			}
			if len(items) == 0 || !hasNext(resp.Meta, len(items), perPage) {
				return
			}
			if p.stamp != nil && (page+1)*perPage > capItems {
				if err := w.restart(q, desc); err != nil {
					yield(nil, err)
					return
				}
				page = 1
				continue
			}
			page++
		}
	}
}

// window tracks what a windowed iteration has yielded at its boundary: the
// latest timestamp seen (earliest, in descending order) and the IDs yielded
// at that second.
type window struct {
	started     bool
	boundary    int64
	seen        map[ID]struct{}
	firstTS     int64 // first timestamp received in the current window
	hasFirst    bool
	restartedAt int64 // boundary of the last restart
	restarted   bool
	prefix      bool // in a restarted window, before passing the boundary
}

// skip reports whether an item was yielded already, and records it if not.
func (w *window) skip(id ID, ts int64, desc bool) bool {
	if !w.hasFirst {
		w.firstTS, w.hasFirst = ts, true
	}
	if !w.started {
		w.started, w.boundary, w.seen = true, ts, map[ID]struct{}{}
	}
	before := ts < w.boundary
	if desc {
		before = ts > w.boundary
	}
	switch {
	case ts == w.boundary:
		if _, dup := w.seen[id]; dup {
			return true
		}
	case before:
		if w.prefix {
			return true // yielded in the previous window
		}
		return false // the server's order is not strict: yield, keep the boundary
	default:
		w.boundary, w.prefix = ts, false
		clear(w.seen)
	}
	w.seen[id] = struct{}{}
	return false
}

// restart points q at a new window that begins one second before the
// boundary, or fails when a whole window fell within one second.
func (w *window) restart(q url.Values, desc bool) error {
	if !w.started || (w.hasFirst && w.firstTS == w.boundary) || (w.restarted && w.restartedAt == w.boundary) {
		return fmt.Errorf("%w (at %s)", ErrWindowOverflow, time.Unix(w.boundary, 0).UTC().Format(time.RFC3339))
	}
	if desc {
		q.Set("to", strconv.FormatInt(w.boundary+1, 10))
	} else {
		q.Set("from", strconv.FormatInt(w.boundary-1, 10))
	}
	w.restartedAt, w.restarted, w.prefix, w.hasFirst = w.boundary, true, true, false
	return nil
}

// hasNext reports whether another page follows. The next page is always
// built from the Client's base URL and the caller's params; next_page_link is
// read only as a signal, never followed, so credentials cannot be sent to
// another host and params it drops (fetch_contact) are kept.
func hasNext(m *Meta, n, perPage int) bool {
	if m == nil || (m.CurrentPage == 0 && m.NextPageLink == "" && m.Total == 0) {
		return n >= perPage
	}
	return m.NextPageLink != ""
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
