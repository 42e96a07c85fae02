package browser

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	_ "github.com/pelalawan/ccroom/store" // registers the "sqlite" database/sql driver
)

// The flows of issue 10's proof drive the whole daemon as people do on
// their phones: each person is a tab in their own browser context (their
// own cookies) of one headless Chromium per test, at 390x844. Every page a
// flow lands on is audited (audit): axe-core finds no violation of impact
// "serious" or "critical", the page does not scroll sideways, and every
// visible link, button and field is at least 44 px tall.

// desktopWidth and desktopHeight are the desktop viewport of the
// screenshots.
const desktopWidth, desktopHeight = 1280, 800

// stepTimeout bounds one navigation: a tap that leads nowhere fails the
// test instead of waiting for its end.
const stepTimeout = 20 * time.Second

// minTarget is the smallest height of a tap target, in CSS pixels.
const minTarget = 44

// axeVersion is the axe-core release the tests expect (.ci/run installs it
// with npm under CCROOM_AXE_DIR).
const axeVersion = "4.14.1"

// strictTargets makes a tap target under 44 px fail the test; when false
// the audit only logs each one (once per page and element).
const strictTargets = true

// chrome is one headless Chromium; ctx is its first tab.
type chrome struct {
	t   *testing.T
	ctx context.Context
	// seen holds the audit findings already reported, so that a page
	// visited again does not repeat them.
	seen map[string]bool
}

// startChrome starts a headless Chromium that lives until the test ends or
// timeout passes, whichever comes first.
func startChrome(t *testing.T, timeout time.Duration) *chrome {
	t.Helper()
	needChromium(t)
	opts := append(chromiumOptions(t),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("lang", "id"),
		chromedp.Flag("accept-lang", "id-ID,id"),
		chromedp.Env("LANG=id_ID.UTF-8", "LANGUAGE=id"),
	)
	ctx, cancelTimeout := context.WithTimeout(context.Background(), timeout)
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start %s: %v", chromium, err)
	}
	return &chrome{t: t, ctx: bctx, seen: map[string]bool{}}
}

// phoneView and desktopView are the two viewports.
func phoneView() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(phoneWidth, phoneHeight,
		chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait, chromedp.EmulateScale(2))
}

func desktopView() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(desktopWidth, desktopHeight, chromedp.EmulateLandscape)
}

// person is someone on their phone: a tab of its own browser context, so
// that each person has their own cookies.
type person struct {
	t    *testing.T
	c    *chrome
	s    *site
	ctx  context.Context
	name string
	// scriptOff: the page's JavaScript is off (noScript).
	scriptOff bool
}

// pageReport is what the audit of one page found.
type pageReport struct {
	Name     string
	URL      string
	Axe      []axeViolation
	Overflow int // scrollWidth beyond the phone's width, in px
	Small    []smallTarget
}

// person opens a phone for who, in a fresh browser context.
func (c *chrome) person(s *site, who string) *person {
	c.t.Helper()
	ctx, cancel := chromedp.NewContext(c.ctx, chromedp.WithNewBrowserContext())
	c.t.Cleanup(cancel)
	// An Indonesian phone: its locale formats the date and time fields.
	locale := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetLocaleOverride, emulation.SetLocaleOverrideParams{Locale: "id-ID"})
		return err
	})
	if err := chromedp.Do(ctx, phoneView(), locale); err != nil {
		c.t.Fatalf("%s's phone: %v", who, err)
	}
	return &person{t: c.t, c: c, s: s, ctx: ctx, name: who}
}

// navigate goes to the absolute URL u without checking or auditing the
// page (a page of another site).
func (p *person) navigate(u string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	if _, err := chromedp.RunResponse(ctx, chromedp.Navigate(u)); err != nil {
		p.t.Fatalf("%s opens %s: %v", p.name, u, err)
	}
}

// open goes to path on the site (or to an absolute URL), checks the answer's
// status and audits the page. It returns the answer (after redirects).
func (p *person) open(path string, want int) *network.Response {
	p.t.Helper()
	u := path
	if strings.HasPrefix(path, "/") {
		u = p.s.base + path
	}
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.Navigate(u))
	if err != nil {
		p.t.Fatalf("%s opens %s: %v", p.name, path, err)
	}
	if int(res.Status) != want {
		p.t.Fatalf("%s opens %s: status %d, want %d\n%s", p.name, path, res.Status, want, p.mainText())
	}
	p.audit()
	return res
}

