package aircall

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func numbersFx2345() *Number {
	return &Number{
		ID: 2345, DirectLink: "https://api.aircall.io/v1/numbers/2345", Name: "UK office",
		Digits: "+44 20 0000 0000", CreatedAt: fxTime("2020-01-04T19:28:58.000Z", FormISOMillis),
		Country: "GB", TimeZone: "Europe/London", Open: true, AvailabilityStatus: NumberCustom,
		IsIVR: true, LiveRecordingActivated: false, Priority: nil, Messages: fxMessages(),
	}
}

func TestNumbersEndpoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	runFamilyCalls(t, []familyCall{
		{name: "list", pattern: "GET /v1/numbers", reply: "numbers_list.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Numbers.List(ctx, &NumberListOptions{
					ListOptions: ListOptions{PerPage: 20},
					TimeRange:   TimeRange{From: time.Unix(1577836800, 0), Order: OrderAsc},
				})
			},
			path: "/v1/numbers", query: "from=1577836800&order=asc&per_page=20",
			want: []*Number{fxNumber1234(), numbersFx2345()}, meta: &Meta{Count: 2, Total: 2, CurrentPage: 1, PerPage: 20}},
		{name: "get", pattern: "GET /v1/numbers/{id}", reply: "numbers_get.json",
			call: func(c *Client) (any, *Response, error) { return c.Numbers.Get(ctx, 1234) },
			path: "/v1/numbers/1234",
			want: edit(fxNumber1234(), func(n *Number) { n.Users = []*User{edit(fxJohnDoe(), func(u *User) { u.Language = "" })} })},
	})
}

func TestNumbersAll(t *testing.T) {
	t.Parallel()
	ts, c := servePages(t, "GET /v1/numbers",
		`{"meta":{"count":1,"total":2,"current_page":1,"per_page":1,"next_page_link":"https://api.aircall.io/v1/numbers?page=2&per_page=1"},"numbers":[{"id":1,"name":"A","created_at":"2020-01-02T11:41:01Z","priority":0}]}`,
		`{"meta":{"count":1,"total":2,"current_page":2,"per_page":1,"next_page_link":null},"numbers":[{"id":2,"name":"B","created_at":"2020-01-03T11:41:01.000Z","priority":1}]}`)
	got := collect(t, c.Numbers.All(context.Background(), &NumberListOptions{ListOptions: ListOptions{PerPage: 1}}))
	want := []*Number{
		{ID: 1, Name: "A", CreatedAt: fxTime("2020-01-02T11:41:01Z", FormISO), Priority: Ptr(PriorityNone)},
		{ID: 2, Name: "B", CreatedAt: fxTime("2020-01-03T11:41:01.000Z", FormISOMillis), Priority: Ptr(PriorityTop)},
	}
	checkDiff(t, "numbers", want, got)
	checkDiff(t, "queries", []string{"page=1&per_page=1", "page=2&per_page=1"}, ts.rawQueries())
}

func TestNumbersGetNotFound(t *testing.T) {
	t.Parallel()
	_, c := serve(t, "GET /v1/numbers/{id}", 404, `{"error":"Not found","troubleshoot":"Number not found"}`)
	_, _, err := c.Numbers.Get(context.Background(), 1)
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
}

