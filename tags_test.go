package aircall

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestTagsEndpoints(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	runFamilyCalls(t, []familyCall{
		{name: "list", pattern: "GET /v1/tags", reply: "tags_list.json",
			call: func(c *Client) (any, *Response, error) { return c.Tags.List(ctx, &ListOptions{Page: 1, PerPage: 20}) },
			path: "/v1/tags", query: "page=1&per_page=20",
			want: []*Tag{
				{ID: 678, Name: "General Inquiries", Color: "#0662B5"},
				{ID: 679, Name: "Feedback", Color: "#008f6c"},
				{ID: 680, Name: "Spam Call", Color: "#FCBB26"},
			},
			meta: &Meta{Count: 3, Total: 3, CurrentPage: 1, PerPage: 20}},
		{name: "get spec example", pattern: "GET /v1/tags/{id}", reply: "tags_get.json",
			call: func(c *Client) (any, *Response, error) { return c.Tags.Get(ctx, 678) },
			path: "/v1/tags/678", want: &Tag{ID: 678, Name: "General Inquiries", Color: "#0662B5"}},
		// String ID, a Unix created_at, a direct_link, a description and
		// undocumented keys.
		{name: "get realistic variant", pattern: "GET /v1/tags/{id}", reply: "tags_get_variant.json",
			call: func(c *Client) (any, *Response, error) { return c.Tags.Get(ctx, 682) },
			path: "/v1/tags/682",
			want: &Tag{
				ID: 682, DirectLink: "https://api.aircall.io/v1/tags/682", Name: "Churn risk", Color: "#E33",
				Description: "Qualified by the support team", CreatedAt: Unix(1587995020),
			}},
		{name: "create", pattern: "POST /v1/tags", status: 201, reply: "tags_create.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Tags.Create(ctx, &TagCreateParams{Name: "VIP Customer", Color: "#00B388"})
			},
			path: "/v1/tags", body: `{"name":"VIP Customer","color":"#00B388"}`,
			want: &Tag{ID: 681, Name: "VIP Customer", Color: "#00B388"}},
		{name: "update", pattern: "PUT /v1/tags/{id}", reply: "tags_update.json",
			call: func(c *Client) (any, *Response, error) {
				return c.Tags.Update(ctx, 681, &TagUpdateParams{Name: Ptr("Tier 2 Customer")})
			},
			path: "/v1/tags/681", body: `{"name":"Tier 2 Customer"}`,
			want: &Tag{ID: 681, Name: "Tier 2 Customer", Color: "#00B388"}},
		{name: "delete", pattern: "DELETE /v1/tags/{id}", status: 204,
			call: func(c *Client) (any, *Response, error) { return answered(c.Tags.Delete(ctx, 681)) },
			path: "/v1/tags/681"},
	})
}

func TestTagsAll(t *testing.T) {
	t.Parallel()
	ts, c := servePages(t, "GET /v1/tags",
		`{"meta":{"count":1,"total":2,"current_page":1,"per_page":1,"next_page_link":"https://api.aircall.io/v1/tags?page=2&per_page=1","previous_page_link":null},
			"tags":[{"id":1,"name":"A","color":"#000"}]}`,
		`{"meta":{"count":1,"total":2,"current_page":2,"per_page":1,"next_page_link":null,"previous_page_link":"https://api.aircall.io/v1/tags?page=1&per_page=1"},
			"tags":[{"id":2,"name":"B","color":"#fff"}]}`)
	got := collect(t, c.Tags.All(context.Background(), &ListOptions{PerPage: 1}))
	want := []*Tag{{ID: 1, Name: "A", Color: "#000"}, {ID: 2, Name: "B", Color: "#fff"}}
	checkDiff(t, "tags", want, got)
	checkDiff(t, "queries", []string{"page=1&per_page=1", "page=2&per_page=1"}, ts.rawQueries())
}

func TestTagsErrors(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/tags/{id}", reply(t, 404, `{"error":"Not found","troubleshoot":"Id does not exist"}`))
	ts.handle("DELETE /v1/tags/{id}", reply(t, 422, `{"error":"Unprocessable Entity","troubleshoot":"Tag is used by an integration"}`))
	ts.handle("POST /v1/tags", reply(t, 403, `{"error":"Forbidden","troubleshoot":"Invalid API key or Bearer access token"}`))
	c := ts.client(t)
	if _, _, err := c.Tags.Get(context.Background(), 1); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get = %v, want ErrNotFound", err)
	}
	_, err := c.Tags.Delete(context.Background(), 1)
	if !errors.Is(err, ErrValidation) || !strings.Contains(err.Error(), "Tag is used by an integration") {
		t.Errorf("Delete = %v, want ErrValidation with the troubleshoot text", err)
	}
	_, _, err = c.Tags.Create(context.Background(), &TagCreateParams{Name: "x", Color: "#000"})
	if !errors.Is(err, ErrUnauthorized) || strings.Contains(err.Error(), "api-token") {
		t.Errorf("Create = %v, want ErrUnauthorized without credentials", err)
	}
}

func TestTagsValidation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	create := paramCall(func(c *Client, p *TagCreateParams) error { return errOf(c.Tags.Create(ctx, p)) })
	update := paramCall(func(c *Client, p *TagUpdateParams) error { return errOf(c.Tags.Update(ctx, 681, p)) })
	tests := []paramCase{
		{"create nil", create(nil), ""},
		{"create no name", create(&TagCreateParams{Color: "#00B388"}), "name"},
		{"create blank name", create(&TagCreateParams{Name: "  ", Color: "#00B388"}), "name"},
		{"create no color", create(&TagCreateParams{Name: "VIP"}), "color"},
		{"create color without #", create(&TagCreateParams{Name: "VIP", Color: "00B388"}), "color"},
		{"create color name", create(&TagCreateParams{Name: "VIP", Color: "green"}), "color"},
		{"create non-hex digit", create(&TagCreateParams{Name: "VIP", Color: "#00B38G"}), "color"},
		{"create 5 digits", create(&TagCreateParams{Name: "VIP", Color: "#00B38"}), "color"},
		{"create 8 digits", create(&TagCreateParams{Name: "VIP", Color: "#00B38800"}), "color"},
		{"update nil", update(nil), ""},
		{"update nothing", update(&TagUpdateParams{}), ""},
		{"update blank name", update(&TagUpdateParams{Name: Ptr("")}), "name"},
		{"update bad color", update(&TagUpdateParams{Color: Ptr("#12")}), "color"},
	}
	runParamCases(t, tests)
}

func TestIsHexColor(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]bool{
		"#00B388": true, "#008f6c": true, "#FFF": true, "#abc": true,
		"": false, "#": false, "#ab": false, "#abcd": false, "abcdef1": false, "#GGGGGG": false, "#00b3880": false, "#ＡＢＣ": false,
	} {
		if got := isHexColor(s); got != want {
			t.Errorf("isHexColor(%q) = %v, want %v", s, got, want)
		}
	}
}
