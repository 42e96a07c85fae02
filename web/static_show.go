package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// The static files are the files of static/, embedded. The style sheet,
// app.css, is the files of static/css/ joined in name order (base.css
// first) and compacted, so each part of the site keeps its rules in a file
// of its own.
// Each is served under a name that holds a hash of its bytes
// (/static/app.3f9a1c2b.css), computed when the program starts, so a
// browser may keep it for a year: a changed file gets a new name. An
// unknown or outdated name is a 404.
//
//go:embed static
var staticFS embed.FS

// staticAsset is one static file as served.
type staticAsset struct {
	url         string // /static/app.3f9a1c2b.css
	contentType string
	etag        string
	body        []byte
}

// staticAssets are the static files by their name in static/ and by the
// hashed name they are served under.
type staticAssets struct {
	byName, byServed map[string]*staticAsset
}

var assets = mustLoadAssets()

func mustLoadAssets() staticAssets {
	a := staticAssets{byName: map[string]*staticAsset{}, byServed: map[string]*staticAsset{}}
	add := func(name string, body []byte) {
		served := hashedName(name, body)
		sum := sha256.Sum256(body)
		asset := &staticAsset{url: "/static/" + served, body: body,
			contentType: mime.TypeByExtension(path.Ext(name)), etag: `"` + hex.EncodeToString(sum[:16]) + `"`}
		a.byName[name], a.byServed[served] = asset, asset
	}
	var css []byte
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasPrefix(p, "static/css/") {
			css = append(css, body...) // WalkDir goes in lexical order
			return nil
		}
		add(strings.TrimPrefix(p, "static/"), body)
		return nil
	})
	if err != nil {
		panic(err)
	}
	add("app.css", compactCSS(css))
	return a
}

// compactCSS drops a style sheet's comments, indentation and blank lines:
// every page carries the whole sheet, and the issue bounds a page with its
// sheet at 50 KB. Nothing inside a rule changes (a string or url holds no
// comment in our sheets).
func compactCSS(css []byte) []byte {
	var out []byte
	rest := css
	for len(rest) > 0 {
		i := bytes.Index(rest, []byte("/*"))
		if i < 0 {
			out = append(out, rest...)
			break
		}
		out = append(out, rest[:i]...)
		j := bytes.Index(rest[i+2:], []byte("*/"))
		if j < 0 {
			break // an unclosed comment runs to the end, as in a browser
		}
		rest = rest[i+2+j+2:]
	}
	var lines [][]byte
	for _, l := range bytes.Split(out, []byte("\n")) {
		if l = bytes.TrimSpace(l); len(l) > 0 {
			lines = append(lines, l)
		}
	}
	return append(bytes.Join(lines, []byte("\n")), '\n')
}

// hashedName puts the first 8 hex digits of body's SHA-256 before the
// extension of name: app.css -> app.3f9a1c2b.css.
func hashedName(name string, body []byte) string {
	sum := sha256.Sum256(body)
	ext := path.Ext(name)
	return strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
}

// assetURL is the URL of the static file name ("app.css"); a name that is
// not in static/ fails the template that asks for it.
func assetURL(name string) (string, error) {
	a, ok := assets.byName[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return a.url, nil
}

// immutable is the Cache-Control of a file whose URL changes with its bytes.
const immutable = "public, max-age=31536000, immutable"

// showStatic is GET /static/{file}: a static file under its hashed name,
// cached for a year; If-None-Match answers 304.
func (h *handler) showStatic(w http.ResponseWriter, r *http.Request) error {
	a, ok := assets.byServed[r.PathValue("file")]
	if !ok {
		return h.showNotFound(w, r)
	}
	hd := w.Header()
	hd.Set("Content-Type", a.contentType)
	hd.Set("Cache-Control", immutable)
	hd.Set("ETag", a.etag)
	r.Header.Del("Range") // a style sheet is small: always whole, never a 416
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
	return nil
}
