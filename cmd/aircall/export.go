package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	aircall "github.com/seed1279ea27/aircall-go"
)

type exportOptions struct {
	timeFlags
	format     string
	output     string
	checkpoint string
}

func (a *app) exportCmd() *cobra.Command {
	var o exportOptions
	cmd := &cobra.Command{
		Use:   "export " + resourceNames() + " [--from T] [--to T] [--order asc|desc] [--format jsonl|csv] [-o FILE] [--checkpoint FILE]",
		Short: "Export every item of a list, past the 10,000 cap, within the rate budget",
		Long: `export writes every item of a list once: calls and contacts past the API's
10,000-item cap (the SDK restarts the list from the last timestamp seen),
paced within the rate budget.

  --format jsonl  one object per line, as the API sent it, nothing dropped
  --format csv    a header and flat columns: nested objects flattened with
                  dotted names (user.name), lists as JSON in a cell; the
                  columns are those of the first page's objects

With --checkpoint FILE (and -o FILE), the position is saved atomically after
each page, once the page's lines are on disk. An export stopped at any point
(Ctrl-C, kill -9, a network failure) and run again with the same command
resumes there: the output ends with every item exactly once, no truncated
line. A finished export's checkpoint says so; delete it to export afresh.

T is RFC 3339 (2026-01-31T09:00:00Z) or Unix seconds. Progress goes to
stderr (--progress): a bar when stderr is a terminal, else a line every 10
seconds and at the end, with the items done, their rate, the requests left
in the rate budget and an ETA.`,
		Args: exactArgs(1, "one of "+resourceNames()),
		RunE: a.withClient(func(cmd *cobra.Command, c *aircall.Client, args []string) error {
			r, err := findResource(args[0])
			if err != nil {
				return err
			}
			q, err := o.query(r)
			if err != nil {
				return err
			}
			if o.format != "jsonl" && o.format != "csv" {
				return usagef("--format %q: want jsonl or csv", o.format)
			}
			if o.checkpoint != "" && (o.output == "" || o.output == "-") {
				return usagef("--checkpoint needs -o FILE: a resumed export truncates its output to the last saved page")
			}
			e := &export{r: r, c: c, q: q, format: o.format, cpPath: o.checkpoint, quiet: a.quiet,
				spec: exportSpec{Resource: r.name(), From: o.from, To: o.to, Order: o.order, Format: o.format, Output: o.output}}
			if e.progress, err = a.newProgress(cmd, c, r.name(), 0); err != nil {
				return err
			}
			e.progress.PerRequest(aircall.MaxPerPage)
			return e.run(cmd.Context(), o.output, cmd.OutOrStdout(), cmd.ErrOrStderr())
		}),
	}
	o.register(cmd)
	a.addProgressFlags(cmd)
	cmd.Flags().StringVar(&o.format, "format", "jsonl", "jsonl or csv")
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write to FILE instead of stdout")
	cmd.Flags().StringVar(&o.checkpoint, "checkpoint", "", "save the position in FILE after each page, and resume from it")
	return cmd
}

// exportSpec identifies an export: a checkpoint resumes only the export it
// was saved by.
type exportSpec struct {
	Resource string `json:"resource"`
	From     string `json:"from,omitempty"`
	To       string `json:"to,omitempty"`
	Order    string `json:"order,omitempty"`
	Format   string `json:"format"`
	Output   string `json:"output"`
}

// checkpoint is the position of an export, saved after each page.
type checkpoint struct {
	Version int        `json:"version"`
	Export  exportSpec `json:"export"`
	// OutputBytes is the length of the output holding every line written
	// so far; a resumed export truncates the output to it.
	OutputBytes int64 `json:"output_bytes"`
	Items       int64 `json:"items"`
	// Columns are the CSV columns, fixed by the first page.
	Columns []string `json:"columns,omitempty"`
	// On windowed lists (calls, contacts): the timestamp of the last item
	// written and the IDs written at that second. A resumed export restarts
	// the list one second before it and skips what was written.
	HasLast bool     `json:"has_last,omitempty"`
	LastTS  int64    `json:"last_ts,omitempty"`
	LastIDs []string `json:"last_ids,omitempty"`
	// On other lists: the page to read next.
	NextPage int `json:"next_page,omitempty"`
	// Done is set once the last page is written.
	Done bool `json:"done,omitempty"`
}

