package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/calendar/google"
	"github.com/pelalawan/ccroom/store"
)

func newGoogle() *cobra.Command {
	cmd := &cobra.Command{Use: "google", Short: "The sync with a shared Google Calendar"}
	cmd.AddCommand(newGoogleCheck(), newGoogleStatus(), newGoogleLogin())
	return cmd
}

func newGoogleCheck() *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Verify access to the configured calendar and print its name and time zone",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			if cfg.Google.CalendarID == "" {
				return usageError{errors.New("google.calendar_id is not set")}
			}
			client, err := google.Connect(cmd.Context(), cfg, nil)
			if err != nil {
				return err
			}
			cal, err := client.Calendar(cmd.Context())
			if err != nil {
				return err
			}
			if _, err := client.List(cmd.Context(), "", ""); err != nil {
				return fmt.Errorf("the calendar's events: %w", err)
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "calendar:  %s\nname:      %s\ntime zone: %s\n", cal.Id, cal.Summary, cal.TimeZone)
			if cal.TimeZone != cfg.Timezone {
				fmt.Fprintf(out, "note: the office time zone is %s\n", cfg.Timezone)
			}
			return nil
		},
	}
}

func newGoogleStatus() *cobra.Command {
	return &cobra.Command{
		Use:   "status",
		Short: "Print the last successful push and import and the backlog of pushes",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			st, err := store.Open(cmd.Context(), cfg.Database.Driver, cfg.Database.DSN)
			if err != nil {
				return fmt.Errorf("open database: %w", err)
			}
			defer st.Close()
			stats, err := st.JobStats(cmd.Context(), google.Kind)
			if err != nil {
				return err
			}
			_, imported, err := st.SyncState(cmd.Context(), google.TokenKey(cfg.Google.CalendarID))
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "enabled:     %v\ncalendar:    %s\n", cfg.Google.Enabled, cfg.Google.CalendarID)
			fmt.Fprintf(out, "last push:   %s\nlast import: %s\n", when(stats.LastDone), when(imported))
			fmt.Fprintf(out, "backlog:     %d pending, %d failed", stats.Pending, stats.Failed)
			if !stats.OldestPending.IsZero() {
				fmt.Fprintf(out, ", oldest since %s", when(stats.OldestPending))
			}
			fmt.Fprintln(out)
			return nil
		},
	}
}

func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.Local().Format(time.RFC3339)
}

func newGoogleLogin() *cobra.Command {
	return &cobra.Command{
		Use:   "login",
		Short: "Connect a plain Google account (OAuth, in a browser) and save its token",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			if cfg.Google.CredentialsFile == "" {
				return usageError{errors.New("google.credentials_file must name the OAuth client (Desktop app) JSON")}
			}
			conf, err := google.LoginConfig(cfg.Google.CredentialsFile)
			if err != nil {
				return err
			}
			file := google.TokenFile(cfg)
			err = google.Login(cmd.Context(), conf, file, func(url string) {
				fmt.Fprintf(cmd.OutOrStdout(), "Open this address in a browser on this machine and allow access:\n\n%s\n\n", url)
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "token saved in %s\n", file)
			return nil
		},
	}
}
