package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// staffUser returns the stored user named name (of addStaff or addUser).
func (e *env) staffUser(name string) booking.User {
	e.t.Helper()
	u, err := e.store.UserByEmail(e.t.Context(), name+"@diskominfo.example.go.id")
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// adminVisitor adds a user "admin" holding the admin role and signs a
// browser in as them.
func (e *env) adminVisitor() *visitor {
	e.t.Helper()
	e.addUser("admin", booking.Grant{Role: booking.RoleAdmin})
	v := e.visitor()
	v.signIn("admin")
	return v
}

// postForm posts form to path with the form token of the visitor's page.
func (v *visitor) postForm(page, path string, form url.Values) response {
	v.e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set("form_token", hiddenField(v.e.t, v.get(page).body, "form_token"))
	return v.post(path, form)
}

func wantRedirect(t *testing.T, what string, res response, to string) {
	t.Helper()
	if res.status != http.StatusSeeOther || res.header.Get("Location") != to {
		t.Fatalf("%s: %d to %q, want 303 to %q\n%s", what, res.status, res.header.Get("Location"), to, res.body)
	}
}

// TestAdminDisable: disabling the Kabid ends at once their open session,
// their API token, an unused emailed sign-in link, a signed action link
// and password sign-in; enabling them restores sign-in; the sign-in log
// shows the refused attempt.
func TestAdminDisable(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		admin := e.adminVisitor()
		kabid := e.visitor()
		kabid.signIn("kabid")
		if res := kabid.get("/staff"); res.status != http.StatusOK {
			t.Fatalf("the Kabid's inbox before: %d", res.status)
		}
		k := e.staffUser("kabid")
		id, _ := e.submit(application("Rapat Koordinasi", day(12, 1, 9, 0), 2))
		e.act(id, "secretary", "forward", "", "", http.StatusOK)
		e.act(id, "head", "dispose", "", "", http.StatusOK)
		action := e.link(id, "kabid", booking.ActionCheck, time.Hour)
		signin := e.office.SignSignin(e.office.NewSigninLink(k.ID))

		page := adminUserPath(k.ID)
		wantRedirect(t, "disable", admin.postForm(page, page+"/disable", nil), page+"?msg=disabled")
		if got := e.staffUser("kabid"); !got.Disabled {
			t.Fatal("the Kabid is not disabled in the database")
		}

		res := kabid.get("/staff")
		if res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/login") {
			t.Errorf("the disabled Kabid's open session: %d %q, want 303 to /login", res.status, res.header.Get("Location"))
		}
		if res := e.do("GET", "/api/v1/requests", nil, e.as("kabid")...); res.status != http.StatusUnauthorized {
			t.Errorf("the disabled Kabid's API token: %d, want 401", res.status)
		}
		if res := e.visitor().get("/login/link/" + signin); res.status == http.StatusOK {
			t.Errorf("the disabled Kabid's sign-in link shows its button: %d", res.status)
		}
		v := e.visitor()
		res = v.post("/login/link/"+signin, url.Values{"form_token": {e.office.SignForm(formUseLink, e.clock.Now().Add(time.Hour))}})
		if res.status == http.StatusSeeOther || v.cookie() != "" && v.get("/staff").status == http.StatusOK {
			t.Errorf("the disabled Kabid signed in by link: %d %q", res.status, res.header.Get("Location"))
		}
		if res := e.do("GET", "/act/"+action, nil); res.status == http.StatusOK {
			t.Errorf("the disabled Kabid's action link shows its form: %d", res.status)
		}
		csrf := e.office.ActionFormToken(action)
		e.post(action, url.Values{"decision": {"available"}, "csrf": {csrf}})
		if e.status(id) != "disposed" {
			t.Errorf("the disabled Kabid's action link acted: %s", e.status(id))
		}
		if res := e.visitor().login("kabid", password); res.status != http.StatusUnauthorized {
			t.Errorf("the disabled Kabid's password sign-in: %d, want 401", res.status)
		}
		list := admin.get("/staff/admin/users")
		if list.status != http.StatusOK || !strings.Contains(string(list.body), "Nonaktif") {
			t.Errorf("the users' page does not mark the Kabid disabled: %d", list.status)
		}
		if !regexp.MustCompile(`kabid@diskominfo\.example\.go\.id</span>\s*<span class="how">Kata sandi · <strong>Gagal</strong>`).Match(list.body) {
			t.Errorf("the sign-in log lacks the refused attempt:\n%s", list.body)
		}

		wantRedirect(t, "enable", admin.postForm(page, page+"/enable", nil), page+"?msg=enabled")
		if res := e.visitor().login("kabid", password); res.status != http.StatusSeeOther {
			t.Errorf("the enabled Kabid's password sign-in: %d, want 303", res.status)
		}
		if res := e.do("GET", "/api/v1/requests", nil, e.as("kabid")...); res.status != http.StatusUnauthorized {
			t.Errorf("the revoked token works again after enabling: %d", res.status)
		}
	})
}

