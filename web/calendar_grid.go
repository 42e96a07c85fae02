package web

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/locale"
)

// calendarData is what a view is drawn from: the busy spans of the room in
// the view's window, by start, and (week and day) the requests behind them.
type calendarData struct {
	p        *locale.Printer
	staff    bool
	rules    booking.Rules
	now      time.Time
	links    calendarLinks
	from     time.Time // the window's first midnight
	days     int       // how many days the window holds
	spans    []booking.Busy
	requests map[int64]*booking.Request
}

// piece is the part of a span on one day, in minutes from that midnight.
type piece struct {
	span     *booking.Busy
	from, to int
}

// monthGrid is the month view: whole weeks from Monday.
type monthGrid struct {
	Head  []weekdayHead
	Weeks [][]monthCell
}

// weekdayHead is a column head of the month: "Sen" for Senin.
type weekdayHead struct{ Short, Long string }

// monthCell is one day of the month view: how much of it is taken, and a
// link to its day view.
type monthCell struct {
	Day                   int
	Link, Label, Class    string
	Busy, Tentative, More int
	Times                 []string // the first few spans, "09.00–11.00"
}

// maxCellTimes is how many spans a day of the month names.
const maxCellTimes = 3

// weekGrid is the week view: days as columns and half hours as rows on a
// large screen, a list of days on a phone.
type weekGrid struct {
	Hours []hourMark
	Fill  string // the classes of the filler that sets each day's height
	Days  []weekDay
}

// hourMark is an hour's label on the week's time axis.
type hourMark struct{ Label, Class string }

// weekDay is one day of the week view.
type weekDay struct {
	Weekday, DayMonth, Label, Link string
	Today, Closed                  bool
	Blocks                         []calBlock
}

// calBlock is a busy span as a view shows it. Who, Org, Status, Number and
// Link are the staff's only.
type calBlock struct {
	Time, Title, Kind, Class string
	Tentative                bool
	Who, Org, Status, Number string
	Link                     string
}

// dayView is the day view: what takes the room, and what is free.
type dayView struct {
	Closed, Past bool
	// TooSoon: the day is inside the lead time; TooFar: past the horizon.
	// Neither offers free time to ask for.
	TooSoon, TooFar bool
	Blocks          []calBlock
	Free            []freeSlot
	Lead            string // the lead-time rule, as a hint
}

// byDay cuts the spans into their pieces on each day of the window.
func (c *calendarData) byDay() [][]piece {
	out := make([][]piece, c.days)
	for i := range c.spans {
		b := &c.spans[i]
		for d := max(c.dayIndex(b.Start), 0); d < c.days; d++ {
			start, end := c.from.AddDate(0, 0, d), c.from.AddDate(0, 0, d+1)
			if !b.Start.Before(end) || !b.End.After(start) && !b.End.Equal(b.Start) {
				break
			}
			pc := piece{span: b, from: 0, to: 24 * 60}
			if b.Start.After(start) {
				pc.from = minuteOfDay(b.Start.In(c.from.Location()))
			}
			if b.End.Before(end) {
				pc.to = minuteOfDay(b.End.In(c.from.Location()))
			}
			out[d] = append(out[d], pc)
			if !b.End.After(end) {
				break
			}
		}
	}
	return out
}

// dayIndex is the day of the window t falls on (negative before it).
func (c *calendarData) dayIndex(t time.Time) int {
	return int(math.Floor(midnight(t.In(c.from.Location())).Sub(c.from).Hours()/24 + 0.5))
}

// month draws the month of date.
func (c *calendarData) month(date time.Time) *monthGrid {
	g := &monthGrid{}
	for d := range 7 {
		w := c.from.AddDate(0, 0, d).Weekday()
		g.Head = append(g.Head, weekdayHead{Short: shortWeekday(c.p, w), Long: booking.WeekdayName(w, c.p.Lang())})
	}
	pieces := c.byDay()
	today := midnight(c.now.In(c.from.Location()))
	for d := range c.days {
		if d%7 == 0 {
			g.Weeks = append(g.Weeks, nil)
		}
		day := c.from.AddDate(0, 0, d)
		cell := c.monthCell(day, pieces[d])
		switch {
		case day.Month() != date.Month():
			cell.Class = "out"
		case day.Equal(today):
			cell.Class = "today"
		}
		g.Weeks[len(g.Weeks)-1] = append(g.Weeks[len(g.Weeks)-1], cell)
	}
	return g
}