const checkpointVersion = 1

type export struct {
	r        resource
	c        *aircall.Client
	q        listQuery
	format   string
	spec     exportSpec
	cpPath   string
	progress *progress // nil: none
	quiet    bool

	cp      checkpoint
	seen    map[string]bool // IDs written at cp.LastTS
	resumed bool
}

func (e *export) run(ctx context.Context, output string, stdout, stderr io.Writer) error {
	defer e.progress.Done()
	e.cp = checkpoint{Version: checkpointVersion, Export: e.spec}
	if e.cpPath != "" {
		if err := e.loadCheckpoint(); err != nil {
			return err
		}
		if e.cp.Done {
			if e.quiet {
				return nil
			}
			fmt.Fprintf(stderr, "export already complete: %d %s in %s (delete %s to export again)\n", e.cp.Items, e.r.name(), output, e.cpPath)
			return nil
		}
	}
	out, f, err := e.openOutput(output, stdout)
	if err != nil {
		return err
	}
	if f != nil {
		defer f.Close()
	}
	e.seen = map[string]bool{}
	for _, id := range e.cp.LastIDs {
		e.seen[id] = true
	}
	q := e.resumeQuery()
	est := exportEstimate{q: e.q, now: time.Now, startAt: e.cp.Items}
	e.progress.Resume(e.cp.Items)
	var buf bytes.Buffer
	var csvw *csvWriter
	if e.format == "csv" {
		csvw = newCSVWriter(&buf, e.cp.Columns)
	}
	for pg, err := range e.r.pages(ctx, e.c, q) {
		if err != nil {
			if ctx.Err() != nil { // interrupted: the SDK's error says only that
				hint := e.resumeHint()
				if hint == "" {
					hint = " (with -o FILE --checkpoint FILE, the same command run again resumes where it stopped)"
				}
				return fmt.Errorf("export interrupted after %d %s%s", e.cp.Items, e.r.name(), hint)
			}
			return fmt.Errorf("export stopped after %d %s: %w%s", e.cp.Items, e.r.name(), err, e.resumeHint())
		}
		buf.Reset()
		kept := pg.items[:0:0]
		for _, it := range pg.items {
			if !e.skip(it) {
				kept = append(kept, it)
			}
		}
		if csvw != nil {
			if err := csvw.writePage(kept); err != nil {
				return err
			}
			e.cp.Columns = csvw.columns
		} else {
			for _, it := range kept {
				buf.Write(it.raw)
				buf.WriteByte('\n')
			}
		}
		if _, err := out.Write(buf.Bytes()); err != nil {
			return fmt.Errorf("writing %s: %w", output, err)
		}
		e.cp.OutputBytes += int64(buf.Len())
		e.cp.Items += int64(len(kept))
		e.cp.NextPage = max(e.cp.NextPage, 1) + 1
		if err := e.save(f); err != nil {
			return err
		}
		if len(pg.items) > 0 {
			if total := est.page(e.cp.Items, pg.items[len(pg.items)-1].ts, pg.total); total > 0 {
				e.progress.SetTotal(total)
			}
		}
		e.progress.Set(e.cp.Items)
	}
	e.cp.Done = true
	if err := e.save(f); err != nil {
		return err
	}
	e.progress.SetTotal(e.cp.Items) // the estimate was one
	e.progress.Done()               // before the summary line
	if output != "" && output != "-" && !e.quiet {
		fmt.Fprintf(stderr, "exported %d %s to %s\n", e.cp.Items, e.r.name(), output)
	}
	return nil
}

