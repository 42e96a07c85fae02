package report

import (
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
)

// The report is written as tables, the same ones in every format: the CSV
// (one section per table), the workbook (one sheet per table) and the staff
// page. Each cell keeps its kind, so the workbook holds numbers and dates,
// the CSV whole numbers, and the page words in the reader's language.

// Kind is what a cell holds.
type Kind int

// The kinds of cell.
const (
	Text    Kind = iota
	Count        // a whole number
	Minutes      // a duration, held in seconds, shown in minutes
	Percent      // a percentage
	Moment       // a time in the office zone
)

// Cell is one value of a table; Null cells are empty (nothing measured).
type Cell struct {
	Kind Kind
	S    string
	N    float64 // Count, Minutes (seconds), Percent
	T    time.Time
	Null bool
}

// Table is one part of the report.
type Table struct {
	Key    string // its catalogue key: "report.steps"
	Title  string
	Sheet  string // the workbook's sheet name (at most 31 characters)
	Header []string
	Rows   [][]Cell
	// Late marks the rows of steps past their standard (the page shows them).
	Late []bool
}

func text(s string) Cell { return Cell{Kind: Text, S: s} }
func count(n int) Cell   { return Cell{Kind: Count, N: float64(n)} }

func opt(k Kind, v *float64) Cell {
	if v == nil {
		return Cell{Kind: k, Null: true}
	}
	return Cell{Kind: k, N: *v}
}

func minutes(seconds float64) Cell {
	if seconds <= 0 {
		return Cell{Kind: Minutes, Null: true}
	}
	return Cell{Kind: Minutes, N: seconds}
}

// MonthName is "November 2026" in p's language.
func MonthName(p *locale.Printer, month time.Time) string {
	return p.Get("report.month."+month.Format("01")) + " " + month.Format("2006")
}

// Tables are the report's parts in p's language: the summary, the steps,
// the officials, the late steps and the expired requests.
func (c *Compliance) Tables(p *locale.Printer) []Table {
	return []Table{c.summary(p), c.stepTable(p), c.officialTable(p), c.lateTable(p), c.expiredTable(p)}
}

func headers(p *locale.Printer, keys ...string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = p.Get(k)
	}
	return out
}

func (c *Compliance) summary(p *locale.Printer) Table {
	t := Table{Key: "report.summary", Title: p.Get("report.summary"), Sheet: p.Get("report.sheet.summary"),
		Header: headers(p, "report.col.item", "report.col.value")}
	lead := p.Get("report.lead_days", c.Lead.LeadDays)
	if c.Lead.WorkingDays {
		lead = p.Get("report.lead_working_days", c.Lead.LeadDays)
	}
	row := func(key string, v Cell) { t.Rows = append(t.Rows, []Cell{text(p.Get(key)), v}) }
	row("report.sum.month", text(MonthName(p, c.From)))
	row("report.sum.steps", count(c.Total.Count))
	row("report.sum.within", count(c.Total.WithinStandard))
	row("report.sum.late", count(c.Total.Late))
	row("report.sum.share", opt(Percent, c.Total.SharePercent))
	row("report.sum.median", opt(Minutes, c.Total.MedianSeconds))
	row("report.sum.p90", opt(Minutes, c.Total.P90Seconds))
	row("report.sum.submitted", count(c.Lead.Submitted))
	t.Rows = append(t.Rows, []Cell{text(p.Get("report.sum.lead_met", lead)), count(c.Lead.Met)})
	row("report.sum.lead_share", opt(Percent, c.Lead.SharePercent))
	row("report.sum.expired", count(len(c.Expired)))
	t.Late = make([]bool, len(t.Rows))
	return t
}

func figureCells(f Figures) []Cell {
	return []Cell{count(f.Count), opt(Minutes, f.MedianSeconds), opt(Minutes, f.P90Seconds)}
}

func shareCells(f Figures) []Cell {
	return []Cell{count(f.WithinStandard), count(f.Late), opt(Percent, f.SharePercent)}
}