// monthCell counts a day's pieces and words the link to its day view.
func (c *calendarData) monthCell(day time.Time, ps []piece) monthCell {
	cell := monthCell{Day: day.Day(), Link: c.links.to(viewDay, day)}
	for _, pc := range ps {
		if pc.span.Kind == booking.BusyPending {
			cell.Tentative++
		} else {
			cell.Busy++
		}
		if len(cell.Times) < maxCellTimes {
			cell.Times = append(cell.Times, clockSpan(c.p, pc.from, pc.to))
		}
	}
	cell.More = len(ps) - len(cell.Times)
	label := longDate(c.p, day)
	switch {
	case closedDay(c.rules, day):
		label += ": " + c.p.Get("calendar.closed")
	case len(ps) == 0:
		label += ": " + c.p.Get("calendar.count_none")
	default:
		var parts []string
		if cell.Busy > 0 {
			parts = append(parts, c.p.Get("calendar.count_busy", cell.Busy))
		}
		if cell.Tentative > 0 {
			parts = append(parts, c.p.Get("calendar.count_tentative", cell.Tentative))
		}
		label += ": " + strings.Join(parts, ", ")
	}
	cell.Label = label
	return cell
}

// week draws the week from c.from.
func (c *calendarData) week() *weekGrid {
	pieces := c.byDay()
	rows := c.rowsOf(pieces)
	g := &weekGrid{Fill: rows.class(rows.start, rows.end)}
	for h := (rows.start + 59) / 60; h*60 < rows.end; h++ {
		g.Hours = append(g.Hours, hourMark{Label: calClock(c.p, h*60), Class: rows.class(h*60, h*60+60)})
	}
	today := midnight(c.now.In(c.from.Location()))
	for d := range c.days {
		day := c.from.AddDate(0, 0, d)
		wd := weekDay{Weekday: booking.WeekdayName(day.Weekday(), c.p.Lang()), DayMonth: dayMonth(c.p, day),
			Label: longDate(c.p, day), Link: c.links.to(viewDay, day), Today: day.Equal(today),
			Closed: closedDay(c.rules, day)}
		lanes := lanesOf(pieces[d])
		for i, pc := range pieces[d] {
			b := c.block(pc)
			b.Title = clip(b.Title, weekTitleChars) // the day view and the request carry them whole
			b.Org = clip(b.Org, weekTitleChars)
			b.Class = rows.class(pc.from, pc.to) + " " + lanes[i]
			wd.Blocks = append(wd.Blocks, b)
		}
		g.Days = append(g.Days, wd)
	}
	return g
}

// day draws the day at c.from: its blocks and its free slots.
func (c *calendarData) day(room string) *dayView {
	next := c.from.AddDate(0, 0, 1)
	v := &dayView{Closed: closedDay(c.rules, c.from), Past: !next.After(c.now)}
	if !v.Past {
		v.TooSoon = !next.After(c.rules.Earliest(c.now))
		if last, ok := c.rules.Latest(c.now); ok && !c.from.Before(last) {
			v.TooFar = true
		}
	}
	for _, pc := range c.byDay()[0] {
		v.Blocks = append(v.Blocks, c.block(pc))
	}
	if !v.Closed && !v.Past && !v.TooSoon && !v.TooFar {
		v.Free = c.freeSlots(room)
	}
	if c.rules.LeadDays > 0 {
		v.Lead = c.p.Get("calendar.lead_days", c.rules.LeadDays)
	}
	return v
}

// weekTitleChars is how much of a title a block of the week shows: a grid's
// cell shows no more, and a busy week of long titles stays under 50 KB.
const weekTitleChars = 80

