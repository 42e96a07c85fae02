package main

import (
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/daemon"
)

func newServe() *cobra.Command {
	return &cobra.Command{
		Use:   "serve",
		Short: "Run the booking daemon (HTTP API, feeds and workers) until SIGTERM",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			log := newLogger(cfg, cmd.ErrOrStderr())
			if cfg.File == "" {
				log.Info("no config file: running on the embedded default", slog.String("data_dir", cfg.DataDir))
			}
			return daemon.Run(cmd.Context(), cfg, log)
		},
	}
}

// newLogger builds the slog logger the config asks for, writing to w.
func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(strings.ToUpper(cfg.Log.Level)))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.Log.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