// tap taps the element sel finds and waits for the page it leads to; the
// new page's status must be want. It returns the new page's URL.
func (p *person) tap(sel string, want int) string {
	p.t.Helper()
	return p.tapResponse(sel, want).URL
}

// tapResponse is tap, returning the new page's response.
func (p *person) tapResponse(sel string, want int) *network.Response {
	p.t.Helper()
	res := p.tapOnly(sel, want)
	p.audit()
	return res
}

// tapOnly is tapResponse without the audit of the page it leads to.
func (p *person) tapOnly(sel string, want int) *network.Response {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		p.t.Fatalf("%s taps %s: %v", p.name, sel, err)
	}
	if int(res.Status) != want {
		p.t.Fatalf("%s taps %s: status %d at %s, want %d\n%s", p.name, sel, res.Status, res.URL, want, p.mainText())
	}
	return res
}

// tapWhere taps the element the JavaScript expression js returns (null:
// the test fails with what), as tap does.
func (p *person) tapWhere(what, js string, want int) string {
	p.t.Helper()
	ok, err := chromedp.Run(p.ctx, chromedp.Evaluate[bool](`(() => {
		document.querySelectorAll("[data-tap]").forEach(e => e.removeAttribute("data-tap"));
		const el = (() => { return `+js+`; })();
		if (!el) return false;
		el.setAttribute("data-tap", "");
		return true;
	})()`))
	if err != nil {
		p.t.Fatalf("%s looks for %s: %v", p.name, what, err)
	}
	if !ok {
		p.t.Fatalf("%s finds no %s on %s:\n%s", p.name, what, p.location(), p.mainText())
	}
	return p.tap("[data-tap]", want)
}

// button taps the button (or submit input) whose text is label, inside the
// form whose action ends with action ("" for any form).
func (p *person) button(action, label string, want int) string {
	p.t.Helper()
	return p.tapWhere(fmt.Sprintf("button %q (form %q)", label, action), `[...document.querySelectorAll(
		"form" + (`+strconv.Quote(action)+` ? "[action$='" + `+strconv.Quote(action)+` + "']" : "") + " :is(button, input[type=submit])")]
		.find(b => (b.innerText || b.value || "").trim().replace(/\s+/g, " ") === `+strconv.Quote(label)+`)`, want)
}

// link taps the first visible link whose text is label (or, when label
// starts with "href=", whose href attribute starts with the rest).
func (p *person) link(label string, want int) string {
	p.t.Helper()
	cond := `(a.innerText || "").trim().replace(/\s+/g, " ") === ` + strconv.Quote(label)
	if h, ok := strings.CutPrefix(label, "href="); ok {
		cond = `(a.getAttribute("href") || "").startsWith(` + strconv.Quote(h) + `)`
	}
	return p.tapWhere("link "+label, `[...document.querySelectorAll("a[href]")]
		.find(a => a.getClientRects().length > 0 && `+cond+`)`, want)
}

// fill sets the fields of the form whose action ends with action, by name:
// text, select and textarea values; "true"/"false" checks a checkbox or
// radio whose value is the map key's part after "=" (name=value).
func (p *person) fill(action string, fields map[string]string) {
	p.t.Helper()
	b, _ := json.Marshal(fields)
	missing, err := chromedp.Run(p.ctx, chromedp.Evaluate[[]string](`(() => {
		const form = document.querySelector("form[action$='" + `+strconv.Quote(action)+` + "']");
		if (!form) return ["the form " + `+strconv.Quote(action)+`];
		const missing = [];
		for (const [key, value] of Object.entries(`+string(b)+`)) {
			const eq = key.indexOf("=");
			if (eq > 0) {
				const el = [...form.elements].find(e => e.name === key.slice(0, eq) && e.value === key.slice(eq + 1));
				if (!el) { missing.push(key); continue; }
				el.checked = value === "true";
				el.dispatchEvent(new Event("change", {bubbles: true}));
				continue;
			}
			const el = form.elements.namedItem(key);
			if (!el) { missing.push(key); continue; }
			el.value = value;
			el.dispatchEvent(new Event("input", {bubbles: true}));
			el.dispatchEvent(new Event("change", {bubbles: true}));
		}
		return missing;
	})()`))
	if err != nil {
		p.t.Fatalf("%s fills %s: %v", p.name, action, err)
	}
	if len(missing) > 0 {
		p.t.Fatalf("%s fills %s: no field %v on %s", p.name, action, missing, p.location())
	}
}

