// Package browser tests the pages people open on their phones in a real
// headless Chromium, driven with chromedp, against the whole daemon
// (daemon.Serve) on a loopback port: issue 10's proof (applicant_test.go's
// request form, chain_test.go's SOP chain by five people on their phones,
// privacy_test.go's public calendar, signin_test.go's sessions,
// evidence_test.go's every page with screenshots), each page audited with
// axe-core, for sideways scrolling and for tap targets (harness_test.go),
// and the older single pages (tracking page, action link, subscribe page).
//
// The tests need /usr/bin/chromium (Debian's chromium and chromium-l10n
// packages) and axe-core (npm, CCROOM_AXE_DIR). Without them they skip,
// unless CCROOM_BROWSER_REQUIRE=1 (CI sets it): then they fail. With
// CCROOM_BROWSER_OUT=DIR, TestEveryPage writes its screenshots there.
package browser

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/daemon"
	"github.com/pelalawan/ccroom/office"
)

// chromium is where Debian's chromium package puts the browser.
const chromium = "/usr/bin/chromium"

// phoneWidth and phoneHeight are the emulated phone's viewport in CSS pixels
// (an iPhone 12-14 class phone).
const phoneWidth, phoneHeight = 390, 844

// testTimeout bounds one browser test, the browser's start included.
const testTimeout = 20 * time.Second

// needChromium skips the test when the browser is missing, or fails it
// when CCROOM_BROWSER_REQUIRE=1.
func needChromium(t *testing.T) {
	t.Helper()
	if fi, err := os.Stat(chromium); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
		return
	}
	if os.Getenv("CCROOM_BROWSER_REQUIRE") == "1" {
		t.Fatalf("%s is missing and CCROOM_BROWSER_REQUIRE=1 (apt-get install chromium)", chromium)
	}
	t.Skipf("%s is missing (apt-get install chromium); set CCROOM_BROWSER_REQUIRE=1 to fail instead", chromium)
}

// site is the daemon under test.
type site struct {
	t      *testing.T
	cfg    *config.Config
	base   string            // http://127.0.0.1:PORT
	tokens map[string]string // role -> staff bearer token
	logs   *syncBuffer
	sqlDB  *sql.DB // db's connection, opened once
}

