package ical

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode"

	goical "github.com/emersion/go-ical"

	"github.com/pelalawan/ccroom/booking"
)

// Bounds of a holiday file. A holiday event longer than MaxHolidaySpan days
// is not a holiday (a school term, a season) and is refused rather than
// closing the room for it.
const (
	MaxHolidaySpan     = 31
	maxHolidayFile     = 8 << 20
	maxHolidayRepeats  = 500
	maxHolidayName     = 200
	firstHolidayYear   = 2000
	lastHolidayYear    = 2200
	holidayDateLayout  = "20060102"
	observanceFirstEN  = "observance"
	observanceFirstIND = "perayaan"
)

// ReadHolidays reads the holidays of an iCalendar file, such as the export
// of Google's "Hari Libur di Indonesia" calendar, as dates in loc. Each
// VEVENT closes the dates it covers: an all-day event (DTSTART;VALUE=DATE)
// its dates up to the exclusive DTEND, a timed event the dates in loc it
// touches. SUMMARY is the holiday's name; two holidays on one date are
// one, their names joined.
//
// Skipped: STATUS:CANCELLED, and observances, which Google's holiday
// calendars list beside the days off with the DESCRIPTION "Perayaan"
// (Indonesian) or "Observance" (English). TRANSP is not read: Google
// marks every holiday TRANSPARENT. RRULE, RDATE, EXDATE and RECURRENCE-ID
// are followed, up to the year 2200.
//
// A file that is not iCalendar, an event without a date or a name, a date
// outside 2000-2200 or an event longer than MaxHolidaySpan days is an
// error naming the line or the event; nothing is returned then.
func ReadHolidays(r io.Reader, loc *time.Location) ([]booking.Holiday, error) {
	cal, err := decodeHolidayFile(r)
	if err != nil {
		return nil, err
	}
	events := cal.Events()
	moved := movedInstances(events, loc)
	var list []booking.Holiday
	for _, ev := range events {
		if skipHoliday(ev) {
			continue
		}
		h, err := readHoliday(ev, loc, moved)
		if err != nil {
			return nil, fmt.Errorf("ical: holidays: %s: %w", eventLabel(ev), err)
		}
		for _, d := range h.dates {
			list = append(list, booking.Holiday{Date: d, Name: h.name})
		}
	}
	return JoinHolidays(list), nil
}

// HolidayFileSource names an ICS file of holidays as the source that
// office.ImportHolidays replaces: "file:" and its absolute path, so the
// daemon reading rules.holidays and `ccroom holidays import` of the same
// file replace one list.
func HolidayFileSource(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", fmt.Errorf("ical: holidays: %s: %w", path, err)
	}
	return "file:" + abs, nil
}

// JoinHolidays sorts holidays by date and makes the holidays of one date
// one, their names joined by "; " (Waisak and Kenaikan on the same day).
// Dates are compared as instants: give midnights of one zone.
func JoinHolidays(list []booking.Holiday) []booking.Holiday {
	out := make([]booking.Holiday, 0, len(list))
	byDay := map[time.Time]int{}
	for _, h := range list {
		i, seen := byDay[h.Date]
		if !seen {
			byDay[h.Date] = len(out)
			out = append(out, h)
			continue
		}
		if !slices.Contains(strings.Split(out[i].Name, "; "), h.Name) {
			out[i].Name += "; " + h.Name
		}
	}
	slices.SortStableFunc(out, func(a, b booking.Holiday) int { return a.Date.Compare(b.Date) })
	return out
}

// skipHoliday reports whether ev closes nothing: cancelled, or an observance.
func skipHoliday(ev goical.Event) bool {
	if s, _ := ev.Props.Text(goical.PropStatus); strings.EqualFold(s, "CANCELLED") {
		return true
	}
	desc, _ := ev.Props.Text(goical.PropDescription)
	return Observance(desc)
}

// Observance reports whether a holiday calendar's event description marks
// a day that is observed but not a day off: Google's holiday calendars
// begin such a description with "Perayaan" or "Observance" on its own
// line, and a day off with "Hari libur nasional" or "Public holiday".
func Observance(description string) bool {
	first, _, _ := strings.Cut(strings.TrimSpace(description), "\n")
	first = strings.ToLower(strings.TrimSpace(first))
	return first == observanceFirstIND || first == observanceFirstEN
}

// eventLabel names an event in an error: its summary, else its UID, and
// its DTSTART as written.
func eventLabel(ev goical.Event) string {
	name, _ := ev.Props.Text(goical.PropSummary)
	if name == "" {
		name, _ = ev.Props.Text(goical.PropUID)
	}
	start := ""
	if p := ev.Props.Get(goical.PropDateTimeStart); p != nil {
		start = " (DTSTART " + p.Value + ")"
	}
	return fmt.Sprintf("event %q%s", HolidayName(name), start)
}

// HolidayName makes an event's summary a holiday's name: one printable
// line of at most 200 characters.
func HolidayName(s string) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return isControl(r) || unicode.IsSpace(r) }), " ")
	if r := []rune(s); len(r) > maxHolidayName {
		s = strings.TrimSpace(string(r[:maxHolidayName]))
	}
	return s
}

// decodeHolidayFile decodes an iCalendar object with go-ical, naming the
// line of a syntax error. go-ical panics on some malformed lines; that is
// an error too.
func decodeHolidayFile(r io.Reader) (cal *goical.Calendar, err error) {
	lr := &lineReader{r: bufio.NewReader(io.LimitReader(r, maxHolidayFile+1))}
	defer func() {
		if p := recover(); p != nil {
			cal, err = nil, fmt.Errorf("ical: holidays: line %d: malformed content line (%v)", lr.line(), p)
		}
	}()
	cal, err = goical.NewDecoder(lr).Decode()
	switch {
	case lr.size > maxHolidayFile:
		return nil, fmt.Errorf("ical: holidays: the file is larger than %d MiB", maxHolidayFile>>20)
	case errors.Is(err, io.EOF) && lr.lines == 0:
		return nil, errors.New("ical: holidays: the file is empty")
	case errors.Is(err, io.EOF):
		return nil, fmt.Errorf("ical: holidays: the file ends at line %d before END:VCALENDAR", lr.lines)
	case err != nil:
		return nil, fmt.Errorf("ical: holidays: line %d: %w", lr.line(), err)
	}
	return cal, nil
}

// lineReader hands the decoder one line per Read, so the lines read so far
// tell which line the decoder stopped at: the decoder reads one line past a
// content line to see whether it is folded, unless the file ended.
type lineReader struct {
	r       *bufio.Reader
	pending []byte
	err     error
	lines   int  // lines handed over, the last one whole
	partial bool // part of a line is handed over
	size    int
	eof     bool
}

func (l *lineReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for len(l.pending) == 0 {
		if l.err != nil {
			if l.partial {
				l.lines, l.partial = l.lines+1, false
			}
			l.eof = errors.Is(l.err, io.EOF)
			return 0, l.err
		}
		line, err := l.r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			err = nil
		}
		l.pending, l.err = append(l.pending[:0], line...), err
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	l.size += n
	if p[n-1] == '\n' {
		l.lines, l.partial = l.lines+1, false
	} else {
		l.partial = true
	}
	return n, nil
}

// line is the line the decoder stopped at.
func (l *lineReader) line() int {
	if l.eof || l.lines <= 1 {
		return max(l.lines, 1)
	}
	return l.lines - 1
}
