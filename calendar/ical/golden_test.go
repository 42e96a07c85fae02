package ical

import (
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
)

// goldenCase is one encoded object compared with testdata/<name>.
type goldenCase struct {
	name  string
	build func(t *testing.T) []byte
}

// goldenCases are the feeds and invitations the golden files pin down. The
// parser tests (go-ical, python3-icalendar) read the same files.
func goldenCases() []goldenCase {
	feed := func(view View, name string, entries func(testing.TB) []Entry) func(t *testing.T) []byte {
		return func(t *testing.T) []byte {
			f := &Feed{Options: testOptions(t), Name: name, View: view, Entries: entries(t)}
			return encode(t, f)
		}
	}
	one := func(e func(testing.TB) Entry) func(testing.TB) []Entry {
		return func(tb testing.TB) []Entry { return []Entry{e(tb)} }
	}
	none := func(testing.TB) []Entry { return nil }
	return []goldenCase{
		{"empty.ics", feed(ViewPublic, "Ruang Pelalawan Command Center", none)},
		{"folding.ics", feed(ViewStaff, "Staf", one(longTitle))},
		{"escaping.ics", feed(ViewStaff, "Staf; \"rahasia\", internal", one(escaping))},
		{"recurring.ics", feed(ViewStaff, "Staf", one(recurring))},
		{"cancelled.ics", feed(ViewPublic, "Publik", one(cancelled))},
		{"public.ics", feed(ViewPublic, "Ruang Pelalawan Command Center", allEntries)},
		{"staff.ics", feed(ViewStaff, "Command Center (staf)", allEntries)},
		{"invitation-request.ics", invitation(recurring, MethodRequest)},
		{"invitation-cancel.ics", invitation(cancelled, MethodCancel)},
	}
}

// invitation builds the invitation of one booking.
func invitation(e func(testing.TB) Entry, m Method) func(t *testing.T) []byte {
	return func(t *testing.T) []byte {
		b, err := Invitation(e(t), m, testOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
}

func TestGolden(t *testing.T) {
	for _, c := range goldenCases() {
		t.Run(c.name, func(t *testing.T) {
			got := c.build(t)
			checkLines(t, got)
			golden(t, c.name, got)
		})
	}
}

// TestDeterministic encodes the same bookings, given in another order, twice:
// the bytes (and so a feed's ETag) must not change.
func TestDeterministic(t *testing.T) {
	entries := allEntries(t)
	a := encode(t, &Feed{Options: testOptions(t), Name: "x", Entries: entries})
	for i, j := 0, len(entries)-1; i < j; i, j = i+1, j-1 {
		entries[i], entries[j] = entries[j], entries[i]
	}
	b := encode(t, &Feed{Options: testOptions(t), Name: "x", Entries: entries})
	if string(a) != string(b) {
		t.Fatal("the same bookings in another order encode differently")
	}
}

func TestFeedNeedsUID(t *testing.T) {
	e := longTitle(t)
	e.Request.UID = " "
	if _, err := (&Feed{Entries: []Entry{e}}).Bytes(); err == nil {
		t.Fatal("a booking without UID was encoded")
	}
}

func TestRefreshHint(t *testing.T) {
	b := encode(t, &Feed{Options: testOptions(t), Refresh: 5 * time.Minute})
	s := unfold(b)
	for _, want := range []string{"REFRESH-INTERVAL;VALUE=DURATION:PT5M\r\n", "X-PUBLISHED-TTL:PT5M\r\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("feed lacks %q", want)
		}
	}
}

func TestPolicyLists(t *testing.T) {
	now := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	tests := []struct {
		status  booking.Status
		changed time.Duration // before now
		policy  Policy
		want    bool
	}{
		{booking.StatusApproved, 400 * day, Policy{}, true},
		{booking.StatusClosed, 400 * day, Policy{}, true},
		{booking.StatusSubmitted, 0, Policy{}, false},
		{booking.StatusRelayed, 0, DefaultPolicy(), true},
		{booking.StatusCancelled, 29 * day, DefaultPolicy(), true},
		{booking.StatusCancelled, 31 * day, DefaultPolicy(), false},
		{booking.StatusCancelled, day, Policy{KeepCancelled: 2 * day}, true},
		{booking.StatusRejected, day, DefaultPolicy(), true},
		{booking.StatusRejected, day, Policy{KeepCancelled: 30 * day}, false},
		{booking.StatusExpired, 40 * day, DefaultPolicy(), false},
	}
	for _, tt := range tests {
		r := booking.Request{Status: tt.status, UpdatedAt: now.Add(-tt.changed)}
		if got := tt.policy.Lists(&r, now); got != tt.want {
			t.Errorf("%s changed %v ago, %+v: Lists = %v, want %v", tt.status, tt.changed, tt.policy, got, tt.want)
		}
	}
}

func TestRecurrence(t *testing.T) {
	z := newZone(jakarta(t))
	last := at(t, 2026, time.June, 1, 9, 0)
	tests := []struct{ in, want string }{
		{"FREQ=WEEKLY;COUNT=12", "FREQ=WEEKLY;COUNT=12"},
		{"freq=weekly;byday=mo;", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260601T020000Z"},
		{"RRULE:FREQ=DAILY;UNTIL=20260320T100000Z", "FREQ=DAILY;UNTIL=20260320T100000Z"},
		{"FREQ=DAILY;UNTIL=20260320T100000", "FREQ=DAILY;UNTIL=20260320T030000Z"},
		{"FREQ=WEEKLY;until=20260320;BYDAY=MO,TU", "FREQ=WEEKLY;UNTIL=20260320T165959Z;BYDAY=MO,TU"},
		{" FREQ=WEEKLY;UNTIL=garbage ", "FREQ=WEEKLY;UNTIL=GARBAGE"},
	}
	for _, tt := range tests {
		if got := recurrence(tt.in, z, last); got != tt.want {
			t.Errorf("recurrence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDefaults(t *testing.T) {
	var opt Options
	checkEqual(t, "uid", opt.uid("abc"), "abc@ccroom")
	checkEqual(t, "prodid", opt.prodID(), DefaultProdID)
	for _, loc := range []*time.Location{nil, time.Local, time.UTC} {
		checkEqual(t, "tzid", newZone(loc).tzid, "UTC")
	}
	b := encode(t, &Feed{Entries: []Entry{longTitle(t)}})
	checkLines(t, b)
	if s := unfold(b); !strings.Contains(s, "DTSTART;TZID=UTC:20260310T020000\r\n") {
		t.Errorf("a feed without a zone is not in UTC:\n%s", s)
	}
}
