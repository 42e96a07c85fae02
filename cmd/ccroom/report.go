package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/report"
)

func newReport() *cobra.Command {
	cmd := &cobra.Command{Use: "report", Short: "The office's reports (the SOP compliance report of a month)"}
	cmd.AddCommand(newReportCompliance())
	return cmd
}

func newReportCompliance() *cobra.Command {
	var month, format, output string
	cmd := &cobra.Command{
		Use:   "compliance --month YYYY-MM [--format json|csv|xlsx] [-o FILE]",
		Short: "The SOP compliance report of a month: each step and official against the time standards, late steps, expired requests, lead time",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "json" && format != "csv" && format != "xlsx" {
				return usageError{fmt.Errorf("--format: %q is not json, csv or xlsx", format)}
			}
			return withOffice(cmd, func(off *office.Office) error {
				from, err := report.ParseMonth(month, off.Location())
				if err != nil {
					return usageError{fmt.Errorf("--month: %w", err)}
				}
				c, err := report.Build(cmd.Context(), off, from)
				if err != nil {
					return err
				}
				return writeTo(cmd.OutOrStdout(), output, func(w io.Writer) error {
					switch format {
					case "csv":
						return c.WriteCSV(w)
					case "xlsx":
						return c.WriteXLSX(w)
					}
					return c.WriteJSON(w)
				})
			})
		},
	}
	cmd.Flags().StringVar(&month, "month", "", "the month, YYYY-MM (required)")
	cmd.Flags().StringVar(&format, "format", "json", "json, csv or xlsx")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to FILE instead of stdout")
	_ = cmd.MarkFlagRequired("month")
	return cmd
}
