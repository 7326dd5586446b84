package aircallsync

import (
	"net/http"
	"time"

	aircall "github.com/seed1279ea27/aircall-go"
)

// Row builders: the typed columns of each table, in schema order (see
// resourceTables), from the SDK's types.

func callValues(c *aircall.Call) []any {
	var userID, numberID, contactID aircall.ID
	if c.User != nil {
		userID = c.User.ID
	}
	if c.Number != nil {
		numberID = c.Number.ID
	}
	if c.Contact != nil {
		contactID = c.Contact.ID
	}
	return []any{c.StartedAt, c.AnsweredAt, c.EndedAt, c.Duration, string(c.Direction), string(c.Status),
		string(c.MissedCallReason), userID, numberID, contactID, c.Archived, costValue(c.Cost), c.Voicemail}
}

func contactValues(c *aircall.Contact) []any {
	return []any{c.FirstName, c.LastName, c.CompanyName, c.CreatedAt, c.UpdatedAt}
}

func userValues(u *aircall.User) []any {
	return []any{u.Name, u.Email, u.Available, string(u.AvailabilityStatus), u.CreatedAt}
}

func teamValues(t *aircall.Team) []any { return []any{t.Name, t.CreatedAt} }

func numberValues(n *aircall.Number) []any {
	return []any{n.Name, n.Digits, n.Country, n.CreatedAt}
}

func tagValues(t *aircall.Tag) []any { return []any{t.Name, t.Color, t.CreatedAt} }

// pageRows pairs a page's items with their raw JSON.
func pageRows[T any](pg *aircall.Page[T], id func(*T) aircall.ID, values func(*T) []any, observed time.Time) ([]Row, error) {
	raw, err := pg.RawItems()
	if err != nil {
		return nil, err
	}
	rows := make([]Row, len(pg.Items))
	for i, it := range pg.Items {
		rows[i] = Row{ID: id(it), Values: values(it), Raw: raw[i], ObservedAt: observed}
	}
	return rows, nil
}

// observedAt is when the server answered resp (its Date header, else
// now), to the second.
func observedAt(resp *aircall.Response, now time.Time) time.Time {
	if resp != nil && resp.Response != nil {
		if t, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
			return t.UTC()
		}
	}
	return now.UTC().Truncate(time.Second)
}
