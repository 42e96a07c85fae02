package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// stylesheet finds the layout's style sheet link.
var stylesheet = regexp.MustCompile(`<link rel="stylesheet" href="(/static/app\.([0-9a-f]{8})\.css)">`)

// TestStaticStylesheet: every page links the style sheet under a name that
// holds the hash of its bytes; it is served as CSS, cached for a year,
// with an ETag that answers 304; an unknown or outdated name is a 404.
func TestStaticStylesheet(t *testing.T) {
	e := newEnv(t, sqliteDSN)
	m := stylesheet.FindStringSubmatch(string(e.do("GET", "/feeds", nil).body))
	if m == nil {
		t.Fatal("the page links no hashed style sheet")
	}
	var css []byte // the parts of static/css, in name order
	parts, _ := fs.Glob(staticFS, "static/css/*.css")
	for _, p := range parts {
		b, _ := staticFS.ReadFile(p)
		css = append(css, b...)
	}
	if !strings.Contains(string(css), "body {") {
		t.Fatalf("static/css holds no base rules (%v)", parts)
	}
	css = compactCSS(css)
	if bytes.Contains(css, []byte("/*")) || bytes.Contains(css, []byte("\n\n")) || bytes.Contains(css, []byte("\n  ")) {
		t.Error("the served sheet keeps comments, blank lines or indentation")
	}
	sum := sha256.Sum256(css)
	if m[2] != hex.EncodeToString(sum[:4]) {
		t.Errorf("style sheet %s, want the hash %x of app.css", m[1], sum[:4])
	}
	res := e.do("GET", m[1], nil)
	if res.status != http.StatusOK || string(res.body) != string(css) {
		t.Fatalf("GET %s: %d, %d bytes", m[1], res.status, len(res.body))
	}
	for name, want := range map[string]string{
		"Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=31536000, immutable",
	} {
		if got := res.header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	etag := res.header.Get("ETag")
	if !strings.HasPrefix(etag, `"`) || len(etag) < 10 {
		t.Fatalf("ETag %q", etag)
	}
	if again := e.do("GET", m[1], nil, "If-None-Match", etag); again.status != http.StatusNotModified || len(again.body) != 0 {
		t.Errorf("If-None-Match: %d, %d bytes", again.status, len(again.body))
	}
	for _, path := range []string{"/static/app.css", "/static/app.00000000.css", "/static/nothing.css", "/static/"} {
		if res := e.do("GET", path, nil); res.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, res.status)
		}
	}
}
