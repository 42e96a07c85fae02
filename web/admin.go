package web

import (
	"errors"
	"log/slog"
	"net/http"
	"net/mail"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/locale"
	ccmail "github.com/pelalawan/ccroom/mail"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// The administrator's pages (role admin), under /staff/admin:
//   - users (this file): the accounts with their roles and acting grants,
//     last sign-in and state; a form to add one; each account's page to
//     edit its name and roles, disable or enable it, email it a link to
//     set a new password, issue an API token (shown once) or revoke them
//     all; the sign-in log.
//   - status (admin_status.go): the version, the database, the outbox and
//     its failed jobs (retry, dismiss), the Google sync, the last email.
//
// Every form POSTs with the session's form token and comes back with 303
// and a message, or with its page and the errors by their fields (422).

// adminRoutes registers the administrator's pages and forms.
func (s *Server) adminRoutes() {
	h := s.h
	s.page("GET /staff/admin/users", h.showAdminUsers)
	s.page("POST /staff/admin/users", h.addAdminUser)
	s.page("GET /staff/admin/users/{id}", h.showAdminUser)
	s.page("POST /staff/admin/users/{id}", h.editAdminUser)
	s.page("POST /staff/admin/users/{id}/disable", h.disableAdminUser)
	s.page("POST /staff/admin/users/{id}/enable", h.enableAdminUser)
	s.page("POST /staff/admin/users/{id}/reset", h.resetAdminUser)
	s.page("POST /staff/admin/users/{id}/token", h.issueAdminToken)
	s.page("POST /staff/admin/users/{id}/tokens/revoke", h.revokeAdminTokens)
	s.page("GET /staff/admin/status", h.showAdminStatus)
	s.page("POST /staff/admin/jobs/{id}/retry", h.retryAdminJob)
	s.page("POST /staff/admin/jobs/{id}/dismiss", h.dismissAdminJob)
}

// adminUsersShown and adminSigninsShown are how many users and sign-in
// attempts a page of the users' list shows: with long names and
// addresses, the page stays under 50 KB.
const (
	adminUsersShown   = 20
	adminSigninsShown = 15
)

// adminUser is the signed-in member of staff when they hold the admin
// role today: 403 for anyone else.
func (h *handler) adminUser(r *http.Request) (booking.User, error) {
	u, err := h.sessionUser(r)
	if err != nil {
		return u, err
	}
	if !h.office.ActorFor(u).Holds(booking.RoleAdmin) {
		return u, &apiError{Status: http.StatusForbidden, Code: "forbidden",
			Message: "this page is for administrators"}
	}
	return u, nil
}

// adminPost is the administrator of a POSTed form whose token matches.
func (h *handler) adminPost(r *http.Request) (booking.User, error) {
	u, err := h.adminUser(r)
	if err != nil {
		return u, err
	}
	return u, h.checkForm(r)
}

// adminChoice is a checkbox or radio button with its label.
type adminChoice struct {
	Value, Label string
	Checked      bool
}

// adminUsersPage is templates/admin_users.html.
type adminUsersPage struct {
	pageHead
	Message   string
	Error     bool
	FormToken string
	Users     []adminUserRow
	UsersNote string // "21-40 of 45 users", when they take several pages
	Prev      string // the list's previous and next pages
	Next      string
	Add       adminAddForm
	Signins   []adminSigninRow
	Older     string // the sign-in log's next page: older attempts
	Newest    string // back to the latest attempts
}

// adminUserRow is one account in the list.
type adminUserRow struct {
	Link, Name, Email string
	Roles             []string
	Disabled          bool
	LastSignin        string
}

// adminAddForm is the form that adds an account, as typed, with its errors.
type adminAddForm struct {
	Email, Name string
	Roles       []adminChoice
	Languages   []adminChoice
	Errors      map[string]string // "email", "name", "role"
}

// adminSigninRow is one attempt of the sign-in log.
type adminSigninRow struct {
	When, Email, Address, Method, Result string
	OK                                   bool
}

// The messages a form's 303 brings back (?msg=).
var adminMessages = map[string]string{
	"added":     "admin.msg.added",
	"saved":     "admin.msg.saved",
	"disabled":  "admin.msg.disabled",
	"enabled":   "admin.msg.enabled",
	"reset":     "admin.msg.reset",
	"revoked":   "admin.msg.revoked",
	"retried":   "admin.msg.retried",
	"dismissed": "admin.msg.dismissed",
}

// adminBack is the 303 of a form that succeeded, to page with msg.
func adminBack(w http.ResponseWriter, r *http.Request, page, msg string) error {
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, page+"?msg="+url.QueryEscape(msg), http.StatusSeeOther)
	return nil
}

