package main

import (
	"fmt"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/mail"
)

func newMail() *cobra.Command {
	cmd := &cobra.Command{Use: "mail", Short: "Outgoing email"}
	cmd.AddCommand(newMailTest())
	return cmd
}

func newMailTest() *cobra.Command {
	var to string
	cmd := &cobra.Command{
		Use:   "test --to ADDRESS",
		Short: "Send a test message through the configured SMTP server (or to data_dir/mail)",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := loadConfig(cmd)
			if err != nil {
				return err
			}
			log := slog.New(slog.NewTextHandler(cmd.ErrOrStderr(), &slog.HandlerOptions{Level: slog.LevelWarn}))
			if err := mail.SendTest(cmd.Context(), mail.NewSender(cfg, log), cfg.Mail, to, time.Now()); err != nil {
				return fmt.Errorf("mail test: %w", err)
			}
			if cfg.Mail.SMTP.Enabled() {
				fmt.Fprintf(cmd.OutOrStdout(), "test message sent to %s through %s:%d\n", to, cfg.Mail.SMTP.Host, cfg.Mail.SMTP.Port)
			} else {
				fmt.Fprintf(cmd.OutOrStdout(), "no SMTP host configured: test message written to %s\n", filepath.Join(cfg.DataDir, "mail"))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "the address to send the test message to")
	_ = cmd.MarkFlagRequired("to")
	return cmd
}