// TestAdminForbidden: the administrator's pages and forms are 403 to
// other staff, even with their own form token, and send a stranger to
// sign in.
func TestAdminForbidden(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	head := e.visitor()
	head.signIn("head")
	k := e.staffUser("kabid")
	for _, path := range []string{"/staff/admin/users", "/staff/admin/status", adminUserPath(k.ID)} {
		if res := head.get(path); res.status != http.StatusForbidden || !strings.Contains(string(res.body), "<html") {
			t.Errorf("GET %s as the head: %d, want a 403 page", path, res.status)
		}
		if res := e.visitor().get(path); res.status != http.StatusSeeOther {
			t.Errorf("GET %s without a session: %d, want 303", path, res.status)
		}
	}
	token := hiddenField(t, head.get("/staff/account").body, "form_token")
	for _, path := range []string{adminUserPath(k.ID) + "/disable", adminUserPath(k.ID) + "/token",
		"/staff/admin/users", "/staff/admin/jobs/1/retry"} {
		if res := head.post(path, url.Values{"form_token": {token}, "email": {"x@example.org"}}); res.status != http.StatusForbidden {
			t.Errorf("POST %s as the head: %d, want 403", path, res.status)
		}
	}
	if e.staffUser("kabid").Disabled {
		t.Error("the head disabled the Kabid")
	}
	admin := e.adminVisitor()
	if res := admin.post(adminUserPath(k.ID)+"/disable", url.Values{"form_token": {"forged"}}); res.status != http.StatusForbidden {
		t.Errorf("POST disable with a forged form token: %d, want 403", res.status)
	}
	me := e.staffUser("admin")
	res := admin.postForm(adminUserPath(me.ID), adminUserPath(me.ID)+"/disable", nil)
	if res.status != http.StatusUnprocessableEntity || e.staffUser("admin").Disabled {
		t.Errorf("the admin disabled themselves: %d", res.status)
	}
}

