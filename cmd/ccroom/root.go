package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/config"
)

// Exit statuses of DESIGN.md: 0 success, 1 a failure, 2 bad usage.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

// usageError marks an error of the command line itself (exit status 2).
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

// execute runs the command line args and returns the exit status. It prints a
// failure as one line on stderr.
func execute(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	root := newRoot()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "ccroom:", err)
	if isUsage(err) {
		return exitUsage
	}
	return exitFailure
}

// isUsage tells a mistake on the command line from a failure of the work.
// Cobra reports unknown commands and missing required flags as plain errors,
// so those are recognized by their words.
func isUsage(err error) bool {
	if errors.As(err, new(usageError)) {
		return true
	}
	msg := err.Error()
	for _, prefix := range []string{"unknown command", "required flag", "unknown flag", "unknown shorthand", "invalid argument"} {
		if strings.HasPrefix(msg, prefix) {
			return true
		}
	}
	return false
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:           "ccroom",
		Short:         "Booking daemon of the Pelalawan Command Center, run as the office's SOP says",
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	config.AddFlags(root.PersistentFlags())
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(newServe(), newMigrate(), newUser(), newRequest(), newLogbook(),
		newConfigCmd(), newVersion(), newMail())
	root.AddCommand(newGoogle())
	root.AddCommand(newReport())
	root.AddCommand(newHolidays(), newConflicts())
	return root
}

// loadConfig loads the configuration for cmd from --config, the environment
// and the flags.
func loadConfig(cmd *cobra.Command) (*config.Config, error) {
	return config.Load(config.Options{Flags: cmd.Flags()})
}

// args wraps a cobra argument validator so its error is a usage error.
func args(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, a []string) error {
		if err := v(cmd, a); err != nil {
			return usageError{err}
		}
		return nil
	}
}
