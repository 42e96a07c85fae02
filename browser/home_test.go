package browser

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestHomePage: / fits a phone, names the room and its opening hours, is
// styled by the static style sheet under the pages' Content-Security-Policy,
// and its button leads to the request form in the same language.
func TestHomePage(t *testing.T) {
	needChromium(t)
	s := startSite(t)
	ctx := phone(t)
	res, err := chromedp.RunResponse(ctx, chromedp.Navigate(s.base+"/?lang=id"))
	if err != nil {
		t.Fatalf("open /: %v", err)
	}
	if res.Status != http.StatusOK {
		t.Fatalf("/ answered %d", res.Status)
	}
	if csp, _ := res.Headers["Content-Security-Policy"].(string); !strings.Contains(csp, "style-src 'self'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	if got := text(t, ctx, "main"); !strings.Contains(got, "Ruang Pelalawan Command Center") || !strings.Contains(got, "Jam buka") {
		t.Errorf("the page does not name the room and its hours:\n%s", got)
	}
	fitsPhone(t, ctx, "home page")
	styled(t, ctx, "a.button", "backgroundColor", "rgb(11, 83, 148)")

	res, err = chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS("a.button")))
	if err != nil {
		t.Fatalf("tap the button: %v", err)
	}
	if res.Status != http.StatusOK || !strings.Contains(res.URL, "/requests/new?") || !strings.Contains(res.URL, "lang=id") {
		t.Fatalf("the button led to %d %s", res.Status, res.URL)
	}
	if got := text(t, ctx, "h1"); got != "Ajukan peminjaman ruang" {
		t.Errorf("form page heading %q", got)
	}
}

// TestNotFoundPage: an unknown path shows the HTML 404 page, styled.
func TestNotFoundPage(t *testing.T) {
	needChromium(t)
	s := startSite(t)
	ctx := phone(t)
	res, err := chromedp.RunResponse(ctx, chromedp.Navigate(s.base+"/tidak-ada?lang=id"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	if res.Status != http.StatusNotFound || !strings.HasPrefix(res.MimeType, "text/html") {
		t.Fatalf("answered %d %s", res.Status, res.MimeType)
	}
	if got := text(t, ctx, "h1"); got != "Halaman tidak ditemukan" {
		t.Errorf("heading %q", got)
	}
	fitsPhone(t, ctx, "404 page")
	styled(t, ctx, "#message", "backgroundColor", "rgb(251, 233, 233)")
}

// styled checks the computed style property prop of the first element sel
// matches: proof that the style sheet loaded and the CSP let it apply.
func styled(t *testing.T, ctx context.Context, sel, prop, want string) {
	t.Helper()
	got, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`getComputedStyle(document.querySelector(`+strconv.Quote(sel)+`))[`+strconv.Quote(prop)+`]`))
	if err != nil {
		t.Fatalf("style of %s: %v", sel, err)
	}
	if got != want {
		t.Errorf("%s %s = %q, want %q (the style sheet did not apply)", sel, prop, got, want)
	}
}