// TestAdminUsers: the list names the users with their acting grants; a
// user is added (a taken email and an empty name are refused by their
// fields); names and roles are edited, with an acting grant and its
// dates; an end before the start and taking one's own admin role are
// refused.
func TestAdminUsers(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		admin := e.adminVisitor()
		list := admin.get("/staff/admin/users")
		for _, s := range []string{"Bapak kabid", "kabid@diskominfo.example.go.id", "Kepala Dinas (pelaksana … s.d. 31\u201101\u20112026) — tidak berlaku hari ini",
			"Terakhir masuk: belum pernah", "Terakhir masuk: 20-11-2026"} {
			if !strings.Contains(string(list.body), s) {
				t.Errorf("the users' page lacks %q", s)
			}
		}

		res := admin.postForm("/staff/admin/users", "/staff/admin/users", url.Values{
			"email": {"kabid@diskominfo.example.go.id"}, "name": {""}, "role": {"vidcon"}})
		body := string(res.body)
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(body, `id="add-email" name="email" value="kabid@diskominfo.example.go.id" autocomplete="off" required aria-invalid="true" aria-describedby="add-email-error"`) ||
			!strings.Contains(body, "Tulis nama lengkap") || !strings.Contains(body, `value="vidcon" checked`) {
			t.Errorf("a refused addition: %d\n%s", res.status, body)
		}
		res = admin.postForm("/staff/admin/users", "/staff/admin/users", url.Values{
			"email": {"plt@diskominfo.example.go.id"}, "name": {"Ibu Pelaksana, S.Kom."}, "role": {"vidcon"}, "language": {"en"}})
		added, err := e.store.UserByEmail(t.Context(), "plt@diskominfo.example.go.id")
		if err != nil {
			t.Fatalf("the user was not added: %d %v", res.status, err)
		}
		wantRedirect(t, "add", res, adminUserPath(added.ID)+"?msg=added")
		if added.Name != "Ibu Pelaksana, S.Kom." || added.Language != "en" || !added.HasRole(booking.RoleVidcon, e.clock.Now(), wib) {
			t.Errorf("added %+v", added)
		}

		page := adminUserPath(added.ID)
		res = admin.postForm(page, page, url.Values{"name": {"Ibu Pelaksana"}, "role": {"vidcon"},
			"acting_role": {"head", ""}, "acting_from": {"2026-12-10", ""}, "acting_until": {"2026-12-01", ""}})
		if res.status != http.StatusUnprocessableEntity ||
			!strings.Contains(string(res.body), `id="acting-0-until" name="acting_until" value="2026-12-01" aria-invalid="true" aria-describedby="acting-0-until-error"`) {
			t.Errorf("an end before the start: %d\n%s", res.status, res.body)
		}
		res = admin.postForm(page, page, url.Values{"name": {"Ibu Pelaksana"}, "role": {"vidcon"},
			"acting_role": {"head", ""}, "acting_from": {"2026-12-01", ""}, "acting_until": {"2026-12-10", ""}})
		wantRedirect(t, "edit", res, page+"?msg=saved")
		got := e.staffUser("plt")
		if got.Name != "Ibu Pelaksana" || len(got.Grants) != 2 || !got.HasRole(booking.RoleHead, day(12, 10, 16, 0), wib) ||
			got.HasRole(booking.RoleHead, day(12, 11, 0, 0), wib) || got.HasRole(booking.RoleHead, day(11, 30, 23, 0), wib) {
			t.Errorf("edited %+v", got)
		}
		view := string(admin.get(page).body)
		for _, s := range []string{`id="acting-0-from" name="acting_from" value="2026-12-01"`, `<option value="head" selected>`,
			`id="acting-1-role"`} {
			if !strings.Contains(view, s) {
				t.Errorf("the user's page lacks %q", s)
			}
		}

		me := adminUserPath(e.staffUser("admin").ID)
		res = admin.postForm(me, me, url.Values{"name": {"Admin"}, "role": {"secretary"}})
		if res.status != http.StatusUnprocessableEntity || !e.staffUser("admin").HasRole(booking.RoleAdmin, e.clock.Now(), wib) {
			t.Errorf("the admin took their own admin role: %d", res.status)
		}
	})
}

// TestAdminTokensAndReset: a token is shown once and works; revoking
// ends it; a reset ends the password and emails a sign-in link.
func TestAdminTokensAndReset(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		admin := e.adminVisitor()
		v := e.staffUser("vidcon")
		page := adminUserPath(v.ID)
		res := admin.postForm(page, page+"/token", nil)
		token := regexp.MustCompile(`id="new-token" readonly value="([^"]+)"`).FindSubmatch(res.body)
		if res.status != http.StatusOK || token == nil {
			t.Fatalf("issue a token: %d\n%s", res.status, res.body)
		}
		bearer := []string{"Authorization", "Bearer " + string(token[1])}
		if res := e.do("GET", "/api/v1/requests", nil, bearer...); res.status != http.StatusOK {
			t.Fatalf("the new token: %d", res.status)
		}
		if strings.Contains(string(admin.get(page).body), string(token[1])) {
			t.Error("the token is shown again")
		}
		wantRedirect(t, "revoke", admin.postForm(page, page+"/tokens/revoke", nil), page+"?msg=revoked")
		for _, b := range [][]string{bearer, e.as("vidcon")} {
			if res := e.do("GET", "/api/v1/requests", nil, b...); res.status != http.StatusUnauthorized {
				t.Errorf("a revoked token: %d, want 401", res.status)
			}
		}

		e.setPassword("vidcon")
		before, _ := e.store.Outbox(t.Context(), e.clock.Now())
		wantRedirect(t, "reset", admin.postForm(page, page+"/reset", nil), page+"?msg=reset")
		if e.staffUser("vidcon").PasswordHash != "" {
			t.Error("the password still works after a reset")
		}
		after, _ := e.store.Outbox(t.Context(), e.clock.Now())
		if after.Pending != before.Pending+1 || after.Oldest == nil {
			t.Fatalf("no sign-in link queued: %+v -> %+v", before, after)
		}
		jobs, _ := e.store.ClaimJobs(t.Context(), "mail", e.clock.Now(), 10, time.Minute)
		found := false
		for _, j := range jobs {
			found = found || strings.Contains(string(j.Payload), `"user":`+strconv.FormatInt(v.ID, 10))
		}
		if !found {
			t.Errorf("the queued mail holds no link for the Vidcon team: %+v", jobs)
		}
		if res := e.visitor().login("vidcon", password); res.status != http.StatusUnauthorized {
			t.Errorf("the old password after a reset: %d, want 401", res.status)
		}
	})
}