// adminUserPath is the page of user id.
func adminUserPath(id int64) string { return "/staff/admin/users/" + strconv.FormatInt(id, 10) }

// showAdminUsers is GET /staff/admin/users.
func (h *handler) showAdminUsers(w http.ResponseWriter, r *http.Request) error {
	u, err := h.adminUser(r)
	if err != nil {
		return err
	}
	page, err := h.newAdminUsersPage(r, u)
	if err != nil {
		return err
	}
	if key, ok := adminMessages[r.URL.Query().Get("msg")]; ok {
		page.Message = locale.For(page.Lang).Get(key)
	}
	return renderPage(w, http.StatusOK, "admin_users", page)
}

// newAdminUsersPage is the users' page as it is now, with an empty form.
func (h *handler) newAdminUsersPage(r *http.Request, u booking.User) (*adminUsersPage, error) {
	ctx := r.Context()
	head := h.staffHead(r, u, "admin.users.title", "admin")
	head.Other = "/staff/admin/users?lang=" + otherLang(head.Lang)
	p, loc, now := locale.For(head.Lang), h.loc(), h.office.Now()
	page := &adminUsersPage{pageHead: head, FormToken: head.Staff.FormToken}
	users, err := h.store.Users(ctx)
	if err != nil {
		return nil, err
	}
	activity, err := h.store.UserActivity(ctx)
	if err != nil {
		return nil, err
	}
	n := pageNumber(r)
	from := min((n-1)*adminUsersShown, len(users))
	to := min(from+adminUsersShown, len(users))
	if len(users) > adminUsersShown {
		page.UsersNote = p.Get("admin.users.range", from+1, to, len(users))
		if n > 1 {
			page.Prev = adminUsersURL(n-1, r.URL.Query().Get("before"))
		}
		if to < len(users) {
			page.Next = adminUsersURL(n+1, r.URL.Query().Get("before"))
		}
	}
	for _, x := range users[from:to] {
		row := adminUserRow{Link: adminUserPath(x.ID), Name: x.Name, Email: x.Email, Disabled: x.Disabled,
			Roles: grantWords(p, x.Grants, now, loc), LastSignin: p.Get("admin.never")}
		if a := activity[x.ID]; !a.LastSignin.IsZero() {
			row.LastSignin = booking.FormatMoment(a.LastSignin, loc, head.Lang)
		}
		page.Users = append(page.Users, row)
	}
	page.Add = adminAddForm{Roles: roleChoices(p, nil), Languages: languageChoices(p, locale.Indonesian)}
	// The log pages by time: ?before= is the time (Unix nanoseconds) of
	// the last attempt of the page before, so a new attempt does not
	// shift the pages.
	before := now.Add(time.Minute)
	if b, err := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64); err == nil && b > 0 {
		before = time.Unix(0, b)
		page.Newest = adminUsersURL(n, "") + "#h-signins"
	}
	signins, err := h.store.Signins(ctx, now.AddDate(0, 0, -90), before, adminSigninsShown+1)
	if err != nil {
		return nil, err
	}
	if len(signins) > adminSigninsShown {
		signins = signins[:adminSigninsShown]
		last := signins[len(signins)-1].At.UnixNano()
		page.Older = adminUsersURL(n, strconv.FormatInt(last, 10)) + "#h-signins"
	}
	for _, s := range signins {
		page.Signins = append(page.Signins, adminSigninRow{When: booking.FormatMoment(s.At, loc, head.Lang),
			Email: s.Email, Address: s.Address, Method: p.Get("admin.method." + s.Method),
			Result: signinResult(p, s), OK: s.OK})
	}
	return page, nil
}

// adminUsersURL is page n of the users' list, with the sign-in log
// before the time before ("" for the latest).
func adminUsersURL(n int, before string) string {
	q := url.Values{}
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	if before != "" {
		q.Set("before", before)
	}
	if len(q) == 0 {
		return "/staff/admin/users"
	}
	return "/staff/admin/users?" + q.Encode()
}

// signinResult words an attempt's outcome.
func signinResult(p *locale.Printer, s store.Signin) string {
	switch {
	case s.Method == store.SigninLinkRequest && s.OK:
		return p.Get("admin.signin.sent")
	case s.Method == store.SigninLinkRequest:
		return p.Get("admin.signin.not_sent")
	case s.OK:
		return p.Get("admin.signin.ok")
	}
	return p.Get("admin.signin.failed")
}