func TestNumbersUpdate(t *testing.T) {
	t.Parallel()
	status := NumberClosed
	tests := []struct {
		name     string
		params   *NumberUpdateParams
		wantBody string
	}{
		{"name (spec example)", &NumberUpdateParams{Name: Ptr("French Office UPDATED")}, `{"name":"French Office UPDATED"}`},
		{"messages (spec example)", &NumberUpdateParams{Messages: &Messages{Welcome: "https://example.com/welcome_NEW.mp3"}},
			`{"messages":{"welcome":"https://example.com/welcome_NEW.mp3"}}`},
		{"explicit null priority", &NumberUpdateParams{Priority: Null[int]()}, `{"priority":null}`},
		{"priority 0", &NumberUpdateParams{Priority: NonNull(PriorityNone)}, `{"priority":0}`},
		{"priority 1 and flags false", &NumberUpdateParams{Priority: NonNull(1), IsIVR: Ptr(false), LiveRecordingActivated: Ptr(false)},
			`{"priority":1,"is_ivr":false,"live_recording_activated":false}`},
		{"availability", &NumberUpdateParams{AvailabilityStatus: &status}, `{"availability_status":"closed"}`},
		{"nothing set sends an empty object", &NumberUpdateParams{}, `{}`},
	}
	want := fxNumber1234()
	want.Name, want.Priority = "French Office UPDATED", Ptr(1)
	want.Messages.Welcome = "https://example.com/welcome_NEW.mp3"
	want.Users = []*User{edit(fxJohnDoe(), func(u *User) {
		u.ID, u.DirectLink, u.Language = 3456, "https://api.aircall.io/v1/users/3456", ""
		u.CreatedAt.Form = FormISO
	})}
	var calls []familyCall
	for _, tt := range tests {
		calls = append(calls, familyCall{name: tt.name, pattern: "PUT /v1/numbers/{id}", reply: "numbers_update.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Numbers.Update(context.Background(), 1234, tt.params)
			},
			path: "/v1/numbers/1234", body: tt.wantBody, want: want})
	}
	runFamilyCalls(t, calls)
}

func TestNumbersUpdateServerError(t *testing.T) {
	t.Parallel()
	_, c := serve(t, "PUT /v1/numbers/{id}", 422, `{"error":"Unprocessable Entity","troubleshoot":"availability_status cannot be updated when smartflow is enabled"}`)
	_, _, err := c.Numbers.Update(context.Background(), 1234, &NumberUpdateParams{IsIVR: Ptr(true)})
	if !errors.Is(err, ErrValidation) {
		t.Errorf("err = %v, want ErrValidation", err)
	}
}

func TestNumbersUpdateLocalValidation(t *testing.T) {
	t.Parallel()
	bad := NumberStatus("busy")
	update := paramCall(func(c *Client, p *NumberUpdateParams) error {
		return errOf(c.Numbers.Update(context.Background(), 1, p))
	})
	runParamCases(t, []paramCase{
		{"nil", update(nil), ""},
		{"blank name", update(&NumberUpdateParams{Name: Ptr("  ")}), "name"},
		{"unknown availability", update(&NumberUpdateParams{AvailabilityStatus: &bad}), "availability_status"},
		{"priority 2", update(&NumberUpdateParams{Priority: NonNull(2)}), "priority"},
		{"priority -1", update(&NumberUpdateParams{Priority: NonNull(-1)}), "priority"},
		{"relative message URL", update(&NumberUpdateParams{Messages: &Messages{Waiting: "/waiting.mp3"}}), "messages.waiting"},
		{"ftp message URL", update(&NumberUpdateParams{Messages: &Messages{AfterHours: "ftp://example.com/a.mp3"}}), "messages.after_hours"},
	})
}

func TestNullableJSON(t *testing.T) {
	t.Parallel()
	type body struct {
		P Nullable[int] `json:"p,omitzero"`
	}
	enc := []struct {
		name string
		in   body
		want string
	}{
		{"unset", body{}, `{}`},
		{"null", body{P: Null[int]()}, `{"p":null}`},
		{"zero", body{P: NonNull(0)}, `{"p":0}`},
		{"one", body{P: NonNull(1)}, `{"p":1}`},
	}
	for _, tt := range enc {
		b, err := json.Marshal(tt.in)
		if err != nil || string(b) != tt.want {
			t.Errorf("%s: Marshal = %s, %v; want %s", tt.name, b, err, tt.want)
		}
	}
	runBodyCases(t, []bodyCase[body]{
		{"absent", `{}`, body{}},
		{"null", `{"p":null}`, body{P: Null[int]()}},
		{"zero", `{"p":0}`, body{P: NonNull(0)}},
		{"one", `{"p":1}`, body{P: NonNull(1)}},
	})
	var got body
	if err := json.Unmarshal([]byte(`{"p":"x"}`), &got); err == nil {
		t.Error("Unmarshal of a string into Nullable[int] succeeded")
	}
}
