package ical

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/pelalawan/ccroom/booking"
)

// TestInvitationRequest reads an approval's invitation back: METHOD REQUEST,
// the feed's UID and SEQUENCE, the office as ORGANIZER, the applicant (whose
// name needs quoting) as an ATTENDEE whose answer is awaited.
func TestInvitationRequest(t *testing.T) {
	e, opt := escaping(t), testOptions(t)
	b, err := Invitation(e, MethodRequest, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkLines(t, b)
	cal := decode(t, b)
	checkCalendar(t, cal, "REQUEST")
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events, want 1", len(events))
	}
	ev := events[0].Props
	checkEqual(t, "UID", propText(t, ev, "UID"), Public(e, opt).UID)
	checkEqual(t, "SEQUENCE", ev.Get("SEQUENCE").Value, strconv.Itoa(e.Request.Sequence))
	checkEqual(t, "STATUS", propText(t, ev, "STATUS"), "CONFIRMED")
	checkEqual(t, "DTSTART", propTime(t, ev, "DTSTART"), e.Request.Start)
	org := ev.Get("ORGANIZER")
	checkEqual(t, "ORGANIZER", org.Value, "mailto:ccroom@pelalawankab.go.id")
	checkEqual(t, "ORGANIZER CN", org.Params.Get("CN"), "Sekretariat Diskominfo Pelalawan")
	att := ev.Get("ATTENDEE")
	checkEqual(t, "ATTENDEE", att.Value, "mailto:"+e.Request.ContactEmail)
	checkEqual(t, "ATTENDEE CN", att.Params.Get("CN"), "Ahmad 'Joni', S.Kom; M.T.")
	checkEqual(t, "ROLE", att.Params.Get("ROLE"), "REQ-PARTICIPANT")
	checkEqual(t, "PARTSTAT", att.Params.Get("PARTSTAT"), "NEEDS-ACTION")
	if ev.Get("URL") != nil {
		t.Error("the invitation links to a staff page")
	}
}

// TestInvitationCancel checks a cancellation: METHOD CANCEL, STATUS CANCELLED
// whatever state the request is in, a higher SEQUENCE than the approval, and
// the whole series cancelled by its master alone.
func TestInvitationCancel(t *testing.T) {
	e, opt := recurring(t), testOptions(t)
	e.Request.Status, e.Request.Sequence = booking.StatusApproved, 8
	b, err := Invitation(e, MethodCancel, opt)
	if err != nil {
		t.Fatal(err)
	}
	cal := decode(t, b)
	checkCalendar(t, cal, "CANCEL")
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events, want the master alone", len(events))
	}
	ev := events[0].Props
	checkEqual(t, "STATUS", propText(t, ev, "STATUS"), "CANCELLED")
	checkEqual(t, "SEQUENCE", ev.Get("SEQUENCE").Value, "8")
	if ev.Get("RECURRENCE-ID") != nil || ev.Get("ATTENDEE").Params.Get("PARTSTAT") != "" {
		t.Error("the cancellation carries a RECURRENCE-ID or a PARTSTAT")
	}
}

// TestInvitationLanguage writes the description in the request's language.
func TestInvitationLanguage(t *testing.T) {
	e := longTitle(t)
	e.Request.Language = "en"
	b, err := Invitation(e, MethodRequest, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	desc := propText(t, decode(t, b).Events()[0].Props, "DESCRIPTION")
	if !strings.HasPrefix(desc, "Organization: Dinas Kesehatan\n") || !strings.Contains(desc, "Status: Approved") {
		t.Errorf("description not in English:\n%s", desc)
	}
}

func TestInvitationErrors(t *testing.T) {
	opt := testOptions(t)
	noOrganizer := opt
	noOrganizer.Organizer.Address = ""
	noEmail, noUID := longTitle(t), longTitle(t)
	noEmail.Request.ContactEmail = " "
	noUID.Request.UID = ""
	tests := []struct {
		name string
		e    Entry
		m    Method
		opt  Options
		want error
	}{
		{"organizer", longTitle(t), MethodRequest, noOrganizer, ErrNoOrganizer},
		{"attendee", noEmail, MethodRequest, opt, ErrNoAttendee},
		{"uid", noUID, MethodRequest, opt, nil},
		{"method", longTitle(t), "PUBLISH", opt, nil},
	}
	for _, tt := range tests {
		_, err := Invitation(tt.e, tt.m, tt.opt)
		if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestMethodContentType(t *testing.T) {
	checkEqual(t, "REQUEST", MethodRequest.ContentType(), "text/calendar; charset=utf-8; method=REQUEST")
	checkEqual(t, "CANCEL", MethodCancel.ContentType(), "text/calendar; charset=utf-8; method=CANCEL")
}
