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
			st, err := store.Open(cmd.Context(), cfg.Database.Driver, cfg.Database.DSN)
			if err != nil {
				return err
			}
			defer st.Close()
			applied, latest, err := st.SchemaVersion(cmd.Context())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "database schema at version %d (latest %d)\n", applied, latest)
			return nil
		},
	}
}