// eval evaluates js on the page.
func eval[T any](p *person, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.t.Fatalf("%s: evaluate %.60s...: %v", p.name, js, err)
	}
	return v
}

// mainText is the visible text of the page's main element (or body).
func (p *person) mainText() string {
	s, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](`(document.querySelector("main") || document.body || {innerText: ""}).innerText`))
	return s
}

// html is the page's whole DOM as HTML.
func (p *person) html() string {
	return eval[string](p, `document.documentElement.outerHTML`)
}

// location is the page's URL.
func (p *person) location() string {
	s, _ := chromedp.Run(p.ctx, chromedp.Location())
	return s
}

// path is the page's path and query.
func (p *person) path() string {
	u, err := url.Parse(p.location())
	if err != nil {
		return p.location()
	}
	return u.RequestURI()
}

// sessionCookie is the value of the site's session cookie ("" without one).
func (p *person) sessionCookie() string {
	p.t.Helper()
	cs, err := chromedp.Run(p.ctx, func(ctx context.Context, t *chromedp.Target) ([]*network.Cookie, error) {
		r, err := cdp.Call(ctx, t, network.GetCookies, network.GetCookiesParams{URLs: []string{p.s.base + "/"}})
		return r.Cookies, err
	})
	if err != nil {
		p.t.Fatalf("%s's cookies: %v", p.name, err)
	}
	for _, c := range cs {
		if c.Name == "ccroom_session" {
			return c.Value
		}
	}
	return ""
}

// setSessionCookie puts value back as the site's session cookie.
func (p *person) setSessionCookie(value string) {
	p.t.Helper()
	err := chromedp.Do(p.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.SetCookie, network.SetCookieParams{
			Name: "ccroom_session", Value: value, URL: p.s.base + "/", HTTPOnly: ptr(true),
			SameSite: network.CookieSameSiteLax,
		})
		return err
	}))
	if err != nil {
		p.t.Fatalf("%s sets the cookie: %v", p.name, err)
	}
}

func ptr[T any](v T) *T { return &v }

// signIn signs role's user in with their password through /login and
// checks that they land on the inbox.
func (p *person) signIn(role string) {
	p.t.Helper()
	p.open("/login", http.StatusOK)
	p.fill("/login", map[string]string{"email": role + "@diskominfo.example.go.id", "password": "Sandi-" + role + "-2026"})
	if u := p.button("/login", "Masuk", http.StatusOK); !strings.HasSuffix(u, "/staff") {
		p.t.Fatalf("%s signed in and landed on %s, want /staff", p.name, u)
	}
}

// audit checks the page shown: axe-core, no sideways scroll at the phone's
// width, tap targets of at least 44 px. Every finding fails the test.
func (p *person) audit() {
	p.t.Helper()
	r := p.measure()
	once := func(f func(string, ...any), format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if !p.c.seen[msg] {
			p.c.seen[msg] = true
			f("%s", msg)
		}
	}
	for _, v := range r.Axe {
		once(p.t.Errorf, "axe on %s: %s [%s] %s: %s", r.Name, v.ID, v.Impact, v.Help, strings.Join(v.Targets, " | "))
	}
	if r.Overflow > 0 {
		once(p.t.Errorf, "%s (%s) scrolls sideways at %d px: scrollWidth is %d px wider", r.Name, r.URL, phoneWidth, r.Overflow)
	}
	report := p.t.Logf
	if strictTargets {
		report = p.t.Errorf
	}
	for _, s := range r.Small {
		once(report, "%s: tap target %s %q is %.1f px tall, want >= %d", r.Name, s.Sel, s.Text, s.Height, minTarget)
	}
}

// measure runs the audit's checks on the page shown.
func (p *person) measure() pageReport {
	p.t.Helper()
	u := p.location()
	r := pageReport{Name: pageName(u), URL: u}
	l := eval[layout](p, `({scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth})`)
	if l.InnerWidth != phoneWidth {
		p.t.Errorf("%s: window.innerWidth = %d, want %d (no viewport meta tag?)", r.Name, l.InnerWidth, phoneWidth)
	}
	r.Overflow = l.ScrollWidth - phoneWidth
	r.Small = eval[[]smallTarget](p, smallTargetsJS)
	r.Axe = runAxe(p)
	return r
}