// syncBuffer is the daemon's log, written by its goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startSite runs the embedded default configuration, its data in a temporary
// directory and its rules relaxed (no lead time, open all day), on
// 127.0.0.1:0 with one staff user per role, until the test ends. No SMTP is
// configured, so the daemon writes its email as .eml files under
// data_dir/mail. Each option changes the configuration before it is
// validated.
func startSite(t *testing.T, options ...func(*config.Config)) *site {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.DataDir = t.TempDir()
	cfg.Database.DSN = filepath.Join(cfg.DataDir, "ccroom.db")
	cfg.Rules.LeadDays = 0
	cfg.Rules.Open, cfg.Rules.Close = "00:00", "24:00"
	cfg.Listen = ln.Addr().String()
	cfg.BaseURL = "http://" + cfg.Listen
	for _, o := range options {
		o(cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("config: %v", err)
	}
	s := &site{t: t, cfg: cfg, base: cfg.BaseURL, tokens: map[string]string{}, logs: &syncBuffer{}}
	s.addStaff()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	log := slog.New(slog.NewTextHandler(s.logs, nil))
	go func() { done <- daemon.Serve(ctx, cfg, log, ln) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("daemon.Serve: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("the daemon did not stop within 15 s")
		}
		if t.Failed() {
			t.Logf("daemon log:\n%s", s.logs)
		}
	})
	for deadline := time.Now().Add(10 * time.Second); ; {
		res, err := http.Get(s.base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the daemon is not ready after 10 s (%v)\n%s", err, s.logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// staffEmail is the address of the staff user who holds role.
func staffEmail(role booking.Role) string { return string(role) + "@diskominfo.example.go.id" }

// staffPassword is the web password of the staff user who holds role. The
// head has none: they sign in with the emailed link, which is for staff
// without a password.
func staffPassword(role booking.Role) string {
	if role == booking.RoleHead {
		return ""
	}
	return "Sandi-" + string(role) + "-2026"
}

// staffName is the name of the staff user who holds role.
func staffName(role booking.Role) string {
	return map[booking.Role]string{
		booking.RoleSecretary: "Rina Sekretariat", booking.RoleHead: "Dr. Hendra Kepala",
		booking.RoleKabid: "Yusuf Kabid", booking.RoleVidcon: "Dewi Vidcon",
	}[role]
}

// passwordHashes are the bcrypt hashes of the staff's passwords, made once.
var passwordHashes sync.Map // password -> hash

// passwordHash is office.HashPassword(pw), made once per test binary.
func passwordHash(t *testing.T, pw string) string {
	if h, ok := passwordHashes.Load(pw); ok {
		return h.(string)
	}
	h, err := office.HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	passwordHashes.Store(pw, h)
	return h
}

// addStaff creates one user per role on the database before the daemon
// starts, as the CLI does: each with a name, a bearer token and (the head
// aside) a web password.
func (s *site) addStaff() {
	t, ctx := s.t, s.t.Context()
	off, st, err := daemon.Open(ctx, s.cfg, nil)
	if err != nil {
		t.Fatalf("daemon.Open: %v", err)
	}
	defer st.Close()
	for _, role := range []booking.Role{booking.RoleSecretary, booking.RoleHead, booking.RoleKabid, booking.RoleVidcon} {
		email := staffEmail(role)
		u, err := off.AddUser(ctx, office.NewUser{Email: email, Name: staffName(role),
			Grants: []booking.Grant{{Role: role}}})
		if err != nil {
			t.Fatalf("AddUser %s: %v", role, err)
		}
		if pw := staffPassword(role); pw != "" {
			// What AddUser does with a Password, with the hash made once per run:
			// bcrypt takes most of a second under the race detector.
			if err := st.SetPassword(ctx, u.ID, passwordHash(t, pw)); err != nil {
				t.Fatalf("SetPassword %s: %v", role, err)
			}
		}
		if s.tokens[string(role)], err = off.IssueToken(ctx, email); err != nil {
			t.Fatalf("IssueToken %s: %v", role, err)
		}
	}
}

// api sends a JSON request to the daemon and decodes the JSON answer.
func (s *site) api(method, path string, body any, want int, hdr ...string) map[string]any {
	s.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			s.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(s.t.Context(), method, s.base+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		s.t.Fatalf("%s %s: %d %s, want %d", method, path, res.StatusCode, b, want)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		s.t.Fatalf("%s %s: not JSON: %s", method, path, b)
	}
	return m
}

// submit posts a request for 09:00-11:00 two days ahead, as an applicant
// would, and returns its id and tracking token. (A start counted from the
// clock's hour would cross midnight when the test runs late in the
// evening.)
func (s *site) submit(title string) (int64, string) {
	s.t.Helper()
	day := time.Now().In(wib).AddDate(0, 0, 2)
	start := time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, wib)
	m := s.api("POST", "/api/v1/requests", map[string]any{
		"room": "command-center", "title": title, "organization": "Dinas Kesehatan",
		"contact_name": "Siti Aminah", "contact_email": "siti@example.org", "contact_phone": "0812-7777-1234",
		"start": start.Format(time.RFC3339), "end": start.Add(2 * time.Hour).Format(time.RFC3339),
		"participants": 20, "equipment": []any{"computer", map[string]any{"name": "sound-system", "count": 1}},
		"visibility": "private", "letter_number": "005/DINKES/XI/2026",
	}, http.StatusCreated)
	id, _ := m["id"].(float64)
	token, _ := m["tracking_token"].(string)
	if id == 0 || token == "" {
		s.t.Fatalf("submit: no id or tracking token in %v", m)
	}
	return int64(id), token
}

// phone starts a fresh headless Chromium (its own user data directory)
// emulating a phone in portrait, and returns the context of its tab. The
// context ends with the test, or after testTimeout.
func phone(t *testing.T) context.Context {
	t.Helper()
	needChromium(t)
	ctx, cancelTimeout := context.WithTimeout(context.Background(), testTimeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, chromiumOptions(t)...)
	cctx, cancelTab := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelTimeout()
	})
	err := chromedp.Do(cctx, chromedp.EmulateViewport(phoneWidth, phoneHeight,
		chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait, chromedp.EmulateScale(3)))
	if err != nil {
		t.Fatalf("start %s: %v", chromium, err)
	}
	return cctx
}

// chromiumOptions start Debian's Chromium headless, in a fresh profile,
// with none of the background traffic this machine's closed network
// refuses.
func chromiumOptions(t *testing.T) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
	}
}

// layout is what the page's layout measures.
type layout struct {
	ScrollWidth int `json:"scrollWidth"`
	InnerWidth  int `json:"innerWidth"`
}

// fitsPhone checks that the page is laid out for the phone's width (its
// viewport meta tag works) and does not scroll sideways.
func fitsPhone(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	l, err := chromedp.Run(ctx, chromedp.Evaluate[layout](
		`({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})`))
	if err != nil {
		t.Fatalf("%s: measure the layout: %v", what, err)
	}
	if l.InnerWidth != phoneWidth {
		t.Errorf("%s: window.innerWidth = %d, want %d (no viewport meta tag?)", what, l.InnerWidth, phoneWidth)
	}
	if l.ScrollWidth > l.InnerWidth {
		t.Errorf("%s: the page overflows the phone: scrollWidth %d > innerWidth %d", what, l.ScrollWidth, l.InnerWidth)
	}
}

// text is the text of the first element sel matches, waiting for it.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}