// skip reports whether it was written already (before a resume, or at the
// boundary second), and records it as written otherwise.
func (e *export) skip(it rawItem) bool {
	if !e.r.windowed() {
		return false
	}
	desc := e.q.order == aircall.OrderDesc
	if e.resumed && e.cp.HasLast && (!desc && it.ts < e.cp.LastTS || desc && it.ts > e.cp.LastTS) {
		return true // before the resume point: written by the previous run
	}
	if e.cp.HasLast && it.ts == e.cp.LastTS {
		if e.seen[it.id] {
			return true
		}
	} else {
		e.cp.HasLast, e.cp.LastTS = true, it.ts
		clear(e.seen)
		e.cp.LastIDs = e.cp.LastIDs[:0]
	}
	e.seen[it.id] = true
	e.cp.LastIDs = append(e.cp.LastIDs, it.id)
	return false
}

// resumeQuery is the list query that continues from the checkpoint.
func (e *export) resumeQuery() listQuery {
	q := e.q
	if !e.resumed {
		return q
	}
	if !e.r.windowed() {
		q.page = max(e.cp.NextPage, 1)
		return q
	}
	if !e.cp.HasLast {
		return q
	}
	// One second early, whether the API's from is inclusive or not; skip
	// drops what was written.
	if e.q.order == aircall.OrderDesc {
		if t := time.Unix(e.cp.LastTS+1, 0).UTC(); q.to.IsZero() || t.Before(q.to) {
			q.to = t
		}
	} else if t := time.Unix(e.cp.LastTS-1, 0).UTC(); q.from.IsZero() || t.After(q.from) {
		q.from = t
	}
	return q
}

// openOutput opens the output: stdout, a new file, or the file a
// checkpoint resumes, truncated to the length the checkpoint saved.
func (e *export) openOutput(output string, stdout io.Writer) (io.Writer, *os.File, error) {
	if output == "" || output == "-" {
		return stdout, nil, nil
	}
	if !e.resumed {
		f, err := os.OpenFile(output, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
		if err != nil {
			return nil, nil, err
		}
		return f, f, nil
	}
	f, err := os.OpenFile(output, os.O_WRONLY, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("resuming from %s: %w", e.cpPath, err)
	}
	st, err := f.Stat()
	if err == nil && st.Size() < e.cp.OutputBytes {
		err = fmt.Errorf("%s holds %d bytes, fewer than the %d the checkpoint saved: it changed since; delete %s to export afresh", output, st.Size(), e.cp.OutputBytes, e.cpPath)
	}
	if err == nil {
		err = f.Truncate(e.cp.OutputBytes) // drop a page written after the last save, and any partial line
	}
	if err == nil {
		_, err = f.Seek(e.cp.OutputBytes, io.SeekStart)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, f, nil
}

// loadCheckpoint reads the checkpoint if there is one.
func (e *export) loadCheckpoint() error {
	b, err := os.ReadFile(e.cpPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var cp checkpoint
	if err := json.Unmarshal(b, &cp); err != nil || cp.Version != checkpointVersion {
		return fmt.Errorf("%s is not an aircall export checkpoint", e.cpPath)
	}
	if cp.Export != e.spec {
		return usagef("%s was saved by another export (%+v); run the same command, or delete it", e.cpPath, cp.Export)
	}
	e.cp, e.resumed = cp, true
	return nil
}

// save makes the page durable: the output is synced, then the checkpoint
// replaced atomically (a temporary file renamed over it).
func (e *export) save(out *os.File) error {
	if e.cpPath == "" {
		return nil
	}
	if err := out.Sync(); err != nil {
		return fmt.Errorf("syncing the output: %w", err)
	}
	b, err := json.Marshal(e.cp)
	if err != nil {
		return err
	}
	return writeFileAtomic(e.cpPath, b)
}

func (e *export) resumeHint() string {
	if e.cpPath == "" {
		return ""
	}
	return "; run the same command again to resume from " + e.cpPath
}

// writeFileAtomic replaces path with data: it is never seen half written.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename, there is nothing to remove
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // make the rename durable where the platform allows it
		d.Close()
	}
	return nil
}