// pageName names a page by its path, ids and tokens replaced.
func pageName(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		return u
	}
	path := regexp.MustCompile(`/\d+(/|$)`).ReplaceAllString(pu.Path, "/{id}$1")
	path = regexp.MustCompile(`/link/[^/]+`).ReplaceAllString(path, "/link/{token}")
	if v := pu.Query().Get("view"); v != "" {
		path += "?view=" + v
	}
	return path
}

// smallTarget is a link, button or field less than minTarget tall.
type smallTarget struct {
	Sel    string  `json:"sel"`
	Text   string  `json:"text"`
	Height float64 `json:"height"`
}

// smallTargetsJS lists the visible links, buttons and fields less than 44
// px tall. A checkbox or radio counts with its label (the label is what a
// finger taps); a link inside a sentence is WCAG 2.5.8's inline exception.
const smallTargetsJS = `(() => {
	const out = [];
	const describe = el => {
		let s = el.tagName.toLowerCase();
		if (el.id) return s + "#" + el.id;
		if (el.name) s += "[name=" + el.name + "]";
		if (el.getAttribute("href")) s += "[href=\"" + el.getAttribute("href").slice(0, 50) + "\"]";
		if (el.type && el.tagName === "INPUT") s += "[type=" + el.type + "]";
		if (el.className) s += "." + String(el.className).trim().split(/\s+/).join(".");
		return s;
	};
	const inSentence = a => {
		if (getComputedStyle(a).display !== "inline") return false;
		const block = a.parentElement;
		if (!block) return false;
		const rest = block.innerText.replace(a.innerText, "").trim();
		return rest.length > 0 && !["LI", "NAV", "TD"].includes(block.tagName);
	};
	for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary")) {
		const r = el.getBoundingClientRect();
		const cs = getComputedStyle(el);
		if (r.width === 0 || r.height === 0 || cs.visibility === "hidden") continue;
		let h = r.height;
		if (el.matches("input[type=checkbox], input[type=radio]")) {
			for (const l of el.labels || []) h = Math.max(h, l.getBoundingClientRect().height);
		}
		if (el.tagName === "A" && inSentence(el)) continue;
		if (h < ` + "44" + ` - 0.5) {
			out.push({sel: describe(el), text: (el.innerText || el.value || "").trim().replace(/\s+/g, " ").slice(0, 40), height: Math.round(h * 10) / 10});
		}
	}
	return out;
})()`

// axeViolation is one rule axe-core found broken, of impact serious or
// critical.
type axeViolation struct {
	ID      string   `json:"id"`
	Impact  string   `json:"impact"`
	Help    string   `json:"help"`
	Targets []string `json:"targets"`
}

// axeSource is axe.min.js, read once.
var axeSource = sync.OnceValues(func() (string, error) {
	dir := os.Getenv("CCROOM_AXE_DIR")
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return "", err
		}
		dir = filepath.Join(cache, "ccroom-axe")
	}
	pkg, err := os.ReadFile(filepath.Join(dir, "node_modules", "axe-core", "package.json"))
	if err != nil {
		return "", err
	}
	var meta struct{ Version string }
	if err := json.Unmarshal(pkg, &meta); err != nil {
		return "", err
	}
	if meta.Version != axeVersion {
		return "", fmt.Errorf("axe-core %s in %s, want %s", meta.Version, dir, axeVersion)
	}
	b, err := os.ReadFile(filepath.Join(dir, "node_modules", "axe-core", "axe.min.js"))
	return string(b), err
})

// needAxe skips the test when axe-core is not installed, or fails it when
// CCROOM_BROWSER_REQUIRE=1.
func needAxe(t *testing.T) {
	t.Helper()
	needChromium(t)
	if _, err := axeSource(); err != nil {
		msg := fmt.Sprintf("axe-core %s is not installed (%v): npm install --prefix DIR axe-core@%s and set CCROOM_AXE_DIR=DIR", axeVersion, err, axeVersion)
		if os.Getenv("CCROOM_BROWSER_REQUIRE") == "1" {
			t.Fatal(msg + " (CCROOM_BROWSER_REQUIRE=1)")
		}
		t.Skip(msg)
	}
}