// TestAdminStatus: the status page shows the version, the schema, the
// driver, the outbox with its oldest job, the failed jobs with their
// errors, the Google sync and the last email; a failed job retried is due
// at once, a dismissed one is gone.
func TestAdminStatus(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		ctx, now := t.Context(), e.clock.Now()
		id, _ := e.submit(application("Rapat Koordinasi", day(12, 1, 9, 0), 2))
		old := now.Add(-3 * time.Hour)
		for _, j := range []store.Job{
			{Kind: "mail", DedupeKey: "t:mail", RequestID: id, RunAt: old, CreatedAt: old},
			{Kind: "google", DedupeKey: "t:google", RequestID: id, RunAt: old, CreatedAt: old},
		} {
			if err := e.store.Enqueue(ctx, j); err != nil {
				t.Fatal(err)
			}
		}
		var failed []int64
		for _, kind := range []string{"mail", "google"} {
			jobs, err := e.store.ClaimJobs(ctx, kind, now, 10, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			for _, j := range jobs {
				if !strings.HasPrefix(j.DedupeKey, "t:") {
					if err := e.store.FinishJob(ctx, j.ID, now); err != nil {
						t.Fatal(err)
					}
					continue
				}
				msg := map[string]string{"mail": "550 5.1.1 mailbox unavailable", "google": "googleapi: Error 400: Invalid start time"}[kind]
				if err := e.store.FailJob(ctx, j.ID, now, msg); err != nil {
					t.Fatal(err)
				}
				failed = append(failed, j.ID)
			}
		}
		if len(failed) != 2 {
			t.Fatalf("failed %v", failed)
		}
		if err := e.store.SyncExternal(ctx, store.ExternalSync{CalendarID: "cc@example.org", Full: true,
			TokenKey: "google:cc@example.org:sync_token", Token: "x", At: now.Add(-12 * time.Minute)}); err != nil {
			t.Fatal(err)
		}
		if err := e.store.MarkSent(ctx, "<m1@ccroom>", 0, "kepala@diskominfo.example.go.id", now.Add(-5*time.Minute)); err != nil {
			t.Fatal(err)
		}

		admin := e.adminVisitor()
		res := admin.get("/staff/admin/status")
		applied, latest, _ := e.store.SchemaVersion(ctx)
		body := string(res.body)
		for _, s := range []string{
			"Versi", fmt.Sprintf("%d (program ini mengenal sampai %d)", applied, latest), e.store.Driver(),
			"Berjalan selama", "550 5.1.1 mailbox unavailable", "googleapi: Error 400: Invalid start time",
			"Google Calendar</strong> · <a href=\"/staff/requests/" + strconv.FormatInt(id, 10) + "\" class=\"num\">" + booking.Number(id),
			"Impor terakhir</th><td>20-11-2026 08:48 WIB (12 menit yang lalu)",
			"kepada kepala@diskominfo.example.go.id, 20-11-2026 08:55 WIB (5 menit yang lalu)",
			"<th scope=\"row\">Gagal total</th><td>2</td>",
		} {
			if !strings.Contains(body, s) {
				t.Errorf("the status page lacks %q", s)
			}
		}
		if res.status != http.StatusOK {
			t.Fatalf("status page: %d", res.status)
		}

		retry := fmt.Sprintf("/staff/admin/jobs/%d/retry", failed[0])
		wantRedirect(t, "retry", admin.postForm("/staff/admin/status", retry, nil), "/staff/admin/status?msg=retried")
		due, err := e.store.ClaimJobs(ctx, "mail", e.clock.Now(), 10, time.Minute)
		if err != nil || len(due) != 1 || due[0].ID != failed[0] || due[0].Attempts != 1 {
			t.Errorf("the retried job is not due now: %+v %v", due, err)
		}
		if res := admin.postForm("/staff/admin/status", retry, nil); res.status != http.StatusNotFound {
			t.Errorf("retry a job no longer failed: %d, want 404", res.status)
		}
		dismiss := fmt.Sprintf("/staff/admin/jobs/%d/dismiss", failed[1])
		wantRedirect(t, "dismiss", admin.postForm("/staff/admin/status", dismiss, nil), "/staff/admin/status?msg=dismissed")
		if left, _ := e.store.FailedJobs(ctx, 0); len(left) != 0 {
			t.Errorf("failed jobs left: %+v", left)
		}
		if !strings.Contains(string(admin.get("/staff/admin/status").body), "Tidak ada tugas yang gagal.") {
			t.Error("the status page still lists failed jobs")
		}
	})
}

