package aircall_test

import (
	"bufio"
	"bytes"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// snippetMarker names, before each ```go block of README.md, the compiled
// code that the block shows: a Go file of this repository and a function in
// it (an Example or a main). TestREADMESnippets fails when a block is not a
// gofmt-clean, contiguous run of that function's lines, so the README cannot
// drift from code that compiles and runs.
var snippetMarker = regexp.MustCompile(`^<!-- snippet: (\S+) (\S+) -->$`)

type readmeSnippet struct {
	line     int // of the ```go line
	file, fn string
	code     []string
}

func readmeSnippets(t *testing.T) []readmeSnippet {
	t.Helper()
	f, err := os.Open("README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		out     []readmeSnippet
		cur     *readmeSnippet
		pending *readmeSnippet
		n       int
	)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
		line := sc.Text()
		switch {
		case cur != nil && line == "```":
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.code = append(cur.code, line)
		case line == "```go":
			if pending == nil {
				t.Errorf("README.md:%d: ```go block without a <!-- snippet: FILE FUNC --> line before it", n)
				pending = &readmeSnippet{}
			}
			cur, pending = pending, nil
			cur.line = n
		case snippetMarker.MatchString(line):
			m := snippetMarker.FindStringSubmatch(line)
			pending = &readmeSnippet{file: m[1], fn: m[2]}
		case strings.TrimSpace(line) != "":
			pending = nil
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestREADMESnippets(t *testing.T) {
	t.Parallel()
	snippets := readmeSnippets(t)
	if len(snippets) == 0 {
		t.Fatal("README.md has no ```go snippet")
	}
	for _, s := range snippets {
		if s.file == "" {
			continue // reported by readmeSnippets
		}
		src := strings.Join(s.code, "\n") + "\n"
		whole := strings.HasPrefix(src, "package ")
		if whole {
			if got, err := format.Source([]byte(src)); err != nil || string(got) != src {
				t.Errorf("README.md:%d: snippet is not gofmt-clean (err %v)", s.line, err)
			}
		} else if got, err := format.Source([]byte("package p\n\nfunc _() {\n" + indent(src) + "}\n")); err != nil {
			t.Errorf("README.md:%d: snippet does not parse as statements: %v", s.line, err)
		} else if want := "package p\n\nfunc _() {\n" + indent(src) + "}\n"; string(got) != want {
			t.Errorf("README.md:%d: snippet is not gofmt-clean:\n%s", s.line, got)
		}
		body, err := funcLines(s.file, s.fn, whole)
		if err != nil {
			t.Errorf("README.md:%d: %v", s.line, err)
			continue
		}
		if !containsRun(body, s.code) {
			t.Errorf("README.md:%d: snippet is not a contiguous part of %s %s; update one or the other", s.line, s.file, s.fn)
		}
	}
}

// funcLines returns the lines of fn's body in file, with the body's
// indentation removed, or the whole file when whole is set.
func funcLines(file, fn string, whole bool) ([]string, error) {
	path := filepath.FromSlash(file)
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if whole {
		return strings.Split(strings.TrimSuffix(string(src), "\n"), "\n"), nil
	}
	fset := token.NewFileSet()
	af, err := parser.ParseFile(fset, path, src, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	for _, d := range af.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Body == nil || fd.Name.Name != fn {
			continue
		}
		start := fset.Position(fd.Body.Lbrace).Offset + 1
		end := fset.Position(fd.Body.Rbrace).Offset
		var lines []string
		for _, l := range strings.Split(strings.Trim(string(src[start:end]), "\n"), "\n") {
			lines = append(lines, strings.TrimPrefix(l, "\t"))
		}
		return lines, nil
	}
	return nil, os.ErrNotExist
}

func containsRun(hay, needle []string) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		ok := true
		for j := range needle {
			if hay[i+j] != needle[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

func indent(src string) string {
	var b bytes.Buffer
	for _, l := range strings.SplitAfter(src, "\n") {
		if strings.TrimSpace(l) != "" {
			b.WriteString("\t")
		}
		b.WriteString(l)
	}
	return b.String()
}

// TestREADMECommands checks the top of README.md: the prerequisites come
// before the first shell block, which holds exactly the two commands
// (the quickstart, and the tests of every module of the go.work).
func TestREADMECommands(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	before, rest, ok := strings.Cut(text, "```sh\n")
	if !ok {
		t.Fatal("README.md has no ```sh block")
	}
	block, _, _ := strings.Cut(rest, "```")
	for _, want := range []string{"Go 1.26", "C compiler", "cgo", "redis-server", "checkout"} {
		if !strings.Contains(before, want) {
			t.Errorf("README.md does not say %q before its commands", want)
		}
	}
	var cmds []string
	for _, l := range strings.Split(strings.TrimSpace(block), "\n") {
		cmd, _, _ := strings.Cut(l, "#")
		cmds = append(cmds, strings.TrimSpace(cmd))
	}
	want := []string{"go run ./examples/quickstart", "go test -race ./... ./cmd/aircall/... ./aircallredis/... ./aircallsync/... ./examples/otel/..."}
	if strings.Join(cmds, "\n") != strings.Join(want, "\n") {
		t.Errorf("README.md commands:\n%s\nwant:\n%s", strings.Join(cmds, "\n"), strings.Join(want, "\n"))
	}
}
