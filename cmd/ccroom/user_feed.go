package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/daemon"
)

func newUserFeedToken() *cobra.Command {
	cmd := &cobra.Command{Use: "feed-token", Short: "Manage staff users' secret iCal feed links"}
	cmd.AddCommand(newUserFeedTokenRotate())
	return cmd
}

func newUserFeedTokenRotate() *cobra.Command {
	return &cobra.Command{
		Use:   "rotate EMAIL",
		Short: "Give a user a new staff feed link (the old one stops working); the URL is the last line",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			off, st, err := daemon.Open(cmd.Context(), cfg, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			token, err := off.RotateFeedToken(cmd.Context(), a[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "new staff feed for %s (shown once, keep it secret; the old link no longer works):\n%s/feeds/staff/%s.ics\n",
				a[0], cfg.BaseURL, token)
			return nil
		},
	}
}
