package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/report"
)

// The SOP compliance report of a month (package report): as JSON, CSV or a
// workbook from the API, and as a page with its chart for the staff.

// reportRoutes registers the report's routes (routes, in server.go).
func (s *Server) reportRoutes() {
	h := s.h
	s.handle("GET /api/v1/reports/compliance", h.complianceAPI)
	s.page("GET /staff/reports/compliance", h.showCompliance)
	s.page("GET /staff/reports/compliance.csv", h.complianceFile("csv"))
	s.page("GET /staff/reports/compliance.xlsx", h.complianceFile("xlsx"))
}

// complianceAPI is GET /api/v1/reports/compliance?month=YYYY-MM: staff only.
// JSON by default; CSV with Accept: text/csv, the workbook with Accept:
// application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, or
// either with ?format=csv|xlsx|json.
func (h *handler) complianceAPI(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.requireStaff(r); err != nil {
		return err
	}
	format, err := reportFormat(r)
	if err != nil {
		return err
	}
	c, err := h.compliance(r, r.URL.Query().Get("month"))
	if err != nil {
		return err
	}
	return writeCompliance(w, c, format)
}

// reportFormat is ?format= when given, else what Accept asks for.
func reportFormat(r *http.Request) (string, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "json", "csv", "xlsx":
		return f, nil
	case "":
	default:
		return "", invalid("format", "format must be json, csv or xlsx")
	}
	accept := r.Header.Get("Accept")
	switch {
	case strings.Contains(accept, report.TypeXLSX):
		return "xlsx", nil
	case strings.Contains(accept, "text/csv"):
		return "csv", nil
	}
	return "json", nil
}

// compliance builds the report of month (YYYY-MM).
func (h *handler) compliance(r *http.Request, month string) (*report.Compliance, error) {
	from, _, err := parseMonth(month, h.loc())
	if err != nil {
		return nil, err
	}
	return report.Build(r.Context(), h.office, from)
}

