package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	aircall "github.com/seed1279ea27/aircall-go"
)

// versionText describes the build: the module version, the VCS revision
// and time the binary was built from, the SDK it holds and the Go version.
func versionText() string {
	var b strings.Builder
	version, revision, when, modified := "(unknown)", "", "", false
	sdk := "v" + aircall.Version
	goVersion := runtime.Version()
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		if bi.GoVersion != "" {
			goVersion = bi.GoVersion
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		for _, d := range bi.Deps {
			if d.Path == "github.com/seed1279ea27/aircall-go" {
				sdk = d.Version
				if d.Replace != nil {
					sdk += " => " + d.Replace.Path
					if d.Replace.Version != "" {
						sdk += " " + d.Replace.Version
					}
				}
			}
		}
	}
	if sdk == "(devel)" {
		sdk = "v" + aircall.Version + " (from a local checkout)"
	}
	fmt.Fprintf(&b, "aircall %s\n", version)
	switch {
	case revision == "":
		revision = "unknown (the build recorded none: -buildvcs=false, or a go.work workspace)"
	case modified:
		revision += " (with uncommitted changes)"
	}
	fmt.Fprintf(&b, "revision: %s\n", revision)
	if when != "" {
		fmt.Fprintf(&b, "time:     %s\n", when)
	}
	fmt.Fprintf(&b, "sdk:      %s\n", sdk)
	fmt.Fprintf(&b, "go:       %s %s/%s\n", goVersion, runtime.GOOS, runtime.GOARCH)
	return b.String()
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, the VCS revision and time of the build, and the Go version",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprint(cmd.OutOrStdout(), versionText())
			return err
		},
	}
}
