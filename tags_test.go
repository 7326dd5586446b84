package aircall

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

func TestTagsList(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "GET /v1/tags", 200, "tags_list.json")
	got, resp, err := c.Tags.List(context.Background(), &ListOptions{Page: 1, PerPage: 20})
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	ts.expectRequest(t, "GET", "/v1/tags", "page=1&per_page=20", "")
	want := []*Tag{
		{ID: 678, Name: "General Inquiries", Color: "#0662B5"},
		{ID: 679, Name: "Feedback", Color: "#008f6c"},
		{ID: 680, Name: "Spam Call", Color: "#FCBB26"},
	}
	checkDiff(t, "tags", want, got)
	checkDiff(t, "meta", &Meta{Count: 3, Total: 3, CurrentPage: 1, PerPage: 20}, resp.Meta)
}

func TestTagsAll(t *testing.T) {
	t.Parallel()
	ts := newTestServer(t)
	ts.handle("GET /v1/tags", func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("page") {
		case "1":
			reply(t, 200, `{"meta":{"count":1,"total":2,"current_page":1,"per_page":1,"next_page_link":"https://api.aircall.io/v1/tags?page=2&per_page=1","previous_page_link":null},
				"tags":[{"id":1,"name":"A","color":"#000"}]}`)(w, r)
		default:
			reply(t, 200, `{"meta":{"count":1,"total":2,"current_page":2,"per_page":1,"next_page_link":null,"previous_page_link":"https://api.aircall.io/v1/tags?page=1&per_page=1"},
				"tags":[{"id":2,"name":"B","color":"#fff"}]}`)(w, r)
		}
	})
	got := collect(t, ts.client(t).Tags.All(context.Background(), &ListOptions{PerPage: 1}))
	want := []*Tag{{ID: 1, Name: "A", Color: "#000"}, {ID: 2, Name: "B", Color: "#fff"}}
	checkDiff(t, "tags", want, got)
	if n := ts.requests.Load(); n != 2 {
		t.Errorf("requests = %d, want 2", n)
	}
}

func TestTagsGet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		id      ID
		fixture string
		want    *Tag
	}{
		{"spec example", 678, "tags_get.json", &Tag{ID: 678, Name: "General Inquiries", Color: "#0662B5"}},
		{
			// String ID, a Unix created_at, a direct_link, a description
			// and undocumented keys.
			"realistic variant", 682, "tags_get_variant.json",
			&Tag{
				ID: 682, DirectLink: "https://api.aircall.io/v1/tags/682", Name: "Churn risk", Color: "#E33",
				Description: "Qualified by the support team", CreatedAt: Unix(1587995020),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ts, c := serve(t, "GET /v1/tags/{id}", 200, tt.fixture)
			got, _, err := c.Tags.Get(context.Background(), tt.id)
			if err != nil {
				t.Fatalf("Get: %v", err)
			}
			ts.expectRequest(t, "GET", "/v1/tags/"+tt.id.String(), "", "")
			checkDiff(t, "tag", tt.want, got)
		})
	}
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

func TestTagsCreate(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "POST /v1/tags", 201, "tags_create.json")
	got, resp, err := c.Tags.Create(context.Background(), &TagCreateParams{Name: "VIP Customer", Color: "#00B388"})
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	ts.expectRequest(t, "POST", "/v1/tags", "", `{"name":"VIP Customer","color":"#00B388"}`)
	if resp.StatusCode != 201 {
		t.Errorf("status = %d", resp.StatusCode)
	}
	checkDiff(t, "tag", &Tag{ID: 681, Name: "VIP Customer", Color: "#00B388"}, got)
}

func TestTagsUpdate(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "PUT /v1/tags/{id}", 200, "tags_update.json")
	got, _, err := c.Tags.Update(context.Background(), 681, &TagUpdateParams{Name: Ptr("Tier 2 Customer")})
	if err != nil {
		t.Fatalf("Update: %v", err)
	}
	ts.expectRequest(t, "PUT", "/v1/tags/681", "", `{"name":"Tier 2 Customer"}`)
	checkDiff(t, "tag", &Tag{ID: 681, Name: "Tier 2 Customer", Color: "#00B388"}, got)
}

func TestTagsDelete(t *testing.T) {
	t.Parallel()
	ts, c := serve(t, "DELETE /v1/tags/{id}", 204, "")
	resp, err := c.Tags.Delete(context.Background(), 681)
	if err != nil {
		t.Fatalf("Delete: %v", err)
	}
	ts.expectRequest(t, "DELETE", "/v1/tags/681", "", "")
	if resp.StatusCode != 204 {
		t.Errorf("status = %d, want 204", resp.StatusCode)
	}
}

func TestTagsValidation(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	create := func(p *TagCreateParams) func(*Client) error {
		return func(c *Client) error { _, _, err := c.Tags.Create(ctx, p); return err }
	}
	update := func(p *TagUpdateParams) func(*Client) error {
		return func(c *Client) error { _, _, err := c.Tags.Update(ctx, 681, p); return err }
	}
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
