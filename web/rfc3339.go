package web

import (
	"strings"
	"time"

	"github.com/pelalawan/ccroom/locale"
)

// parseSpan reads start and end: both required, strict RFC 3339 with an
// offset, the end after the start. Its messages are in English; spanIn words
// them in p's language.
func parseSpan(start, end string) (time.Time, time.Time, error) {
	return spanIn(locale.For(locale.English), start, end)
}

// parseInstant is instantIn with English messages.
func parseInstant(field, v string) (time.Time, error) {
	return instantIn(locale.For(locale.English), field, v)
}

// spanIn is parseSpan with its messages worded by p.
func spanIn(p *locale.Printer, start, end string) (time.Time, time.Time, error) {
	s, err := instantIn(p, "start", start)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	e, err := instantIn(p, "end", end)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	if !e.After(s) {
		return time.Time{}, time.Time{}, invalid("end", "%s", p.Get("input.end_before_start"))
	}
	return s, e, nil
}

// instantIn reads the value of field as an RFC 3339 time, strictly (see
// isRFC3339): it must carry an offset or Z, as a time without one would be
// read in a zone the sender did not choose. The zero instant
// (0001-01-01T00:00:00Z) is refused as not a time at all, since Go reads it
// as "no time".
func instantIn(p *locale.Printer, field, v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, invalid(field, "%s", p.Get("input.time_required", field))
	}
	if !isRFC3339(v) {
		return time.Time{}, invalid(field, "%s", p.Get("input.time_format", field))
	}
	t, err := time.Parse(time.RFC3339, strings.ToUpper(v)) // t and z are RFC 3339's too
	if err != nil {
		return time.Time{}, invalid(field, "%s", p.Get("input.time_format", field))
	}
	if t.IsZero() {
		return time.Time{}, invalid(field, "%s", p.Get("input.time_zero", field, v))
	}
	return t, nil
}

// isRFC3339 reports whether v is shaped as RFC 3339's date-time:
// YYYY-MM-DDTHH:MM:SS, an optional fraction .D+, then Z or ±HH:MM, with
// T and Z in either case. time.Parse alone is laxer (a one-digit hour, a
// comma before the fraction, an offset of +24:00); it then checks the
// ranges of the fields (month 13, 25:00, 30 February).
func isRFC3339(v string) bool {
	const shape = "dddd-dd-ddTdd:dd:dd"
	if len(v) <= len(shape) {
		return false
	}
	for i := range len(shape) {
		switch c := v[i]; shape[i] {
		case 'd':
			if !isDigit(c) {
				return false
			}
		case 'T':
			if c != 'T' && c != 't' {
				return false
			}
		default:
			if c != shape[i] {
				return false
			}
		}
	}
	return isFractionAndOffset(v[len(shape):])
}

// isFractionAndOffset reports whether s is an optional fraction of a second
// (.D+) followed by Z or an offset ±HH:MM within ±23:59.
func isFractionAndOffset(s string) bool {
	if s[0] == '.' {
		n := 1
		for n < len(s) && isDigit(s[n]) {
			n++
		}
		if n == 1 {
			return false
		}
		s = s[n:]
	}
	if s == "Z" || s == "z" {
		return true
	}
	return len(s) == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':' &&
		isDigit(s[1]) && isDigit(s[2]) && isDigit(s[4]) && isDigit(s[5]) &&
		s[1:3] <= "23" && s[4:6] <= "59"
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
