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

// end folds the line being built into the buffer.
func (w *writer) end() {
	n := 0
	for i := 0; i < len(w.line); {
		_, size := utf8.DecodeRune(w.line[i:])
		if n+size > maxLineOctets {
			w.buf = append(w.buf, "\r\n "...)
			n = 1
		}
		w.buf = append(w.buf, w.line[i:i+size]...)
		n += size
		i += size
	}
	w.buf = append(w.buf, "\r\n"...)
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
	w.line = t.UTC().AppendFormat(w.line, utcFormat)
	w.end()
}

// local writes a DATE-TIME as local time in zone z, with its TZID.
func (w *writer) local(name string, t time.Time, z zone) {
	w.start(name, "TZID="+z.tzid)
	w.line = t.In(z.loc).AppendFormat(w.line, localFormat)
	w.end()
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
