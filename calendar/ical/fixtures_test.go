package ical

import (
	"bytes"
	"flag"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"testing"
	"time"
	_ "time/tzdata" // the tests need Asia/Jakarta even where the system has no zoneinfo
	"unicode/utf8"

	"github.com/pelalawan/ccroom/booking"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// jakarta loads the office time zone.
func jakarta(tb testing.TB) *time.Location {
	tb.Helper()
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		tb.Fatal(err)
	}
	return loc
}

// testOptions are the options of the Pelalawan office in the tests.
func testOptions(tb testing.TB) Options {
	return Options{
		Domain:   "ccroom.pelalawankab.go.id",
		Location: jakarta(tb),
		Language: "id",
		RequestURL: func(id int64) string {
			return fmt.Sprintf("https://ccroom.pelalawankab.go.id/requests/%d", id)
		},
		Organizer: mail.Address{Name: "Sekretariat Diskominfo Pelalawan", Address: "ccroom@pelalawankab.go.id"},
	}
}

// at returns a time in Jakarta.
func at(tb testing.TB, year int, month time.Month, day, hour, min int) time.Time {
	return time.Date(year, month, day, hour, min, 0, 0, jakarta(tb))
}

// baseRequest is an approved one-off booking with every personal field filled,
// each value unique so a test can look for it.
func baseRequest(tb testing.TB, uid string, id int64) booking.Request {
	start := at(tb, 2026, time.March, 10, 9, 0)
	return booking.Request{
		ID: id, Room: "command-center", Title: fmt.Sprintf("Rapat Evaluasi %d", id),
		Organization: "Dinas Kesehatan", ContactName: fmt.Sprintf("Siti Rahmawati %d", id),
		ContactEmail: fmt.Sprintf("siti%d@dinkes.example.go.id", id),
		ContactPhone: fmt.Sprintf("0812-7654-%04d", id),
		Start:        start, End: start.Add(2 * time.Hour), Participants: 35,
		Equipment:    []booking.Need{{Name: "computer", Count: 2}, {Name: "sound-system", Count: 1}},
		Visibility:   booking.VisibilityPrivate,
		LetterNumber: fmt.Sprintf("005/DINKES/%d/2026", id),
		Notes:        fmt.Sprintf("Mohon disiapkan proyektor cadangan %d", id),
		Status:       booking.StatusApproved, Decision: booking.DecisionAvailable,
		UID: uid, Sequence: 7,
		CreatedAt: time.Date(2026, time.March, 1, 2, 3, 4, 0, time.UTC),
		UpdatedAt: time.Date(2026, time.March, 3, 5, 6, 7, 0, time.UTC),
	}
}

// longTitle is a public booking whose title folds across several lines, with
// multibyte characters near every fold.
func longTitle(tb testing.TB) Entry {
	r := baseRequest(tb, "5f0c2a9e7b1d4e3f8a6b0c9d2e4f6a81", 101)
	r.Title = "Rapat Koordinasi Percepatan Penurunan Stunting — Dinas Kesehatan Kabupaten Pelalawan ✓ ñ 日本 " +
		"dan Sosialisasi Gerakan Bersama Cegah Stunting di Seluruh Kecamatan — ✓✓✓ 日本語テキスト"
	r.Visibility = booking.VisibilityPublic
	return Entry{Request: r, Room: booking.DefaultRoom()}
}

// escaping is a booking whose texts hold every character TEXT must escape,
// newlines of every kind and control characters.
func escaping(tb testing.TB) Entry {
	r := baseRequest(tb, "a3e91f0d5c7b4b2e9d8c1f6e0a4b7c35", 102)
	r.Title = "Rapat: evaluasi; anggaran, \"2026\" \\ tahap 1\nsesi pagi"
	r.Organization = "Bappeda, Litbang; Pelalawan"
	r.ContactName = "Ahmad \"Joni\", S.Kom; M.T."
	r.Notes = "Baris satu\r\nBaris dua\rBaris tiga\x00\x07\x1b[31m\tselesai\u0085"
	r.Start, r.End = at(tb, 2026, time.March, 11, 13, 0), at(tb, 2026, time.March, 11, 15, 30)
	return Entry{Request: r, Room: booking.DefaultRoom()}
}

