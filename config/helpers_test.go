package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/pflag"
)

// load runs Load on a file holding yaml (none when empty), the environment env
// and the command-line args, as a command would.
func load(t *testing.T, yaml string, env map[string]string, args ...string) (*Config, error) {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	AddFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	opts := Options{Flags: fs, LookupEnv: func(k string) (string, bool) {
		v, ok := env[k]
		return v, ok
	}}
	if yaml != "" {
		opts.File = writeFile(t, yaml)
	}
	return Load(opts)
}

// mustLoad is load that fails the test on an error.
func mustLoad(t *testing.T, yaml string, env map[string]string, args ...string) *Config {
	t.Helper()
	c, err := load(t, yaml, env, args...)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return c
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ccroom.yaml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