// grantWords words a user's roles: "Sekretariat", "Kepala Dinas
// (pelaksana 01-12-2026 s.d. 15-12-2026)", noting a dated grant not in
// force today.
func grantWords(p *locale.Printer, grants []booking.Grant, now time.Time, loc *time.Location) []string {
	out := make([]string, 0, len(grants))
	for _, g := range grants {
		w := g.Role.Word(p)
		if !g.From.IsZero() || !g.Until.IsZero() {
			w = p.Get("admin.grant.dated", w, grantDate(p, g.From, loc), grantDate(p, g.Until, loc))
			if !g.ActiveOn(now, loc) {
				w += " " + p.Get("admin.grant.not_today")
			}
		}
		out = append(out, w)
	}
	return out
}

// grantDate is a grant's bound as a date, "…" for none. Its hyphens do
// not break: a date is never cut across two lines.
func grantDate(p *locale.Printer, t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "…"
	}
	return strings.ReplaceAll(booking.FormatDate(t, loc, p.Lang()), "-", "\u2011")
}

// roleChoices are the staff roles as checkboxes, those of checked ticked.
func roleChoices(p *locale.Printer, checked []booking.Role) []adminChoice {
	out := make([]adminChoice, 0, len(booking.StaffRoles))
	for _, r := range booking.StaffRoles {
		out = append(out, adminChoice{Value: string(r), Label: r.Word(p), Checked: slices.Contains(checked, r)})
	}
	return out
}

// languageChoices are the languages of a user's pages and email.
func languageChoices(p *locale.Printer, lang string) []adminChoice {
	var out []adminChoice
	for _, code := range []string{locale.Indonesian, locale.English} {
		out = append(out, adminChoice{Value: code, Label: p.Get("account.language." + code), Checked: code == lang})
	}
	return out
}

// formRoles reads the ticked roles of a form: unknown ones are an error.
func formRoles(values []string) ([]booking.Role, bool) {
	var roles []booking.Role
	for _, v := range values {
		r, err := booking.ParseRole(v)
		if err != nil {
			return nil, false
		}
		if !slices.Contains(roles, r) {
			roles = append(roles, r)
		}
	}
	return roles, true
}

// addAdminUser is POST /staff/admin/users: a new account, then its page.
func (h *handler) addAdminUser(w http.ResponseWriter, r *http.Request) error {
	u, err := h.adminPost(r)
	if err != nil {
		return err
	}
	f := r.PostForm
	email, name := strings.TrimSpace(f.Get("email")), strings.TrimSpace(f.Get("name"))
	lang := f.Get("language")
	if lang != locale.English {
		lang = locale.Indonesian
	}
	page, err := h.newAdminUsersPage(r, u)
	if err != nil {
		return err
	}
	p := locale.For(page.Lang)
	errs := map[string]string{}
	roles, ok := formRoles(f["role"])
	switch {
	case !ok:
		errs["role"] = p.Get("admin.error.role_unknown")
	case len(roles) == 0:
		errs["role"] = p.Get("admin.error.role_none")
	}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		errs["email"] = p.Get("admin.error.email")
	} else if _, err := h.store.UserByEmail(r.Context(), email); err == nil {
		errs["email"] = p.Get("admin.error.email_taken")
	} else if !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if name == "" || len(name) > 200 || strings.ContainsFunc(name, adminControl) {
		errs["name"] = p.Get("admin.error.name")
	}
	var added booking.User
	if len(errs) == 0 {
		nu := office.NewUser{Email: email, Name: name, Language: lang}
		for _, role := range roles {
			nu.Grants = append(nu.Grants, booking.Grant{Role: role})
		}
		added, err = h.office.AddUser(r.Context(), nu)
		var fe *office.FieldError
		switch {
		case errors.Is(err, store.ErrDuplicate):
			errs["email"] = p.Get("admin.error.email_taken")
		case errors.As(err, &fe) && (fe.Field == "email" || fe.Field == "name"):
			errs[fe.Field] = p.Get("admin.error." + fe.Field)
		case err != nil:
			return err
		}
	}
	if len(errs) > 0 {
		page.Add.Email, page.Add.Name, page.Add.Errors = email, name, errs
		page.Add.Roles, page.Add.Languages = roleChoices(p, roles), languageChoices(p, lang)
		page.Message, page.Error = p.Get("admin.error.refused"), true
		return renderPage(w, http.StatusUnprocessableEntity, "admin_users", page)
	}
	h.log.InfoContext(r.Context(), "admin: user added", slog.String("by", u.Email), slog.String("user", added.Email))
	return adminBack(w, r, adminUserPath(added.ID), "added")
}