// recurring is a weekly series with one occurrence removed and one moved.
func recurring(tb testing.TB) Entry {
	r := baseRequest(tb, "c7d24b8e0f1a4c6d9e3b5a7f2c8d0e14", 103)
	r.Title = "Apel Pagi Mingguan"
	r.Visibility = booking.VisibilityPublic
	r.Start, r.End = at(tb, 2026, time.March, 16, 8, 0), at(tb, 2026, time.March, 16, 9, 0)
	r.Recurrence = "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260511"
	return Entry{Request: r, Room: booking.DefaultRoom(), Exceptions: []Exception{
		{Original: at(tb, 2026, time.April, 20, 8, 0), Start: at(tb, 2026, time.April, 21, 10, 0),
			End: at(tb, 2026, time.April, 21, 11, 30)},
		{Original: at(tb, 2026, time.March, 30, 8, 0), Removed: true},
	}}
}

// cancelled is a booking that was approved and then cancelled.
func cancelled(tb testing.TB) Entry {
	r := baseRequest(tb, "e1b5d9f3a7c24e6b8d0f2a4c6e8b1d37", 104)
	r.Status, r.Sequence = booking.StatusCancelled, 9
	r.Start, r.End = at(tb, 2026, time.March, 12, 10, 0), at(tb, 2026, time.March, 12, 12, 0)
	return Entry{Request: r, Room: booking.DefaultRoom()}
}

// pending is a private request still in the chain.
func pending(tb testing.TB) Entry {
	r := baseRequest(tb, "0d6f8b2a4c9e4d1f7a3b5c8e0f2d4a96", 105)
	r.Status, r.Decision, r.Sequence = booking.StatusDisposed, "", 2
	r.Organization = "Bagian Perekonomian Setda"
	r.Start, r.End = at(tb, 2026, time.March, 13, 14, 0), at(tb, 2026, time.March, 13, 16, 0)
	return Entry{Request: r, Room: booking.Room{ID: "aula", Name: "Aula Lantai 2"}}
}

// allEntries holds one booking of each kind, in no particular order.
func allEntries(tb testing.TB) []Entry {
	return []Entry{pending(tb), recurring(tb), longTitle(tb), cancelled(tb), escaping(tb)}
}

// encode encodes a feed or fails the test.
func encode(tb testing.TB, f *Feed) []byte {
	tb.Helper()
	b, err := f.Bytes()
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n--- got\n%s", name, got)
	}
}

// checkLines asserts RFC 5545's line rules on every physical line of b: CRLF
// at the end and nowhere else, at most 75 octets, valid UTF-8 (so no fold split
// a character), no control character but HTAB.
func checkLines(tb testing.TB, b []byte) {
	tb.Helper()
	if len(b) > 0 && !bytes.HasSuffix(b, []byte("\r\n")) {
		tb.Fatalf("the object does not end in CRLF")
	}
	for i, line := range bytes.SplitAfter(b, []byte("\r\n")) {
		if len(line) == 0 {
			continue
		}
		body, ok := bytes.CutSuffix(line, []byte("\r\n"))
		switch {
		case !ok:
			tb.Fatalf("line %d does not end in CRLF: %q", i+1, line)
		case len(body) > maxLineOctets:
			tb.Fatalf("line %d has %d octets: %q", i+1, len(body), body)
		case len(body) == 0:
			tb.Fatalf("line %d is empty", i+1)
		case !utf8.Valid(body):
			tb.Fatalf("line %d is not valid UTF-8: %q", i+1, body)
		case bytes.ContainsFunc(body, isControl):
			tb.Fatalf("line %d holds a control character: %q", i+1, body)
		}
	}
}

// unfold undoes line folding, for tests that search the logical lines.
func unfold(b []byte) string {
	return string(bytes.ReplaceAll(b, []byte("\r\n "), nil))
}
