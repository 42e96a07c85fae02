package browser

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/daemon"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// addAdmin adds the administrator (admin@..., password Sandi-admin-2026)
// beside the running daemon, and a Google push that failed for good.
func (s *site) addAdmin() {
	t, ctx := s.t, s.t.Context()
	off, st, err := daemon.Open(ctx, s.cfg, nil)
	if err != nil {
		t.Fatalf("daemon.Open: %v", err)
	}
	defer st.Close()
	u, err := off.AddUser(ctx, office.NewUser{Email: staffEmail(booking.RoleAdmin), Name: "Andi Administrator",
		Grants: []booking.Grant{{Role: booking.RoleAdmin}}})
	if err != nil {
		t.Fatalf("AddUser admin: %v", err)
	}
	if err := st.SetPassword(ctx, u.ID, passwordHash(t, "Sandi-admin-2026")); err != nil {
		t.Fatal(err)
	}
	// Google is not configured here: nothing else claims a job of its kind.
	now := time.Now()
	if err := st.Enqueue(ctx, store.Job{Kind: "google", DedupeKey: "admin-test", RunAt: now, CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	jobs, err := st.ClaimJobs(ctx, "google", now, 1, time.Minute)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("claim: %v %v", jobs, err)
	}
	if err := st.FailJob(ctx, jobs[0].ID, now, "googleapi: Error 400: The specified time range is empty., timeRangeEmpty"); err != nil {
		t.Fatal(err)
	}
}

// TestAdminDisablesUser is the proof of issue 11's administration on a
// phone: the administrator disables the Kabid, whose open session is then
// refused at once and who cannot sign in again until enabled; the status
// page shows a failed Google push, which the administrator runs again.
func TestAdminDisablesUser(t *testing.T) {
	needAxe(t)
	s := startSite(t)
	s.addAdmin()
	c := startChrome(t, flowTimeout)

	kabid := c.person(s, "kabid")
	kabid.signIn("kabid")
	admin := c.person(s, "admin")
	admin.signIn("admin")

	admin.open("/staff/admin/users", http.StatusOK)
	admin.shoot("admin-users")
	admin.link(staffName(booking.RoleKabid), http.StatusOK)
	admin.shoot("admin-user")
	admin.button("/disable", "Nonaktifkan akun", http.StatusOK)
	if got := admin.mainText(); !strings.Contains(got, "Pengguna telah dinonaktifkan") || !strings.Contains(got, "Nonaktif") {
		t.Errorf("the page after disabling does not say so:\n%s", got)
	}

	// The Kabid's open session is refused at once: the next page asks for a sign-in.
	kabid.open("/staff", http.StatusOK)
	if p := kabid.path(); !strings.HasPrefix(p, "/login") {
		t.Fatalf("the disabled Kabid's session still opens %s", p)
	}
	kabid.fill("/login", map[string]string{"email": staffEmail(booking.RoleKabid), "password": staffPassword(booking.RoleKabid)})
	kabid.tapResponse(buttonIn("/login"), http.StatusUnauthorized)
	s.api("GET", "/api/v1/requests", nil, http.StatusUnauthorized, "Authorization", "Bearer "+s.tokens["kabid"])

	admin.button("/enable", "Aktifkan kembali", http.StatusOK)
	kabid.signIn("kabid")

	admin.link("Status sistem", http.StatusOK)
	if got := admin.mainText(); !strings.Contains(got, "timeRangeEmpty") || !strings.Contains(got, "Google Calendar") {
		t.Errorf("the status page does not show the failed push:\n%s", got)
	}
	admin.shoot("admin-status")
	admin.button("/retry", "Jalankan lagi", http.StatusOK)
	if got := admin.mainText(); !strings.Contains(got, "Tidak ada tugas yang gagal") {
		t.Errorf("the job retried is still listed as failed:\n%s", got)
	}
	if n := s.count(`SELECT COUNT(*) FROM jobs WHERE dedupe_key = 'admin-test' AND state = 'pending'`); n != 1 {
		t.Errorf("the retried job is not pending: %d", n)
	}
}
