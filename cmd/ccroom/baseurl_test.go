package main

import (
	"cmp"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/pelalawan/ccroom/config"
)

// TestFeedURLSaysWhereItComesFrom: the feed link a rotation prints is built
// from base_url, and stderr names where that came from (flag, environment,
// file); with no base_url anywhere, the link comes from listen and stderr
// warns that it is only right if the daemon runs with this same setting.
func TestFeedURLSaysWhereItComesFrom(t *testing.T) {
	dir := t.TempDir()
	if code, out, errs := run(t, dir, "", "user", "add", "--email", "kabid@diskominfo.example",
		"--name", "Kabid", "--role", "kabid"); code != exitOK {
		t.Fatalf("user add: %d %q %q", code, out, errs)
	}
	file := filepath.Join(dir, "ccroom.yaml")
	if err := os.WriteFile(file, []byte("base_url: https://ruang.example.go.id/\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		env        map[string]string
		args       []string
		url, notes string
	}{
		{"nothing set", nil, nil, "http://127.0.0.1:8080/feeds/staff/", "warning: no base_url is configured"},
		{"listen by env", map[string]string{"CCROOM_LISTEN": "0.0.0.0:9123"}, nil,
			"http://127.0.0.1:9123/feeds/staff/", "listen 0.0.0.0:9123 (from CCROOM_LISTEN)"},
		{"flag", nil, []string{"--base-url", "https://flag.example"}, "https://flag.example/feeds/staff/", "base_url from --base-url"},
		{"env", map[string]string{"CCROOM_BASE_URL": "https://env.example"}, nil, "https://env.example/feeds/staff/", "base_url from CCROOM_BASE_URL"},
		{"file", nil, []string{"--config", file}, "https://ruang.example.go.id/feeds/staff/", "base_url from " + file},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			args := append([]string{"user", "feed-token", "rotate", "kabid@diskominfo.example"}, c.args...)
			code, out, errs := run(t, dir, "", args...)
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if code != exitOK || !strings.HasPrefix(lines[len(lines)-1], c.url) {
				t.Fatalf("rotate: %d, last line %q, want %s...; stderr %q", code, lines[len(lines)-1], c.url, errs)
			}
			if !strings.Contains(errs, c.notes) {
				t.Errorf("stderr %q, want it to say %q", errs, c.notes)
			}
			if warned := strings.Contains(errs, "warning"); warned != strings.HasPrefix(c.url, "http://127.0.0.1") {
				t.Errorf("warning shown: %v, stderr %q", warned, errs)
			}
		})
	}
}

// TestConfigCheckSaysBaseURLIsDerived: `config check` says when base_url is
// not configured and links are built from listen.
func TestConfigCheckSaysBaseURLIsDerived(t *testing.T) {
	const note = "# base_url is not configured: links are built from listen, as http://127.0.0.1:8080\n"
	dir := t.TempDir()
	if code, out, errs := run(t, dir, "", "config", "check"); code != exitOK || !strings.Contains(out, note) {
		t.Errorf("config check: %d %q %q", code, out, errs)
	}
	if code, out, errs := run(t, dir, "", "config", "check", "--base-url", "https://ruang.example"); code != exitOK ||
		strings.Contains(out, "not configured") || !strings.Contains(out, "base_url: https://ruang.example\n") {
		t.Errorf("config check --base-url: %d %q %q", code, out, errs)
	}
}

// TestEveryCommandTakesTheConfigFlags: every command accepts --config and
// every flag that sets a key, the same for all, so whatever serve is given
// can be given to the others.
func TestEveryCommandTakesTheConfigFlags(t *testing.T) {
	want := pflag.NewFlagSet("want", pflag.ContinueOnError)
	config.AddFlags(want)
	var names []string
	want.VisitAll(func(f *pflag.Flag) { names = append(names, f.Name) })
	if len(names) < 8 {
		t.Fatalf("config.AddFlags defines only %v", names)
	}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, name := range names {
			f := cmp.Or(c.LocalFlags().Lookup(name), c.InheritedFlags().Lookup(name))
			if f == nil || f.Usage != want.Lookup(name).Usage {
				t.Errorf("%q does not take --%s as config.AddFlags defines it", c.CommandPath(), name)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(newRoot())
}
