package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/office"
)

func newRequest() *cobra.Command {
	cmd := &cobra.Command{Use: "request", Short: "Work with booking requests from the shell"}
	cmd.AddCommand(newRequestCheck())
	return cmd
}

// errNotAvailable is the failure of a check that found the room not available.
var errNotAvailable = errors.New("not available")

// checkFlags are the flags of `ccroom request check`.
type checkFlags struct {
	r          booking.Request
	start, end string
	equipment  []string
	asJSON     bool
}

func newRequestCheck() *cobra.Command {
	var cf checkFlags
	cmd := &cobra.Command{
		Use:   "check --start T --end T [--room R] [--participants N] [--equipment NAME[:COUNT]]... [--recurrence RRULE]",
		Short: "Check a request against the rules and the room's calendar; exit 1 when not available",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			r, err := cf.request()
			if err != nil {
				return usageError{err}
			}
			return withOffice(cmd, func(off *office.Office) error { return runCheck(cmd, off, r, cf.asJSON) })
		},
	}
	f := cmd.Flags()
	f.StringVar(&cf.r.Room, "room", booking.DefaultRoom().ID, "room id")
	f.StringVar(&cf.start, "start", "", "start, RFC 3339 with offset (2026-12-10T09:00:00+07:00)")
	f.StringVar(&cf.end, "end", "", "end, RFC 3339 with offset")
	f.IntVar(&cf.r.Participants, "participants", 1, "number of participants")
	f.StringArrayVar(&cf.equipment, "equipment", nil, "equipment needed, name or name:count; repeat")
	f.StringVar(&cf.r.Recurrence, "recurrence", "", "RRULE, e.g. FREQ=WEEKLY;COUNT=4")
	f.StringVar(&cf.r.Language, "language", "id", "language of the messages: id or en")
	f.BoolVar(&cf.asJSON, "json", false, "print the report as JSON")
	_ = cmd.MarkFlagRequired("start")
	_ = cmd.MarkFlagRequired("end")
	return cmd
}

// request is the request the flags describe.
func (cf checkFlags) request() (booking.Request, error) {
	r := cf.r
	var err error
	if r.Start, err = parseTime("--start", cf.start); err != nil {
		return r, err
	}
	if r.End, err = parseTime("--end", cf.end); err != nil {
		return r, err
	}
	for _, e := range cf.equipment {
		n, err := booking.ParseNeed(e)
		if err != nil {
			return r, err
		}
		r.Equipment = append(r.Equipment, n)
	}
	r.Equipment = booking.MergeNeeds(r.Equipment)
	return r, nil
}

// runCheck checks r and prints the report; not available is a failure.
func runCheck(cmd *cobra.Command, off *office.Office, r booking.Request, asJSON bool) error {
	c, err := off.Candidate(r)
	if err != nil {
		return err
	}
	rep, err := off.Check(cmd.Context(), c)
	if err != nil {
		return err
	}
	if asJSON {
		err = writeReportJSON(cmd.OutOrStdout(), rep)
	} else {
		err = writeReport(cmd.OutOrStdout(), rep, off.Location())
	}
	if err == nil && !rep.Available() {
		err = errNotAvailable
	}
	return err
}

func parseTime(flag, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return t, fmt.Errorf("%s: %q is not an RFC 3339 time with offset (2026-12-10T09:00:00+07:00)", flag, v)
	}
	return t, nil
}

func writeReportJSON(w io.Writer, rep booking.Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(struct {
		Available bool `json:"available"`
		booking.Report
	}{rep.Available(), rep})
}

// writeReport prints the conflict report for a person at a terminal.
func writeReport(w io.Writer, rep booking.Report, loc *time.Location) error {
	const layout = "Mon 02-01-2006 15:04"
	if rep.Available() {
		fmt.Fprintln(w, "available: yes")
	} else {
		fmt.Fprintln(w, "available: no")
	}
	for _, v := range rep.Violations {
		fmt.Fprintf(w, "rule %s: %s\n", v.Code, v.Message)
	}
	for _, c := range rep.Conflicts {
		fmt.Fprintf(w, "conflict: %s #%d %q %s - %s\n", c.Kind, c.RequestID, c.Title,
			c.Start.In(loc).Format(layout), c.End.In(loc).Format("15:04"))
	}
	if n := rep.MoreConflicts(); n > 0 {
		fmt.Fprintf(w, "conflict: %d more not listed\n", n)
	}
	for _, v := range rep.Warnings {
		fmt.Fprintf(w, "warning %s: %s\n", v.Code, v.Message)
	}
	if n := rep.MoreWarnings(); n > 0 {
		fmt.Fprintf(w, "warning: %d more not listed\n", n)
	}
	for _, s := range rep.Suggestions {
		_, err := fmt.Fprintf(w, "free: %s - %s\n", s.Start.In(loc).Format(layout), s.End.In(loc).Format("15:04"))
		if err != nil {
			return err
		}
	}
	return nil
}
