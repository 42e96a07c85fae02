package ical

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
)

func TestAppendText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`a,b;c\d`, `a\,b\;c\\d`},
		{"one\ntwo\r\nthree\rfour", `one\ntwo\nthree\nfour`},
		{"tab\tkept", "tab\tkept"},
		{"nul\x00bell\x07esc\x1bdel\x7fnel\u0085", "nulbellescdelnel"},
		{"bad \xff utf8", "bad \uFFFD utf8"},
		{"Terpakai – Dinas ✓ ñ 日本", "Terpakai – Dinas ✓ ñ 日本"},
		{`\n is not a newline`, `\\n is not a newline`},
	}
	for _, tt := range tests {
		if got := string(appendText(nil, tt.in)); got != tt.want {
			t.Errorf("appendText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParam(t *testing.T) {
	tests := []struct{ value, want string }{
		{"Siti Rahmawati", "CN=Siti Rahmawati"},
		{"Rahmawati, S.Kom", `CN="Rahmawati, S.Kom"`},
		{"a;b:c", `CN="a;b:c"`},
		{`Ahmad "Joni"`, "CN=Ahmad 'Joni'"},
		{"two\r\nlines\x00", "CN=two  lines"},
		{"", "CN="},
	}
	for _, tt := range tests {
		if got := param("CN", tt.value); got != tt.want {
			t.Errorf("param(CN, %q) = %q, want %q", tt.value, got, tt.want)
		}
	}
}

// TestFoldBoundaries writes values of every length around the fold with
// characters of 1 to 4 octets, and checks each physical line and the unfolded
// value.
func TestFoldBoundaries(t *testing.T) {
	for _, char := range []string{"a", "ñ", "—", "日", "😀"} {
		for n := 0; n < 200; n++ {
			value := strings.Repeat("x", n%7) + strings.Repeat(char, n)
			w := &writer{}
			w.text("SUMMARY", value)
			checkLines(t, w.buf)
			if got := unfold(w.buf); got != "SUMMARY:"+value+"\r\n" {
				t.Fatalf("unfolded %q, want %q", got, value)
			}
		}
	}
}

// TestFoldFillsLines checks that folding uses the room it has: no physical
// line but the last is shorter than 72 octets (75 minus a 4-octet character).
func TestFoldFillsLines(t *testing.T) {
	w := &writer{}
	w.text("SUMMARY", strings.Repeat("日本語 ✓ ñ ", 40))
	lines := strings.Split(strings.TrimSuffix(string(w.buf), "\r\n"), "\r\n")
	for i, l := range lines[:len(lines)-1] {
		if len(l) < 72 {
			t.Errorf("line %d has %d octets; the fold wastes room", i+1, len(l))
		}
	}
}

// FuzzText writes any string as a SUMMARY and reads it back with go-ical: the
// lines are valid and the value survives, less what TEXT cannot hold.
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "Rapat, Koordinasi; \\ baru\nbaris", "日本語テキスト✓ñ—",
		"\x00\r\n\r\x7f\u0085\u2028", strings.Repeat("é", 100), "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w := &writer{}
		w.begin("VCALENDAR")
		w.text("SUMMARY", s)
		w.close("VCALENDAR")
		checkLines(t, w.buf)
		cal, err := goical.NewDecoder(bytes.NewReader(w.buf)).Decode()
		if err != nil {
			t.Fatalf("go-ical cannot read %q: %v", w.buf, err)
		}
		got, err := cal.Props.Text("SUMMARY")
		if err != nil {
			t.Fatal(err)
		}
		if want := expectedText(s); got != want {
			t.Fatalf("round trip of %q gave %q, want %q", s, got, want)
		}
	})
}

// expectedText is what a TEXT value reads back as: newlines as LF, control
// characters dropped, each invalid UTF-8 byte replaced.
func expectedText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	for _, r := range s {
		if r == utf8.RuneError || r == '\n' || !isControl(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