func (c *Compliance) stepTable(p *locale.Printer) Table {
	t := Table{Key: "report.steps", Title: p.Get("report.steps"), Sheet: p.Get("report.sheet.steps"),
		Header: headers(p, "report.col.step_number", "report.col.step", "report.col.count", "report.col.median",
			"report.col.p90", "report.col.standard", "report.col.within", "report.col.late", "report.col.share")}
	for _, s := range c.Steps {
		row := []Cell{text(s.Step), text(s.Action.Step(p))}
		row = append(row, figureCells(s.Figures)...)
		row = append(row, minutes(s.StandardSeconds))
		t.Rows = append(t.Rows, append(row, shareCells(s.Figures)...))
		t.Late = append(t.Late, s.Late > 0)
	}
	return t
}

// roleWord is the role, marked when held acting: "Kepala Dinas (Plt./Plh.)".
func roleWord(p *locale.Printer, r booking.Role, acting bool) string {
	if acting {
		return p.Get("report.acting_role", r.Word(p))
	}
	return r.Word(p)
}

func (c *Compliance) officialTable(p *locale.Printer) Table {
	t := Table{Key: "report.officials", Title: p.Get("report.officials"), Sheet: p.Get("report.sheet.officials"),
		Header: headers(p, "report.col.official", "report.col.role", "report.col.acting", "report.col.count",
			"report.col.median", "report.col.p90", "report.col.within", "report.col.late", "report.col.share")}
	for _, o := range c.Officials {
		acting := p.Get("word.no")
		if o.Acting {
			acting = p.Get("word.yes")
		}
		row := []Cell{text(o.Name), text(roleWord(p, o.Role, o.Acting)), text(acting)}
		row = append(row, figureCells(o.Figures)...)
		t.Rows = append(t.Rows, append(row, shareCells(o.Figures)...))
		t.Late = append(t.Late, o.Late > 0)
	}
	return t
}

func (c *Compliance) lateTable(p *locale.Printer) Table {
	t := Table{Key: "report.late", Title: p.Get("report.late"), Sheet: p.Get("report.sheet.late"),
		Header: headers(p, "report.col.request", "report.col.title", "report.col.step_number", "report.col.step",
			"report.col.who", "report.col.role", "report.col.at", "report.col.took", "report.col.standard")}
	for _, l := range c.Late {
		t.Rows = append(t.Rows, []Cell{text(l.Number), text(l.Title), text(l.Step), text(l.Action.Step(p)),
			text(l.Actor), text(roleWord(p, l.Role, l.Acting)), {Kind: Moment, T: l.At},
			minutes(l.TookSeconds), minutes(l.StandardSeconds)})
		t.Late = append(t.Late, true)
	}
	return t
}

func (c *Compliance) expiredTable(p *locale.Printer) Table {
	t := Table{Key: "report.expired", Title: p.Get("report.expired"), Sheet: p.Get("report.sheet.expired"),
		Header: headers(p, "report.col.request", "report.col.title", "report.col.organization", "report.col.start",
			"report.col.expired_at", "report.col.status", "report.col.waiting", "report.col.role")}
	for _, x := range c.Expired {
		step := ""
		if x.Waiting != "" {
			step = x.Waiting.Step(p)
		}
		t.Rows = append(t.Rows, []Cell{text(x.Number), text(x.Title), text(x.Organization),
			{Kind: Moment, T: x.Start}, {Kind: Moment, T: x.ExpiredAt}, text(x.Status.Word(p)), text(step),
			text(x.Role.Word(p))})
		t.Late = append(t.Late, false)
	}
	return t
}

// Words is the cell as a person reads it in p's language: minutes with one
// decimal ("7,5"; the column names the unit), a percentage ("66,7%"), a
// date and time.
func (cell Cell) Words(p *locale.Printer, loc *time.Location) string {
	if cell.Null {
		return "–"
	}
	switch cell.Kind {
	case Count:
		return strconv.FormatFloat(cell.N, 'f', 0, 64)
	case Minutes:
		return decimal(p, cell.N/60)
	case Percent:
		return decimal(p, cell.N) + "%"
	case Moment:
		return booking.FormatMoment(cell.T, loc, p.Lang())
	}
	return cell.S
}

// MinutesWords is a duration in seconds as minutes with their unit: "7,5 menit".
func MinutesWords(p *locale.Printer, seconds float64) string {
	return p.Get("report.minutes", decimal(p, seconds/60))
}

// decimal writes x with one decimal, none when whole, with the language's
// decimal mark (a comma in Indonesian).
func decimal(p *locale.Printer, x float64) string {
	s := strconv.FormatFloat(x, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if p.Lang() == locale.Indonesian {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