func adminControl(r rune) bool { return r < 0x20 || r == 0x7f }

// adminUserPage is templates/admin_user.html: one account.
type adminUserPage struct {
	pageHead
	Message     string
	Error       bool
	FormToken   string
	Path        string // the page, and the start of its forms' actions
	Email, Name string
	Disabled    bool
	Self        bool // the administrator's own account
	HasPassword bool
	Tokens      int
	LastSignin  string
	Roles       []adminChoice     // the permanent roles
	Acting      []actingRow       // the dated grants, and an empty row to add one
	Errors      map[string]string // "name", "role"
	NewToken    string            // a token issued just now, shown once
}

// actingRow is one dated grant of the form: its role (none to remove it)
// and its dates, with their errors.
type actingRow struct {
	Index                            int
	Roles                            []adminChoice // the select's options, the first one "none"
	From, Until                      string        // YYYY-MM-DD
	RoleError, FromError, UntilError string
}

// adminTarget is the user of the page's {id}.
func (h *handler) adminTarget(r *http.Request) (booking.User, error) {
	id, err := requestID(r)
	if err != nil {
		return booking.User{}, err
	}
	return h.store.User(r.Context(), id)
}

// adminPostTo checks an administrator's POST about one user (adminPost)
// and returns the administrator and that user.
func (h *handler) adminPostTo(r *http.Request) (admin, user booking.User, err error) {
	if admin, err = h.adminPost(r); err != nil {
		return admin, user, err
	}
	user, err = h.adminTarget(r)
	return admin, user, err
}

// showAdminUser is GET /staff/admin/users/{id}.
func (h *handler) showAdminUser(w http.ResponseWriter, r *http.Request) error {
	u, err := h.adminUser(r)
	if err != nil {
		return err
	}
	x, err := h.adminTarget(r)
	if err != nil {
		return err
	}
	page, err := h.newAdminUserPage(r, u, x)
	if err != nil {
		return err
	}
	if key, ok := adminMessages[r.URL.Query().Get("msg")]; ok {
		page.Message = locale.For(page.Lang).Get(key)
	}
	return renderPage(w, http.StatusOK, "admin_user", page)
}

// newAdminUserPage is the page of account x as stored.
func (h *handler) newAdminUserPage(r *http.Request, u, x booking.User) (*adminUserPage, error) {
	head := h.staffHead(r, u, "admin.user.title", "admin")
	path := adminUserPath(x.ID)
	head.Other = path + "?lang=" + otherLang(head.Lang)
	p, loc := locale.For(head.Lang), h.loc()
	page := &adminUserPage{pageHead: head, FormToken: head.Staff.FormToken, Path: path, Email: x.Email,
		Name: x.Name, Disabled: x.Disabled, Self: x.ID == u.ID, HasPassword: x.PasswordHash != "",
		LastSignin: p.Get("admin.never")}
	activity, err := h.store.UserActivity(r.Context())
	if err != nil {
		return nil, err
	}
	a := activity[x.ID]
	page.Tokens = a.Tokens
	if !a.LastSignin.IsZero() {
		page.LastSignin = booking.FormatMoment(a.LastSignin, loc, head.Lang)
	}
	var permanent []booking.Role
	for _, g := range x.Grants {
		if g.From.IsZero() && g.Until.IsZero() {
			permanent = append(permanent, g.Role)
			continue
		}
		page.Acting = append(page.Acting, actingRow{Index: len(page.Acting), Roles: actingChoices(p, g.Role),
			From: isoDate(g.From, loc), Until: isoDate(g.Until, loc)})
	}
	page.Roles = roleChoices(p, permanent)
	page.Acting = append(page.Acting, actingRow{Index: len(page.Acting), Roles: actingChoices(p, "")})
	return page, nil
}

// actingChoices are the options of an acting row's role: none, then each
// staff role, role selected.
func actingChoices(p *locale.Printer, role booking.Role) []adminChoice {
	out := []adminChoice{{Value: "", Label: p.Get("admin.acting.none"), Checked: role == ""}}
	for _, c := range roleChoices(p, []booking.Role{role}) {
		out = append(out, c)
	}
	return out
}