// block words a piece for the page's reader: the staff read everything
// about it; the public read the public title of the feeds, or "Terpakai".
func (c *calendarData) block(pc piece) calBlock {
	b := pc.span
	blk := calBlock{Time: clockSpan(c.p, pc.from, pc.to), Kind: string(b.Kind), Tentative: b.Kind == booking.BusyPending}
	r := c.requests[b.RequestID]
	switch {
	case b.Kind == booking.BusyExternal:
		blk.Title = publicTitle(nil, c.p.Lang())
		if c.staff {
			blk.Status = c.p.Get("calendar.external")
			if b.Title != "" {
				blk.Title = b.Title
			}
		}
	case c.staff:
		blk.Title, blk.Link, blk.Number = b.Title, staffRequestLink(b.RequestID), booking.Number(b.RequestID)
		if r != nil {
			blk.Who, blk.Org, blk.Status = r.ContactName, r.Organization, r.Status.Word(c.p)
		}
	default:
		blk.Title = publicTitle(r, c.p.Lang())
	}
	return blk
}

// publicTitle is what anyone may read of a booking: the public feed's
// summary (its title when the applicant chose public visibility, else
// "Terpakai"), without the organization the feed adds.
func publicTitle(r *booking.Request, lang string) string {
	if r == nil {
		return ical.PublicSummary(&booking.Request{}, lang)
	}
	return ical.PublicSummary(&booking.Request{Visibility: r.Visibility, Title: r.Title}, lang)
}

// closedDay reports whether the room is closed all of day: a closed
// weekday or a closed date of the rules.
func closedDay(rules booking.Rules, day time.Time) bool {
	if slices.Contains(rules.ClosedWeekdays, day.Weekday()) {
		return true
	}
	y, m, d := day.Date()
	for _, cd := range rules.ClosedDates {
		if cy, cm, cdd := cd.Date(); cy == y && cm == m && cdd == d {
			return true
		}
	}
	return false
}

// rowSpan is the week grid's rows: half hours from start to end, in
// minutes from midnight.
type rowSpan struct{ start, end int }

// rowMinutes is the length of a row of the week grid.
const rowMinutes = 30

// rowsOf covers the opening hours and every piece of the week.
func (c *calendarData) rowsOf(pieces [][]piece) rowSpan {
	r := rowSpan{start: 8 * 60, end: 17 * 60}
	if c.rules.Close > 0 {
		r = rowSpan{start: int(c.rules.Open / time.Minute), end: int(c.rules.Close / time.Minute)}
	}
	for _, day := range pieces {
		for _, pc := range day {
			r.start, r.end = min(r.start, pc.from), max(r.end, pc.to)
		}
	}
	r.start = r.start / rowMinutes * rowMinutes
	r.end = min((r.end+rowMinutes-1)/rowMinutes*rowMinutes, 24*60)
	return r
}

// class places [from, to) on the grid: "rs3 re7" starts on row line 3 and
// ends on line 7 (calendar.css holds one rule per line).
func (r rowSpan) class(from, to int) string {
	last := (r.end-r.start)/rowMinutes + 1
	start := min(max((from-r.start)/rowMinutes+1, 1), last-1)
	end := min(max((to-r.start+rowMinutes-1)/rowMinutes+1, start+1), last)
	return "rs" + strconv.Itoa(start) + " re" + strconv.Itoa(end)
}

// maxLanes is how many side-by-side blocks a day column holds.
const maxLanes = 3

// lanesOf lays overlapping pieces (sorted by start) side by side: each gets
// "lN oM", lane N of M in its group of overlapping pieces.
func lanesOf(ps []piece) []string {
	out := make([]string, len(ps))
	lane := make([]int, len(ps))
	first, groupEnd := 0, -1
	var ends []int
	flush := func(upTo int) {
		n := min(len(ends), maxLanes)
		for j := first; j < upTo; j++ {
			out[j] = "l" + strconv.Itoa(min(lane[j], n-1)) + " o" + strconv.Itoa(n)
		}
	}
	for i, pc := range ps {
		if pc.from >= groupEnd && i > 0 {
			flush(i)
			first, ends = i, ends[:0]
		}
		l := slices.IndexFunc(ends, func(e int) bool { return e <= pc.from })
		if l < 0 {
			l = len(ends)
			ends = append(ends, 0)
		}
		ends[l], lane[i] = pc.to, l
		groupEnd = max(groupEnd, pc.to)
		if i == first {
			groupEnd = pc.to
		}
	}
	flush(len(ps))
	return out
}