// TestAdminPageWeight: with 40 users of long names and acting grants, a
// full sign-in log and 40 failed jobs with long errors, the administrator's
// pages weigh at most 50 KB with their style sheet.
func TestAdminPageWeight(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	ctx, now := t.Context(), e.clock.Now()
	long := func(s string, n int) string { return (strings.Repeat(s+" ", n))[:n] }
	for i := range 40 {
		e.addUser(fmt.Sprintf("pegawai.dengan.alamat.panjang.%02d", i),
			booking.Grant{Role: booking.RoleHead, From: day(12, 1, 0, 0), Until: day(12, 20, 0, 0)})
		u := e.staffUser(fmt.Sprintf("pegawai.dengan.alamat.panjang.%02d", i))
		if err := e.store.SetUserName(ctx, u.ID, long("Dr. Hj. Nurul Hidayati Kusumawardhani, S.Kom., M.Kom.", 120)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 60 {
		err := e.store.RecordSignin(ctx, store.Signin{At: now.Add(-time.Duration(i) * time.Minute),
			Email:   long("sekretariat.dinas.komunikasi.informatika", 60) + "@pelalawankab.go.id",
			Address: "2001:db8:85a3:1234:5678:8a2e:370:7334", Method: store.SigninPassword})
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := range 40 {
		key := fmt.Sprintf("w%d", i)
		if err := e.store.Enqueue(ctx, store.Job{Kind: "google", DedupeKey: key, RunAt: now, CreatedAt: now}); err != nil {
			t.Fatal(err)
		}
		jobs, _ := e.store.ClaimJobs(ctx, "google", now, 1, time.Minute)
		if err := e.store.FailJob(ctx, jobs[0].ID, now, long("googleapi: Error 400: The specified time range is empty.", 1000)); err != nil {
			t.Fatal(err)
		}
	}
	admin := e.adminVisitor()
	for _, path := range []string{"/staff/admin/users", "/staff/admin/status", adminUserPath(e.staffUser("pegawai.dengan.alamat.panjang.00").ID)} {
		res := admin.get(path)
		if res.status != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.status)
		}
		total := len(res.body)
		for _, m := range linkedAssets.FindAllSubmatch(res.body, -1) {
			total += len(assets.byServed[string(m[1])].body)
		}
		t.Logf("%s: %d bytes", path, total)
		if total > maxPageBytes {
			t.Errorf("GET %s: %d bytes with its assets (HTML %d), over %d", path, total, len(res.body), maxPageBytes)
		}
	}

	// The list and the log page: 46 users on three pages, the log by time.
	first := string(admin.get("/staff/admin/users").body)
	if !strings.Contains(first, "Pengguna 1–20 dari 46") || !strings.Contains(first, `href="/staff/admin/users?page=2" rel="next"`) {
		t.Errorf("the first page of users does not lead to the next")
	}
	last := string(admin.get("/staff/admin/users?page=3").body)
	if !strings.Contains(last, "Pengguna 41–46 dari 46") || strings.Contains(last, `rel="next"`) {
		t.Errorf("the last page of users")
	}
	older := regexp.MustCompile(`href="(/staff/admin/users\?before=\d+)#h-signins">Lebih lama`).FindStringSubmatch(first)
	if older == nil {
		t.Fatal("the sign-in log has no older page")
	}
	page2 := admin.get(older[1]).body
	if n := strings.Count(string(page2), `<li class="row late">`); n != adminSigninsShown {
		t.Errorf("the log's second page lists %d failed attempts, want %d", n, adminSigninsShown)
	}
	if !strings.Contains(string(page2), "20-11-2026 08:46 WIB") || strings.Contains(string(page2), "20-11-2026 08:47 WIB") {
		t.Errorf("the log's second page does not start where the first ended")
	}
}