// writeCompliance sends c in format; it renders first, so a failure is
// still a proper error. The files are attachments.
func writeCompliance(w http.ResponseWriter, c *report.Compliance, format string) error {
	var buf bytes.Buffer
	var err error
	ctype := report.TypeJSON
	switch format {
	case "csv":
		ctype, err = report.TypeCSV, c.WriteCSV(&buf)
	case "xlsx":
		ctype, err = report.TypeXLSX, c.WriteXLSX(&buf)
	default:
		err = c.WriteJSON(&buf)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Vary", "Accept")
	if format != "json" {
		w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", c.FileName(format)))
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(buf.Bytes())
	return nil
}

// complianceFile is GET /staff/reports/compliance.csv|.xlsx?month=: the
// report's file for the signed-in member of staff.
func (h *handler) complianceFile(format string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if _, err := h.sessionUser(r); err != nil {
			return err
		}
		c, err := h.compliance(r, h.reportMonth(r.URL.Query().Get("month")))
		if err != nil {
			return err
		}
		return writeCompliance(w, c, format)
	}
}

// reportMonth is the month asked for, last month when none is: the month
// a report is asked about.
func (h *handler) reportMonth(q string) string {
	if q == "" {
		y, m, _ := h.office.Now().In(h.loc()).Date()
		return time.Date(y, m-1, 1, 0, 0, 0, 0, h.loc()).Format("2006-01")
	}
	return q
}

// compliancePage is templates/report_compliance.html.
type compliancePage struct {
	pageHead
	Month, MonthName, MonthError string
	Prev, Next                   *linkItem
	CSV, XLSX                    string
	Chart                        *barChart
	Tables                       []reportTable
}

// reportTable is a table of the report as the page shows it: on a phone
// each row is a card whose cells carry their column's name.
type reportTable struct {
	ID, Title string
	Pairs     bool // a table of labels and values (the summary), never cards
	Header    []string
	Rows      []reportRow
}

type reportRow struct {
	Late  bool
	Cells []reportCell
}

type reportCell struct {
	Label, Text string
	Number      bool
}

// showCompliance is GET /staff/reports/compliance?month=YYYY-MM (last month
// by default).
func (h *handler) showCompliance(w http.ResponseWriter, r *http.Request) error {
	u, err := h.sessionUser(r)
	if err != nil {
		return err
	}
	head := h.staffHead(r, u, "report.compliance.title", "reports")
	head.Other, head.Wide = sameWithLang(r, otherLang(head.Lang)), true
	p := locale.For(head.Lang)
	page := &compliancePage{pageHead: head, Month: h.reportMonth(r.URL.Query().Get("month"))}
	from, _, err := parseMonth(page.Month, h.loc())
	if err != nil {
		page.MonthError = p.Get("staff.search.month_error")
		return renderPage(w, http.StatusUnprocessableEntity, "report_compliance", page)
	}
	c, err := report.Build(r.Context(), h.office, from)
	if err != nil {
		return err
	}
	page.Month, page.MonthName = c.Month, report.MonthName(p, from)
	page.Title += " – " + page.MonthName
	link := func(t time.Time) *linkItem {
		return &linkItem{Text: report.MonthName(p, t), Link: "/staff/reports/compliance?month=" + t.Format("2006-01")}
	}
	page.Prev, page.Next = link(from.AddDate(0, -1, 0)), link(from.AddDate(0, 1, 0))
	page.CSV = "/staff/reports/compliance.csv?month=" + c.Month
	page.XLSX = "/staff/reports/compliance.xlsx?month=" + c.Month
	page.Chart = stepChart(p, c)
	for _, t := range c.Tables(p) {
		page.Tables = append(page.Tables, pageTableOf(p, c, t))
	}
	return renderPage(w, http.StatusOK, "report_compliance", page)
}

func pageTableOf(p *locale.Printer, c *report.Compliance, t report.Table) reportTable {
	out := reportTable{ID: strings.ReplaceAll(strings.TrimPrefix(t.Key, "report."), "_", "-"), Title: t.Title,
		Header: t.Header, Pairs: len(t.Header) == 2}
	for i, row := range t.Rows {
		pr := reportRow{Late: t.Late[i]}
		for j, cell := range row {
			pr.Cells = append(pr.Cells, reportCell{Label: t.Header[j], Text: cell.Words(p, c.Location()),
				Number: cell.Kind != report.Text && cell.Kind != report.Moment})
		}
		out.Rows = append(out.Rows, pr)
	}
	return out
}

// barChart is the share within the standard per step, drawn on the server
// as SVG: one labelled bar per step on a track of 100%.
type barChart struct {
	Title, Desc   string
	Width, Height int
	Track         int // the track's width (100%)
	Bar           int // a bar's height
	Bars          []bar
}

type bar struct {
	Label, Value            string
	LabelY, BarY, W, ValueX int
	ValueY                  int
	Fill                    string
	Empty                   bool
}

// The chart's geometry, in the SVG's own units (it scales to the page).
const (
	chartWidth  = 400
	chartTrack  = 316
	chartRow    = 50
	chartBar    = 18
	chartLabelY = 16
)

func stepChart(p *locale.Printer, c *report.Compliance) *barChart {
	ch := &barChart{Title: p.Get("report.chart.title"), Desc: p.Get("report.chart.desc"),
		Width: chartWidth, Track: chartTrack, Bar: chartBar}
	for i, s := range c.Steps {
		y := i * chartRow
		b := bar{Label: p.Get("report.chart.step", s.Step, s.Action.Step(p)), LabelY: y + chartLabelY,
			BarY: y + chartLabelY + 6, ValueY: y + chartLabelY + 6 + chartBar - 4}
		if s.SharePercent == nil {
			b.Empty, b.Value, b.ValueX = true, p.Get("report.chart.none"), 6
		} else {
			share := *s.SharePercent
			b.W = int(share / 100 * chartTrack)
			b.ValueX = chartTrack + 6
			b.Value = report.Cell{Kind: report.Percent, N: share}.Words(p, c.Location())
			b.Fill = shareColour(share)
		}
		ch.Bars = append(ch.Bars, b)
	}
	ch.Height = len(c.Steps)*chartRow + 4
	return ch
}

// shareColour: green from 90%, amber from 70%, red below.
func shareColour(share float64) string {
	switch {
	case share >= 90:
		return "#2e7d32"
	case share >= 70:
		return "#b26a00"
	}
	return "#a61b1b"
}
