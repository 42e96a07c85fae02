package booking

import (
	"strconv"
	"strings"
	"time"

	"github.com/teambition/rrule-go"
)

// MaxOccurrences caps the expansion of a recurring request.
const MaxOccurrences = 366

// Years a recurring request may start in; outside them rrule-go's calendar
// arithmetic is not trusted.
const minYear, maxYear = 1900, 9000

// maxInterval is the largest INTERVAL accepted per frequency: a year of days,
// a year of weeks, a year of months. Larger values only hide a typo, and they
// would let a rule skip past every matching day for centuries.
var maxInterval = map[rrule.Frequency]int{rrule.DAILY: 366, rrule.WEEKLY: 52, rrule.MONTHLY: 12}

// recurrenceParts are the RRULE parts ccroom understands. WKST is accepted
// because calendar programs write it; it only changes which week a weekly
// INTERVAL counts from.
var recurrenceParts = map[string]bool{
	"FREQ": true, "INTERVAL": true, "COUNT": true, "UNTIL": true, "BYDAY": true, "WKST": true,
}

// RecurrenceError explains why a recurrence rule was refused. Error gives the
// English text for logs; Violation gives the message for the applicant.
type RecurrenceError struct {
	key  msgKey
	args []any
}

// Error returns the reason in English.
func (e *RecurrenceError) Error() string { return e.Violation("en").Message }

// Violation returns the refusal as the API reports it: code invalid, field
// recurrence, the message in lang ("en" for English, Indonesian otherwise).
func (e *RecurrenceError) Violation(lang string) Violation {
	return Violation{Code: CodeInvalid, Field: "recurrence",
		Message: say(lang, msgRecurrence, say(lang, e.key, e.args...))}
}

// refuseRule builds the error for message k.
func refuseRule(k msgKey, args ...any) *RecurrenceError {
	return &RecurrenceError{key: k, args: args}
}

// recurrence is a parsed rule that Expand accepts.
type recurrence struct {
	opt  rrule.ROption
	open bool // neither COUNT nor UNTIL: the horizon bounds it
}

// parseRecurrence reads an RRULE value ("FREQ=WEEKLY;COUNT=10", with or
// without "RRULE:") and refuses anything outside what ccroom supports.
func parseRecurrence(rule string, loc *time.Location) (recurrence, *RecurrenceError) {
	s := strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(rule)), "RRULE:")
	s = strings.TrimSuffix(s, ";") // calendar programs sometimes end with one
	parts, err := splitParts(s, loc)
	if err != nil {
		return recurrence{}, err
	}
	opt, perr := rrule.StrToROptionInLocation(s, loc)
	if perr != nil {
		return recurrence{}, refuseRule(msgRecSyntax, s)
	}
	if err := checkOptions(*opt, parts); err != nil {
		return recurrence{}, err
	}
	if until := parts["UNTIL"]; len(until) == len(rrule.DateFormat) {
		// A date alone means "up to and including that day".
		opt.Until = dayOf(opt.Until, loc).at(24*time.Hour-time.Second, loc)
	}
	_, count := parts["COUNT"]
	_, until := parts["UNTIL"]
	return recurrence{opt: *opt, open: !count && !until}, nil
}

// splitParts checks each NAME=VALUE part on its own, so that an error names the
// part at fault, and returns the values by name.
func splitParts(s string, loc *time.Location) (map[string]string, *RecurrenceError) {
	parts := map[string]string{}
	if strings.ContainsAny(s, "\r\n") {
		return nil, refuseRule(msgRecSyntax, strings.Fields(s)[0])
	}
	for _, part := range strings.Split(s, ";") {
		name, value, ok := strings.Cut(part, "=")
		switch {
		case !ok || value == "":
			return nil, refuseRule(msgRecSyntax, part)
		case !recurrenceParts[name]:
			return nil, refuseRule(msgRecPart, name)
		case parts[name] != "":
			return nil, refuseRule(msgRecDuplicate, name)
		case !partReadable(name, part, loc):
			return nil, refuseRule(msgRecSyntax, part)
		}
		parts[name] = value
	}
	if parts["FREQ"] == "" {
		return nil, refuseRule(msgRecFreq)
	}
	return parts, nil
}

// partReadable reports whether rrule-go can read one part.
func partReadable(name, part string, loc *time.Location) bool {
	if name == "FREQ" {
		_, err := rrule.StrToFreq(strings.TrimPrefix(part, "FREQ="))
		return err == nil
	}
	_, err := rrule.StrToROptionInLocation("FREQ=DAILY;"+part, loc)
	return err == nil
}

// checkOptions applies ccroom's limits to a parsed rule.
func checkOptions(opt rrule.ROption, parts map[string]string) *RecurrenceError {
	limit, ok := maxInterval[opt.Freq]
	if !ok {
		return refuseRule(msgRecFreq)
	}
	if _, set := parts["INTERVAL"]; set && (opt.Interval < 1 || opt.Interval > limit) {
		return refuseRule(msgRecInterval, opt.Freq, limit)
	}
	if _, set := parts["COUNT"]; set && (opt.Count < 1 || opt.Count > MaxOccurrences) {
		return refuseRule(msgRecCount, MaxOccurrences)
	}
	if parts["COUNT"] != "" && parts["UNTIL"] != "" {
		return refuseRule(msgRecCountUntil)
	}
	for _, w := range opt.Byweekday {
		if n := w.N(); n != 0 && (opt.Freq != rrule.MONTHLY || n < -5 || n > 5) {
			return refuseRule(msgRecOrdinal)
		}
	}
	return nil
}

// matchesStart reports whether start is an occurrence of the rule's BYDAY.
// Expand insists on it: RFC 5545 leaves a DTSTART outside its rule undefined,
// and the feeds would show an occurrence nobody checked.
func matchesStart(opt rrule.ROption, start time.Time) bool {
	if len(opt.Byweekday) == 0 {
		return true
	}
	wd := (int(start.Weekday()) + 6) % 7 // rrule-go counts Monday as 0
	for _, w := range opt.Byweekday {
		if w.Day() == wd && ordinalMatches(w.N(), start) {
			return true
		}
	}
	return false
}

// ordinalMatches reports whether start is the n-th (from the end when n < 0)
// such weekday of its month; 0 matches any.
func ordinalMatches(n int, start time.Time) bool {
	switch {
	case n > 0:
		return (start.Day()-1)/7+1 == n
	case n < 0:
		last := time.Date(start.Year(), start.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return (last-start.Day())/7+1 == -n
	}
	return true
}

// BoundedRecurrence returns rule with ";COUNT=n" appended when it has neither
// COUNT nor UNTIL, so that what is stored, synced and published is exactly the
// n occurrences Expand found within the horizon. Other rules are returned as
// they are.
func BoundedRecurrence(rule string, n int) string {
	s := strings.ToUpper(rule)
	if strings.TrimSpace(rule) == "" || strings.Contains(s, "COUNT=") || strings.Contains(s, "UNTIL=") {
		return rule
	}
	return strings.TrimRight(strings.TrimSpace(rule), ";") + ";COUNT=" + strconv.Itoa(n)
}
