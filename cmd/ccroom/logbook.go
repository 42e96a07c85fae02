package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/web"
)

func newLogbook() *cobra.Command {
	cmd := &cobra.Command{Use: "logbook", Short: "The logbook of every act (the SOP's record book)"}
	cmd.AddCommand(newLogbookExport())
	return cmd
}

func newLogbookExport() *cobra.Command {
	var month, format, output string
	cmd := &cobra.Command{
		Use:   "export --month YYYY-MM [--format csv|json|xlsx] [--output FILE]",
		Short: "Export every transition of a month as CSV (for a spreadsheet), an Excel workbook (XLSX) or JSON",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "csv" && format != "json" && format != "xlsx" {
				return usageError{fmt.Errorf("--format: %q is not csv, json or xlsx", format)}
			}
			return withOffice(cmd, func(off *office.Office) error {
				from, err := time.ParseInLocation("2006-01", month, off.Location())
				if err != nil {
					return usageError{fmt.Errorf("--month: %q is not a month (want YYYY-MM)", month)}
				}
				entries, err := off.Logbook(cmd.Context(), from, from.AddDate(0, 1, 0))
				if err != nil {
					return err
				}
				return writeTo(cmd.OutOrStdout(), output, func(w io.Writer) error {
					switch format {
					case "json":
						return json.NewEncoder(w).Encode(entries)
					case "xlsx":
						return web.WriteLogbookXLSX(w, from, entries, off.Location())
					}
					return web.WriteLogbookCSV(w, entries, off.Location())
				})
			})
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "the month, YYYY-MM (required)")
	cmd.Flags().StringVar(&format, "format", "csv", "csv, json or xlsx")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of stdout")
	_ = cmd.MarkFlagRequired("month")
	return cmd
}

// writeTo runs write on stdout, or on the file named path (created 0640,
// removed again when write fails so no half export is left behind).
func writeTo(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	if err = write(f); err == nil {
		err = f.Close()
	} else {
		f.Close()
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}
