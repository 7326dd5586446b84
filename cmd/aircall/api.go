package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"

	"github.com/spf13/cobra"

	aircall "github.com/seed1279ea27/aircall-go"
)

func (a *app) apiCmd() *cobra.Command {
	var data string
	var params []string
	cmd := &cobra.Command{
		Use:   "api METHOD PATH [-d JSON] [-q key=value ...]",
		Short: "Send a raw API request through the SDK's auth, pacing and retries; print the body",
		Long: `api sends one request with Client.Do, for what the SDK does not type: the
same auth, pacing, retries (GET, PUT and DELETE after a 5xx; POST only when
nothing was sent) and error handling as every command. It prints the
response body. -d takes JSON, @FILE, or @- for stdin. A non-2xx answer is
an error: its message goes to stderr and the exit code is 1.`,
		Args: exactArgs(2, "METHOD and PATH"),
		RunE: a.withClient(func(cmd *cobra.Command, c *aircall.Client, args []string) error {
			method, path := strings.ToUpper(args[0]), args[1]
			query := url.Values{}
			if p, q, ok := strings.Cut(path, "?"); ok {
				v, err := url.ParseQuery(q)
				if err != nil {
					return usagef("api: query of %q: %v", path, err)
				}
				path, query = p, v
			}
			for _, kv := range params {
				k, v, ok := strings.Cut(kv, "=")
				if !ok || k == "" {
					return usagef("api: -q %q: want key=value", kv)
				}
				query.Add(k, v)
			}
			var body any
			if cmd.Flags().Changed("data") {
				b, err := readData(data, cmd.InOrStdin())
				if err != nil {
					return err
				}
				if !json.Valid(b) {
					return usagef("api: -d is not valid JSON")
				}
				body = json.RawMessage(b)
			}
			var out []byte
			if _, err := c.Do(cmd.Context(), method, path, query, body, &out); err != nil {
				return err
			}
			w := cmd.OutOrStdout()
			if _, err := w.Write(out); err != nil {
				return err
			}
			if len(out) > 0 && !bytes.HasSuffix(out, []byte("\n")) {
				fmt.Fprintln(w)
			}
			return nil
		}),
	}
	cmd.Flags().StringVarP(&data, "data", "d", "", "JSON body, @FILE or @- (stdin)")
	cmd.Flags().StringArrayVarP(&params, "query", "q", nil, "query param key=value (repeatable)")
	return cmd
}

// readData reads -d: JSON, @FILE or @- for stdin.
func readData(d string, stdin io.Reader) ([]byte, error) {
	switch {
	case d == "@-":
		return io.ReadAll(io.LimitReader(stdin, 32<<20))
	case strings.HasPrefix(d, "@"):
		return os.ReadFile(d[1:])
	}
	return []byte(d), nil
}
