package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/office"
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
			return withConfiguredOffice(cmd, func(off *office.Office, cfg *config.Config) error {
				token, err := off.RotateFeedToken(cmd.Context(), a[0])
				if err != nil {
					return err
				}
				noteBaseURL(cmd.ErrOrStderr(), cmd, cfg)
				fmt.Fprintf(cmd.OutOrStdout(), "new staff feed for %s (shown once, keep it secret; the old link no longer works):\n%s/feeds/staff/%s.ics\n",
					a[0], cfg.BaseURL, token)
				return nil
			})
		},
	}
}