// isoDate is t's date in loc as a date field holds it, "" for none.
func isoDate(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(time.DateOnly)
}

// editAdminUser is POST /staff/admin/users/{id}: the name, the permanent
// roles and the dated grants. An administrator cannot take the admin
// role from themselves.
func (h *handler) editAdminUser(w http.ResponseWriter, r *http.Request) error {
	u, x, err := h.adminPostTo(r)
	if err != nil {
		return err
	}
	page, err := h.newAdminUserPage(r, u, x)
	if err != nil {
		return err
	}
	p, loc := locale.For(page.Lang), h.loc()
	f := r.PostForm
	errs := map[string]string{}
	name := strings.TrimSpace(f.Get("name"))
	if name == "" || len(name) > 200 || strings.ContainsFunc(name, adminControl) {
		errs["name"] = p.Get("admin.error.name")
	}
	roles, ok := formRoles(f["role"])
	if !ok {
		errs["role"] = p.Get("admin.error.role_unknown")
	}
	var grants []booking.Grant
	for _, role := range roles {
		grants = append(grants, booking.Grant{Role: role})
	}
	acting, dated, bad := readActing(p, f, loc)
	grants = append(grants, dated...)
	if len(grants) == 0 && errs["role"] == "" {
		errs["role"] = p.Get("admin.error.role_none")
	}
	if x.ID == u.ID && !slices.Contains(roles, booking.RoleAdmin) && errs["role"] == "" {
		errs["role"] = p.Get("admin.error.own_admin")
	}
	if len(errs) > 0 || bad {
		page.Name, page.Roles, page.Acting, page.Errors = name, roleChoices(p, roles), acting, errs
		page.Message, page.Error = p.Get("admin.error.refused"), true
		return renderPage(w, http.StatusUnprocessableEntity, "admin_user", page)
	}
	if _, err := h.office.EditUser(r.Context(), x.ID, name, grants); err != nil {
		return err
	}
	h.log.InfoContext(r.Context(), "admin: user edited", slog.String("by", u.Email), slog.String("user", x.Email))
	return adminBack(w, r, page.Path, "saved")
}

// readActing reads the form's dated grants: rows of acting_role,
// acting_from and acting_until, in order (a select and two date fields
// each, so the three lists line up). A row without a role is dropped; a
// row with one needs a date, valid dates, and an end not before its start.
// It returns the rows to show again, the grants, and whether one is wrong.
func readActing(p *locale.Printer, f url.Values, loc *time.Location) ([]actingRow, []booking.Grant, bool) {
	roles, froms, untils := f["acting_role"], f["acting_from"], f["acting_until"]
	at := func(list []string, i int) string {
		if i < len(list) {
			return strings.TrimSpace(list[i])
		}
		return ""
	}
	var rows []actingRow
	var grants []booking.Grant
	bad := false
	for i := range max(len(roles), len(froms), len(untils)) {
		role, from, until := at(roles, i), at(froms, i), at(untils, i)
		if role == "" && from == "" && until == "" {
			continue
		}
		row := actingRow{Index: len(rows), Roles: actingChoices(p, booking.Role(role)), From: from, Until: until}
		g := booking.Grant{Role: booking.Role(role)}
		if _, err := booking.ParseRole(role); err != nil {
			row.RoleError = p.Get("admin.error.acting_role")
			row.Roles = actingChoices(p, "")
		}
		var err error
		if from != "" {
			if g.From, err = time.ParseInLocation(time.DateOnly, from, loc); err != nil || !saneYear(g.From) {
				row.FromError = p.Get("admin.error.date")
			}
		}
		if until != "" {
			if g.Until, err = time.ParseInLocation(time.DateOnly, until, loc); err != nil || !saneYear(g.Until) {
				row.UntilError = p.Get("admin.error.date")
			}
		}
		switch {
		case from == "" && until == "":
			row.FromError = p.Get("admin.error.acting_dates")
		case row.FromError == "" && row.UntilError == "" && !g.From.IsZero() && !g.Until.IsZero() && g.Until.Before(g.From):
			row.UntilError = p.Get("admin.error.until_before")
		}
		if row.RoleError != "" || row.FromError != "" || row.UntilError != "" {
			bad = true
		} else {
			grants = append(grants, g)
		}
		rows = append(rows, row)
	}
	rows = append(rows, actingRow{Index: len(rows), Roles: actingChoices(p, "")})
	return rows, grants, bad
}