// runAxe injects axe-core into the page (through the DevTools protocol,
// which the page's Content-Security-Policy does not govern) and returns
// its violations of impact serious or critical.
func runAxe(p *person) []axeViolation {
	p.t.Helper()
	src, err := axeSource()
	if err != nil {
		p.t.Fatalf("axe-core: %v", err)
	}
	if p.scriptOff {
		// axe.run needs timers, which do not run while the page's script is
		// off: on for the run (the page's own scripts, skipped at load, stay
		// skipped), then off again.
		p.setScript(true)
		defer p.setScript(false)
	}
	if !eval[bool](p, `typeof window.axe === "object"`) {
		if _, err := chromedp.Run(p.ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
			p.t.Fatalf("inject axe-core into %s: %v", p.location(), err)
		}
	}
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](`axe.run(document, {resultTypes: ["violations"]}).then(r =>
		r.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => ({
			id: v.id, impact: v.impact, help: v.help,
			targets: v.nodes.map(n => n.target.join(" ") + (n.failureSummary ? " (" + n.failureSummary.replace(/\s+/g, " ").slice(0, 160) + ")" : "")),
		})))`, chromedp.EvalAwaitPromise))
	if err != nil {
		p.t.Fatalf("axe.run on %s: %v", p.location(), err)
	}
	return vs
}

// shoot writes full-page screenshots of the page shown, at the phone's and
// the desktop's size, as DIR/NAME-390.png and DIR/NAME-1280.png, when
// CCROOM_BROWSER_OUT=DIR is set. It leaves the phone's viewport.
func (p *person) shoot(name string) {
	p.t.Helper()
	dir := os.Getenv("CCROOM_BROWSER_OUT")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Fatal(err)
	}
	for _, v := range []struct {
		width int
		view  chromedp.Action[chromedp.Void]
	}{{desktopWidth, desktopView()}, {phoneWidth, phoneView()}} {
		if err := chromedp.Do(p.ctx, v.view); err != nil {
			p.t.Fatalf("viewport %d: %v", v.width, err)
		}
		png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			p.t.Fatalf("screenshot %s at %d: %v", name, v.width, err)
		}
		f := filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, v.width))
		if err := os.WriteFile(f, png, 0o644); err != nil {
			p.t.Fatal(err)
		}
	}
}

// db opens the daemon's SQLite database beside the daemon (WAL lets both
// read and write).
func (s *site) db() *sql.DB {
	s.t.Helper()
	if s.sqlDB != nil {
		return s.sqlDB
	}
	db, err := sql.Open("sqlite", "file:"+s.cfg.Database.DSN+"?_pragma=busy_timeout(10000)")
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { db.Close() })
	s.sqlDB = db
	return db
}

// count is a COUNT(*) query's answer.
func (s *site) count(query string, args ...any) int {
	s.t.Helper()
	var n int
	if err := s.db().QueryRowContext(s.t.Context(), query, args...).Scan(&n); err != nil {
		s.t.Fatalf("%s: %v", query, err)
	}
	return n
}

// click taps the element sel finds, on a page that stays (a label, a
// checkbox).
func (p *person) click(sel string) error {
	ctx, cancel := context.WithTimeout(p.ctx, stepTimeout)
	defer cancel()
	return chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// noScript turns the page's JavaScript off in this person's tab (the
// DevTools protocol's own evaluations still run).
func (p *person) noScript() {
	p.t.Helper()
	p.scriptOff = true
	p.setScript(false)
}

// setScript turns the page's JavaScript on or off.
func (p *person) setScript(on bool) {
	p.t.Helper()
	err := chromedp.Do(p.ctx, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: !on})
		return err
	}))
	if err != nil {
		p.t.Fatalf("%s: JavaScript on=%v: %v", p.name, on, err)
	}
}

// waitFor evaluates js until it returns a non-empty string (errors, as
// while a page loads, count as empty) and returns it; after stepTimeout the
// test fails, naming what.
func (p *person) waitFor(what, js string) string {
	p.t.Helper()
	for deadline := time.Now().Add(stepTimeout); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](js)); err == nil && v != "" {
			return v
		}
	}
	p.t.Fatalf("%s: no %s after %s (at %s)", p.name, what, stepTimeout, p.location())
	return ""
}
