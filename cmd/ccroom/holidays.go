package main

import (
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

func newHolidays() *cobra.Command {
	cmd := &cobra.Command{Use: "holidays", Short: "The holidays that close the room (imported from an ICS file or a Google holiday calendar)"}
	cmd.AddCommand(newHolidaysImport(), newHolidaysList())
	return cmd
}

func newHolidaysImport() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE.ics",
		Short: "Make the holidays of an ICS file close their dates; bookings already on them become standing conflicts",
		Args:  args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, a []string) error {
			source, err := ical.HolidayFileSource(a[0])
			if err != nil {
				return err
			}
			return withOffice(cmd, func(off *office.Office) error {
				list, err := readHolidayFile(a[0], off.Location())
				if err != nil {
					return err
				}
				changed, w, err := off.ImportHolidays(cmd.Context(), source, list)
				if err != nil {
					return err
				}
				return writeImport(cmd.OutOrStdout(), len(list), len(changed), w, off.Location())
			})
		},
	}
}

// readHolidayFile reads the holidays of the ICS file at path in loc.
func readHolidayFile(path string, loc *time.Location) ([]booking.Holiday, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	list, err := ical.ReadHolidays(f, loc)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return list, nil
}

// writeImport prints what an import did: the holidays, the dates that
// changed, and the conflicts it opened and closed, each on its line.
func writeImport(w io.Writer, holidays, changed int, wd office.Watched, loc *time.Location) error {
	fmt.Fprintf(w, "holidays: %d\ndates changed: %d\nconflicts opened: %d\n", holidays, changed, len(wd.Opened))
	for _, c := range wd.Opened {
		fmt.Fprintf(w, "  %s %s: %s\n", booking.Number(c.RequestID), conflictTime(c, loc, "id"), c.Cause)
	}
	if len(wd.Closed) > 0 {
		fmt.Fprintf(w, "conflicts closed: %d\n", len(wd.Closed))
		for _, c := range wd.Closed {
			fmt.Fprintf(w, "  %s %s: %s\n", booking.Number(c.RequestID), conflictTime(c, loc, "id"), c.Cause)
		}
	}
	return nil
}

// conflictTime is the occurrence of a conflict, in loc and lang.
func conflictTime(c store.Conflict, loc *time.Location, lang string) string {
	return booking.FormatSpan(c.Start, c.End, loc, lang)
}

func newHolidaysList() *cobra.Command {
	var year int
	cmd := &cobra.Command{
		Use:   "list [--year Y]",
		Short: "List the imported holidays, of one year or all",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if year != 0 && (year < 1900 || year > 2200) {
				return usageError{fmt.Errorf("--year: %d is not between 1900 and 2200", year)}
			}
			return withOffice(cmd, func(off *office.Office) error {
				list, err := off.Holidays(cmd.Context(), year)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "DATE\tDAY\tNAME")
				for _, h := range list {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", h.Date.Format(time.DateOnly), booking.WeekdayName(h.Date.Weekday(), "id"), h.Name)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().IntVar(&year, "year", 0, "only this year")
	return cmd
}
