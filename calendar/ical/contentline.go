package ical

import (
	"strings"
	"time"
	"unicode/utf8"
)

// maxLineOctets is the longest physical line RFC 5545 (3.1) allows, CRLF
// excluded. Longer content lines are folded: CRLF and one space.
const maxLineOctets = 75

// Formats of DATE-TIME values: UTC with a "Z", or local time read in the zone
// named by a TZID parameter.
const (
	utcFormat   = "20060102T150405Z"
	localFormat = "20060102T150405"
)

// writer appends content lines to an in-memory buffer, each folded and ended by
// CRLF. It never fails: the caller writes the finished bytes in one call.
type writer struct {
	buf  []byte
	line []byte // the logical line being built, reused between properties
}

// start begins a content line with its name and already formatted parameters.
func (w *writer) start(name string, params ...string) {
	w.line = append(w.line[:0], name...)
	for _, p := range params {
		w.line = append(w.line, ';')
		w.line = append(w.line, p...)
	}
	w.line = append(w.line, ':')
}

// end folds the line being built into the buffer: at most 75 octets a
// physical line, a continuation line starting with one space, never inside a
// UTF-8 character (the line is valid UTF-8, so backing up to a rune start is
// enough).
func (w *writer) end() {
	buf, line := w.buf, w.line
	room := maxLineOctets
	for len(line) > room {
		cut := room
		for !utf8.RuneStart(line[cut]) {
			cut--
		}
		buf = append(buf, line[:cut]...)
		buf = append(buf, "\r\n "...)
		line = line[cut:]
		room = maxLineOctets - 1
	}
	buf = append(buf, line...)
	w.buf = append(buf, "\r\n"...)
}

// text writes a property of type TEXT, escaped.
func (w *writer) text(name, value string, params ...string) {
	w.start(name, params...)
	w.line = appendText(w.line, value)
	w.end()
}

// raw writes a property whose value needs no escaping (a URI, a RECUR rule, an
// enumerated value); control characters are still dropped.
func (w *writer) raw(name, value string, params ...string) {
	w.start(name, params...)
	w.line = appendClean(w.line, value)
	w.end()
}

// utc writes a DATE-TIME in UTC, as DTSTAMP, CREATED and LAST-MODIFIED must be.
func (w *writer) utc(name string, t time.Time) {
	w.start(name)
	w.line = append(appendDateTime(w.line, t.UTC()), 'Z')
	w.end()
}

// local writes a DATE-TIME as local time in zone z, with its TZID.
func (w *writer) local(name string, t time.Time, z zone) {
	w.start(name, "TZID="+z.tzid)
	w.line = appendDateTime(w.line, t.In(z.loc))
	w.end()
}

// appendDateTime appends t's wall clock as YYYYMMDDTHHMMSS (localFormat),
// without the cost of parsing a layout: a feed writes thousands.
func appendDateTime(dst []byte, t time.Time) []byte {
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	if y < 0 || y > 9999 {
		return t.AppendFormat(dst, localFormat)
	}
	dst = appendDigits(dst, y, 4)
	dst = appendDigits(dst, int(mo), 2)
	dst = appendDigits(dst, d, 2)
	dst = append(dst, 'T')
	dst = appendDigits(dst, h, 2)
	dst = appendDigits(dst, mi, 2)
	return appendDigits(dst, s, 2)
}

// appendDigits appends n, zero-padded to width digits.
func appendDigits(dst []byte, n, width int) []byte {
	for i := width - 1; i >= 0; i-- {
		dst = append(dst, 0)
	}
	for i := len(dst) - 1; width > 0; i, width = i-1, width-1 {
		dst[i] = byte('0' + n%10)
		n /= 10
	}
	return dst
}

// begin and close open and close a component.
func (w *writer) begin(component string) { w.raw("BEGIN", component) }
func (w *writer) close(component string) { w.raw("END", component) }

// appendText appends s escaped as an RFC 5545 TEXT value: backslash, semicolon
// and comma are escaped, every newline (LF, CRLF or CR) becomes "\n", other
// control characters are dropped and invalid UTF-8 is replaced.
func appendText(dst []byte, s string) []byte {
	for i, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			dst = append(dst, '\\', byte(r))
		case r == '\n':
			dst = append(dst, '\\', 'n')
		case r == '\r':
			if !strings.HasPrefix(s[i+1:], "\n") {
				dst = append(dst, '\\', 'n')
			}
		case isControl(r):
		default:
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// appendClean appends s without control characters and with invalid UTF-8
// replaced; a value that is not TEXT cannot be escaped, only kept on its line.
func appendClean(dst []byte, s string) []byte {
	for _, r := range s {
		if !isControl(r) {
			dst = utf8.AppendRune(dst, r)
		}
	}
	return dst
}

// isControl reports whether r is a control character RFC 5545 forbids in a
// value (every C0 character but HTAB, DEL, and the C1 range).
func isControl(r rune) bool {
	return (r < 0x20 && r != '\t') || (r >= 0x7f && r <= 0x9f)
}

// param formats a parameter NAME=value. Characters a parameter value cannot
// hold (controls, the double quote) are dropped or replaced, and the value is
// quoted when it contains ";", ":" or ",".
func param(name, value string) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte('=')
	v := strings.Map(func(r rune) rune {
		switch {
		case r == '"':
			return '\''
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case isControl(r):
			return -1
		}
		return r
	}, value)
	if strings.ContainsAny(v, ";:,") {
		b.WriteByte('"')
		b.WriteString(v)
		b.WriteByte('"')
		return b.String()
	}
	b.WriteString(v)
	return b.String()
}
