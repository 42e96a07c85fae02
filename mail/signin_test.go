package mail

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/office"
)

var signinLink = regexp.MustCompile(`https://ccroom\.example/login/link/([A-Za-z0-9_.-]+)`)

// TestSigninLinkMail: a sign-in link's job goes out once over SMTP, in the
// user's language, with a link that the office accepts for that user; the
// database holds no link, only its user, expiry and nonce.
func TestSigninLinkMail(t *testing.T) {
	e := newEnv(t)
	head, kabid := e.users["head"], e.users["kabid"] // Indonesian, English
	lh, lk := e.off.NewSigninLink(head.ID), e.off.NewSigninLink(kabid.ID)
	if err := e.st.Enqueue(t.Context(), SigninLinkJob(lh, e.clock.Now()), SigninLinkJob(lk, e.clock.Now())); err != nil {
		t.Fatal(err)
	}
	e.drain()
	got := expect(t, "sign-in links", e.smtp.take(), map[string]want{
		"head" + staffDomain:  {subject: "Tautan masuk ccroom", text: "berlaku 15 menit"},
		"kabid" + staffDomain: {subject: "Your ccroom sign-in link", text: "works for 15 minutes"},
	})
	for to, user := range map[string]int64{"head" + staffDomain: head.ID, "kabid" + staffDomain: kabid.ID} {
		m := got[to]
		if m == nil {
			continue
		}
		link := signinLink.FindStringSubmatch(m.parts["text/plain"])
		if link == nil || !strings.Contains(m.parts["text/html"], link[0]) {
			t.Fatalf("to %s: no sign-in link in both parts:\n%s", to, m.parts["text/plain"])
		}
		u, err := e.off.CheckSignin(t.Context(), link[1])
		if err != nil || u.ID != user {
			t.Errorf("to %s: the link signs in user %d (%v), want %d", to, u.ID, err, user)
		}
		if strings.Contains(m.parts["text/plain"], "/act/") || strings.Contains(m.parts["text/plain"], "/staff/requests/") {
			t.Errorf("to %s: a sign-in email links to a request:\n%s", to, m.parts["text/plain"])
		}
	}
	// A retried job sends nothing twice.
	e.drain()
	if again := e.smtp.take(); len(again) != 0 {
		t.Errorf("%d messages sent again", len(again))
	}
}

// TestSigninLinkJobHoldsNoLink: the job's payload names the user, the
// expiry and the nonce; no token that would sign in is in it.
func TestSigninLinkJobHoldsNoLink(t *testing.T) {
	e := newEnv(t)
	l := e.off.NewSigninLink(e.users["head"].ID)
	j := SigninLinkJob(l, e.clock.Now())
	token := e.off.SignSignin(l)
	_, sig, _ := strings.Cut(token, ".")
	if strings.Contains(string(j.Payload), sig) || strings.Contains(string(j.Payload), token) {
		t.Errorf("the job's payload holds the link: %s", j.Payload)
	}
	if !strings.Contains(string(j.Payload), l.Nonce) || !strings.Contains(string(j.Payload), fmt.Sprint(l.UserID)) {
		t.Errorf("the job's payload lacks the nonce or the user: %s", j.Payload)
	}
	if j.RequestID != 0 || j.Kind != Kind {
		t.Errorf("job %+v", j)
	}
}

// TestSigninLinkExpiredBeforeSent: a link whose 15 minutes passed before
// the worker ran (it was down) is not sent, and the job ends.
func TestSigninLinkExpiredBeforeSent(t *testing.T) {
	e := newEnv(t)
	l := e.off.NewSigninLink(e.users["head"].ID)
	if err := e.st.Enqueue(t.Context(), SigninLinkJob(l, e.clock.Now())); err != nil {
		t.Fatal(err)
	}
	e.clock.advance(office.SigninLinkValidity + time.Second)
	e.drain()
	if got := e.smtp.take(); len(got) != 0 {
		t.Errorf("an expired link was sent to %v", got[0].to)
	}
	st, err := e.st.JobStats(t.Context(), Kind)
	if err != nil || st.Pending != 0 || st.Failed != 0 {
		t.Errorf("job stats %+v, %v: want the job done", st, err)
	}
}

// TestStaffLettersLinkTheStaffPage: an official's email links to the
// request's staff page beside its signed action link; the applicant's
// does not.
func TestStaffLettersLinkTheStaffPage(t *testing.T) {
	e := newEnv(t)
	r := e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
	e.drain()
	page := fmt.Sprintf("https://ccroom.example/staff/requests/%d", r.ID)
	got := expect(t, "submitted", e.smtp.take(), map[string]want{
		"siti@example.org":         {subject: "Tanda terima", text: "Siti"},
		"secretary" + staffDomain:  {subject: "CC-", text: "CC-", link: true},
		"secretary2" + staffDomain: {subject: "CC-", text: "CC-", link: true},
	})
	for to, m := range got {
		staff := strings.HasSuffix(to, staffDomain)
		text, html := m.parts["text/plain"], m.parts["text/html"]
		if has := strings.Contains(text, page) && strings.Contains(html, `href="`+page+`"`); has != staff {
			t.Errorf("to %s: link to the staff page %v, want %v:\n%s", to, has, staff, text)
		}
		if staff && !strings.Contains(text, "Lihat permohonan di ccroom") {
			t.Errorf("to %s: the staff page's link is not named:\n%s", to, text)
		}
	}
}
