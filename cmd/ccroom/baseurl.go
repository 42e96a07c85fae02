package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/pelalawan/ccroom/config"
)

// origin says where the value of a key came from, in the order Load lets
// them override each other: the flag, the environment, the config file, and
// "" when none set it (the default, or a value derived from another key).
func origin(cmd *cobra.Command, cfg *config.Config, key, flag, env string) string {
	if f := cmd.Flags().Lookup(flag); f != nil && f.Changed {
		return "--" + flag
	}
	if v, ok := os.LookupEnv(env); ok && v != "" {
		return env
	}
	if cfg.File != "" && fileSets(cfg.File, key) {
		return cfg.File
	}
	return ""
}

// fileSets reports whether the config file sets the top-level key.
func fileSets(file, key string) bool {
	data, err := os.ReadFile(file)
	if err != nil {
		return false
	}
	var top map[string]any
	if yaml.Unmarshal(data, &top) != nil {
		return false
	}
	for k, v := range top {
		if strings.EqualFold(k, key) && v != nil && v != "" {
			return true
		}
	}
	return false
}

// noteBaseURL tells w where the base_url that links are built from comes
// from. With none configured, the link is built from listen, which is right
// only when this command reads the daemon's own settings: it warns so.
func noteBaseURL(w io.Writer, cmd *cobra.Command, cfg *config.Config) {
	if from := origin(cmd, cfg, "base_url", "base-url", "CCROOM_BASE_URL"); from != "" {
		fmt.Fprintf(w, "base_url from %s\n", from)
		return
	}
	listen := cmp.Or(origin(cmd, cfg, "listen", "listen", "CCROOM_LISTEN"), "the default")
	fmt.Fprintf(w, "warning: no base_url is configured (base_url in the config file, CCROOM_BASE_URL or --base-url); "+
		"the link is built from listen %s (from %s): right only if the daemon runs with that setting and people reach it at that address\n",
		cfg.Listen, listen)
}
