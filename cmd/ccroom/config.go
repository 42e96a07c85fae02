package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/config"
)

func newConfigCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "config", Short: "Inspect the configuration"}
	cmd.AddCommand(&cobra.Command{
		Use:   "check [--config FILE]",
		Short: "Validate the configuration and print it as it takes effect, secrets masked",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(config.Options{Flags: cmd.Flags(), SkipValidate: true})
			if err != nil {
				return err
			}
			problems := cfg.Problems()
			for _, p := range problems {
				fmt.Fprintln(cmd.ErrOrStderr(), p)
			}
			if len(problems) > 0 {
				return fmt.Errorf("%d problem(s) in the configuration", len(problems))
			}
			out, err := cfg.Redacted().YAML()
			if err != nil {
				return err
			}
			if cfg.File == "" {
				fmt.Fprintln(cmd.OutOrStdout(), "# no config file: the embedded default, with the environment and flags")
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "# %s: valid\n", cfg.File)
			}
			if origin(cmd, cfg, "base_url", "base-url", "CCROOM_BASE_URL") == "" {
				fmt.Fprintf(cmd.OutOrStdout(), "# base_url is not configured: links are built from listen, as %s\n", cfg.BaseURL)
			}
			_, err = cmd.OutOrStdout().Write(out)
			return err
		},
	})
	return cmd
}
