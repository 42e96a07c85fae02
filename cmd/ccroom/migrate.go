package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/store"
)

func newMigrate() *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Bring the database schema up to this version of ccroom",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			from, to, err := store.Migrate(cmd.Context(), cfg.Database.Driver, cfg.Database.DSN)
			if err != nil {
				return err
			}
			if from == to {
				fmt.Fprintf(cmd.OutOrStdout(), "database schema is current (version %d)\n", to)
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "database schema migrated from version %d to %d\n", from, to)
			}
			return nil
		},
	}
}
