package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

func newConflicts() *cobra.Command {
	cmd := &cobra.Command{Use: "conflicts", Short: "Standing conflicts: problems that arose after a booking was approved or checked"}
	cmd.AddCommand(newConflictsList())
	return cmd
}

func newConflictsList() *cobra.Command {
	var status, format, lang string
	cmd := &cobra.Command{
		Use:   "list [--status open|resolved|all] [--format text|json] [--language id|en]",
		Short: "List the standing conflicts, newest first: by default those still open",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch {
			case status != store.ConflictOpen && status != store.ConflictResolved && status != "all":
				return usageError{fmt.Errorf("--status: %q is not open, resolved or all", status)}
			case format != "text" && format != "json":
				return usageError{fmt.Errorf("--format: %q is not text or json", format)}
			case lang != "id" && lang != "en":
				return usageError{fmt.Errorf("--language: %q is not id or en", lang)}
			}
			if status == "all" {
				status = ""
			}
			return withOffice(cmd, func(off *office.Office) error {
				list, err := off.Conflicts(cmd.Context(), status)
				if err != nil {
					return err
				}
				if format == "json" {
					return writeConflictsJSON(cmd.OutOrStdout(), list)
				}
				return writeConflicts(cmd.OutOrStdout(), list, off.Location(), lang)
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&status, "status", store.ConflictOpen, "open, resolved or all")
	f.StringVar(&format, "format", "text", "text or json")
	f.StringVar(&lang, "language", "id", "language of the causes and dates: id or en")
	return cmd
}

func writeConflictsJSON(w io.Writer, list []store.Conflict) error {
	if list == nil {
		list = []store.Conflict{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(list)
}

// writeConflicts prints one line per conflict for a person at a terminal.
func writeConflicts(w io.Writer, list []store.Conflict, loc *time.Location, lang string) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tREQUEST\tROOM\tOCCURRENCE\tSTATE\tCAUSE")
	for _, c := range list {
		cause := c.Cause
		if lang == "en" && c.CauseEN != "" {
			cause = c.CauseEN
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", c.ID, booking.Number(c.RequestID), c.Room,
			conflictTime(c, loc, lang), conflictState(c), cause)
	}
	return tw.Flush()
}

// conflictState says where a conflict stands: waiting for the Kabid, for
// the secretary to carry out a decision, or how it was resolved.
func conflictState(c store.Conflict) string {
	switch {
	case c.AwaitsKabid():
		return "open: awaiting kabid"
	case c.AwaitsSecretary():
		return "open: " + string(c.Decision) + " decided, awaiting secretary"
	case c.Open():
		return "open: " + string(c.Decision)
	case c.Decision != "":
		return "resolved: " + string(c.Resolution) + " (decided " + string(c.Decision) + ")"
	}
	return "resolved: " + string(c.Resolution)
}
