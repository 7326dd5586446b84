package aircall

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"
)

// Tag is a label agents put on calls, made of a name and a color. Emojis
// can't be stored in a Tag's attributes: the server removes them.
//
// Encoding follows the wire rule (wire.go): description is always sent,
// null when empty; created_at, which recorded answers do not carry, is left
// out when zero.
type Tag struct {
	ID         ID     `json:"id"`
	DirectLink string `json:"direct_link,omitempty"`
	Name       string `json:"name"`
	Color      string `json:"color"` // hexadecimal, such as "#00B388"
	// Description is a field Aircall uses to qualify the tag.
	// The API ignores it on write and answers null.
	Description string `json:"description"`
	// CreatedAt is in the reference, not in recorded answers.
	CreatedAt Timestamp `json:"created_at,omitzero"`
}

// MarshalJSON encodes t with description null when empty.
func (t Tag) MarshalJSON() ([]byte, error) {
	type tag Tag // no methods: no recursion
	return json.Marshal(struct {
		tag
		Description *string `json:"description"`
	}{tag(t), nullIfEmpty(t.Description)})
}

// TagCreateParams is the body of Tags.Create. Name and Color are mandatory;
// Color is hexadecimal, "#RRGGBB" or "#RGB".
type TagCreateParams struct {
	Name  string `json:"name"`
	Color string `json:"color"`
}

// TagUpdateParams is the body of Tags.Update; nil fields are not sent. A set
// Name can't be blank and a set Color must be "#RRGGBB" or "#RGB".
type TagUpdateParams struct {
	Name  *string `json:"name,omitempty"`
	Color *string `json:"color,omitempty"`
}

// List returns one page of tags.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-tags
func (s *TagsService) List(ctx context.Context, opts *ListOptions) ([]*Tag, *Response, error) {
	return newPager[Tag](s.client, "/v1/tags", "tags", opts).list(ctx)
}

// All iterates over every tag.
// It pages by offset: Aircall cannot filter tags by time, so the walk
// cannot use a time cursor as Calls.All does. A tag created or deleted
// during the walk moves the later ones by one place: a tag may then be
// yielded twice (after a creation before the page being read) or not at
// all (after a deletion of one already read). Dedupe by ID, or walk again,
// when that matters.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-tags
func (s *TagsService) All(ctx context.Context, opts *ListOptions) iter.Seq2[*Tag, error] {
	return newPager[Tag](s.client, "/v1/tags", "tags", opts).all(ctx)
}

// Pages iterates over the pages of tags, each with its Meta and Response.
// Like All, it pages by offset: a change to the tags during the walk can
// repeat or skip one.
//
// Aircall API docs: https://developer.aircall.io/api-references/#list-all-tags
func (s *TagsService) Pages(ctx context.Context, opts *ListOptions) iter.Seq2[*Page[Tag], error] {
	return newPager[Tag](s.client, "/v1/tags", "tags", opts).pages(ctx)
}

// Get returns one tag.
//
// Aircall API docs: https://developer.aircall.io/api-references/#retrieve-a-tag
func (s *TagsService) Get(ctx context.Context, id ID) (*Tag, *Response, error) {
	return doOne[Tag](ctx, s.client, http.MethodGet, "/v1/tags/"+id.String(), nil, nil, "tag")
}

// Create creates a tag.
//
// Aircall API docs: https://developer.aircall.io/api-references/#create-a-tag
func (s *TagsService) Create(ctx context.Context, p *TagCreateParams) (*Tag, *Response, error) {
	const op = "Tags.Create"
	switch {
	case p == nil:
		return nil, nil, paramErr(op, "", "params are required")
	case blank(p.Name):
		return nil, nil, paramErr(op, "name", "is mandatory")
	case !isHexColor(p.Color):
		return nil, nil, paramErr(op, "color", "must be a hexadecimal color such as #00B388 or #0B8, got %q", p.Color)
	}
	return doOne[Tag](ctx, s.client, http.MethodPost, "/v1/tags", nil, p, "tag")
}

// Update changes the fields set in p and returns the tag.
//
// Aircall API docs: https://developer.aircall.io/api-references/#update-a-tag
func (s *TagsService) Update(ctx context.Context, id ID, p *TagUpdateParams) (*Tag, *Response, error) {
	const op = "Tags.Update"
	switch {
	case p == nil:
		return nil, nil, paramErr(op, "", "params are required")
	case p.Name == nil && p.Color == nil:
		return nil, nil, paramErr(op, "", "set name or color")
	case p.Name != nil && blank(*p.Name):
		return nil, nil, paramErr(op, "name", "can't be blank")
	case p.Color != nil && !isHexColor(*p.Color):
		return nil, nil, paramErr(op, "color", "must be a hexadecimal color such as #00B388 or #0B8, got %q", *p.Color)
	}
	return doOne[Tag](ctx, s.client, http.MethodPut, "/v1/tags/"+id.String(), nil, p, "tag")
}

// Delete deletes a tag and removes it from the calls it was on.
//
// Aircall API docs: https://developer.aircall.io/api-references/#delete-a-tag
func (s *TagsService) Delete(ctx context.Context, id ID) (*Response, error) {
	return s.client.doNoContent(ctx, http.MethodDelete, "/v1/tags/"+id.String(), nil, nil)
}

// isHexColor reports whether s is "#RRGGBB" or "#RGB" (either case).
func isHexColor(s string) bool {
	if (len(s) != 7 && len(s) != 4) || s[0] != '#' {
		return false
	}
	for _, r := range s[1:] {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F') {
			return false
		}
	}
	return true
}