// disableAdminUser is POST /staff/admin/users/{id}/disable: the account
// signs in no more, and its sessions and API tokens end now. An
// administrator cannot disable their own account.
func (h *handler) disableAdminUser(w http.ResponseWriter, r *http.Request) error {
	return h.setDisabled(w, r, true)
}

// enableAdminUser is POST /staff/admin/users/{id}/enable.
func (h *handler) enableAdminUser(w http.ResponseWriter, r *http.Request) error {
	return h.setDisabled(w, r, false)
}

func (h *handler) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) error {
	u, x, err := h.adminPostTo(r)
	if err != nil {
		return err
	}
	if disabled && x.ID == u.ID {
		return h.adminUserRefused(w, r, u, x, "admin.error.own_disable")
	}
	_, rv, err := h.office.SetDisabled(r.Context(), x.Email, disabled)
	if err != nil {
		return err
	}
	msg := "enabled"
	if disabled {
		msg = "disabled"
	}
	h.log.InfoContext(r.Context(), "admin: user "+msg, slog.String("by", u.Email), slog.String("user", x.Email),
		slog.Int("sessions_ended", rv.Sessions), slog.Int("tokens_revoked", rv.Tokens))
	return adminBack(w, r, adminUserPath(x.ID), msg)
}

// adminUserRefused answers a form of x's page that cannot be done: the
// page again (422) with the message of key.
func (h *handler) adminUserRefused(w http.ResponseWriter, r *http.Request, u, x booking.User, key string) error {
	page, err := h.newAdminUserPage(r, u, x)
	if err != nil {
		return err
	}
	page.Message, page.Error = locale.For(page.Lang).Get(key), true
	return renderPage(w, http.StatusUnprocessableEntity, "admin_user", page)
}

// resetAdminUser is POST /staff/admin/users/{id}/reset: the password stops
// working, and the user is emailed a sign-in link (valid
// office.SigninLinkValidity) to sign in and set a new one on their account
// page.
func (h *handler) resetAdminUser(w http.ResponseWriter, r *http.Request) error {
	u, x, err := h.adminPostTo(r)
	if err != nil {
		return err
	}
	if !h.office.IsStaff(x) {
		return h.adminUserRefused(w, r, u, x, "admin.error.reset_not_staff")
	}
	_, link, err := h.office.ResetPassword(r.Context(), x.ID)
	if err != nil {
		return err
	}
	if err := h.store.Enqueue(r.Context(), ccmail.SigninLinkJob(link, h.office.Now())); err != nil {
		return err
	}
	h.log.InfoContext(r.Context(), "admin: password reset", slog.String("by", u.Email), slog.String("user", x.Email))
	return adminBack(w, r, adminUserPath(x.ID), "reset")
}

// issueAdminToken is POST /staff/admin/users/{id}/token: a new API token,
// shown once on the page it answers with (never stored but as its hash).
func (h *handler) issueAdminToken(w http.ResponseWriter, r *http.Request) error {
	u, x, err := h.adminPostTo(r)
	if err != nil {
		return err
	}
	if x.Disabled {
		return h.adminUserRefused(w, r, u, x, "admin.error.token_disabled")
	}
	token, err := h.office.IssueToken(r.Context(), x.Email)
	if err != nil {
		return err
	}
	h.log.InfoContext(r.Context(), "admin: API token issued", slog.String("by", u.Email), slog.String("user", x.Email))
	page, err := h.newAdminUserPage(r, u, x)
	if err != nil {
		return err
	}
	page.NewToken, page.Message = token, locale.For(page.Lang).Get("admin.msg.token")
	return renderPage(w, http.StatusOK, "admin_user", page)
}

// revokeAdminTokens is POST /staff/admin/users/{id}/tokens/revoke.
func (h *handler) revokeAdminTokens(w http.ResponseWriter, r *http.Request) error {
	u, x, err := h.adminPostTo(r)
	if err != nil {
		return err
	}
	n, err := h.office.RevokeTokens(r.Context(), x.Email)
	if err != nil {
		return err
	}
	h.log.InfoContext(r.Context(), "admin: API tokens revoked", slog.String("by", u.Email),
		slog.String("user", x.Email), slog.Int("count", n))
	return adminBack(w, r, adminUserPath(x.ID), "revoked")
}

// saneYear reports whether t falls in the years a page accepts.
func saneYear(t time.Time) bool { return t.Year() >= minYear && t.Year() <= maxYear }
