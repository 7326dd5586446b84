package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
)

// csvWriter writes items as CSV rows. The columns are fixed by the first
// page (the union of its objects' flattened keys, in order of appearance),
// or given by a checkpoint; keys that first appear later are left out.
type csvWriter struct {
	w       *csv.Writer
	columns []string
}

func newCSVWriter(w io.Writer, columns []string) *csvWriter {
	return &csvWriter{w: csv.NewWriter(w), columns: columns}
}

// writePage writes the header (before the first rows) and one row per item.
func (c *csvWriter) writePage(items []rawItem) error {
	rows := make([]map[string]string, len(items))
	var keys *[]string // collected on the first page only
	if len(c.columns) == 0 {
		keys = new([]string)
	}
	for i, it := range items {
		rows[i] = map[string]string{}
		if err := flatten(it.raw, "", rows[i], keys); err != nil {
			return fmt.Errorf("flattening item %s: %w", it.id, err)
		}
	}
	if len(c.columns) == 0 && len(items) > 0 {
		c.columns = *keys
		if err := c.w.Write(c.columns); err != nil {
			return err
		}
	}
	record := make([]string, len(c.columns))
	for _, row := range rows {
		for i, col := range c.columns {
			record[i] = row[col]
		}
		if err := c.w.Write(record); err != nil {
			return err
		}
	}
	c.w.Flush()
	return c.w.Error()
}

// flatten adds the fields of the JSON object raw to row, nested objects
// under dotted names (user.name), lists as their JSON, null as "", strings
// unquoted, other values as written. keys, when not nil, collects the
// names not seen before, in order.
func flatten(raw json.RawMessage, prefix string, row map[string]string, keys *[]string) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name := prefix + tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		if len(v) > 0 && v[0] == '{' {
			if err := flatten(v, name+".", row, keys); err != nil {
				return err
			}
			continue
		}
		if keys != nil && !slices.Contains(*keys, name) {
			*keys = append(*keys, name)
		}
		row[name] = cell(v)
	}
	return nil
}

// cell is the CSV text of a JSON value that is not an object.
func cell(v json.RawMessage) string {
	switch {
	case string(v) == "null":
		return ""
	case v[0] == '"':
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
	case v[0] == '[':
		var b bytes.Buffer
		if json.Compact(&b, v) == nil {
			return b.String()
		}
	}
	return string(v)
}
