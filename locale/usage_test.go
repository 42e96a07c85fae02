package locale_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/pelalawan/ccroom/locale"
)

// The module's source is scanned for the keys it uses: every string literal
// of Go code shaped like a key of the catalogue ("status.approved",
// "link.done"), and every key a template words with t.

// keyShape is a literal that may be a key: lower-case words joined by dots.
var keyShape = regexp.MustCompile(`^[a-z][a-z_]*(\.[a-z0-9_]+)+$`)

// fileName is a literal that names a file, not a key ("page.go").
var fileName = regexp.MustCompile(`\.(go|html|txt|json|css|ics|png|eml|yaml|db)$`)

// templateKey is t's first argument in a template: {{t "home.title"}}.
var templateKey = regexp.MustCompile(`\bt\s+"([^"]+)"`)

// usage is what the scan found: literal keys (with where) and the literal
// prefixes that build keys at run time ("status." + code).
type usage struct {
	keys     map[string]string
	prefixes map[string]bool
}

// scanModule reads every Go file and template of the module.
func scanModule(t *testing.T) usage {
	t.Helper()
	namespaces := map[string]bool{}
	for _, k := range locale.Keys("id") {
		ns, _, _ := strings.Cut(k, ".")
		namespaces[ns] = true
	}
	u := usage{keys: map[string]string{}, prefixes: map[string]bool{}}
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "testdata" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		switch {
		case strings.HasSuffix(path, ".go"):
			u.scanGo(t, path, namespaces)
		case strings.Contains(filepath.ToSlash(path), "/templates/"):
			u.scanTemplate(t, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (u usage) scanGo(t *testing.T, path string, namespaces map[string]bool) {
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		return // a file another engineer is writing; the build reports it
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if key, ok := getCall(n); ok && !strings.HasSuffix(path, "_test.go") {
			u.keys[key] = path
		}
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		s, err := strconv.Unquote(lit.Value)
		ns, _, _ := strings.Cut(s, ".")
		switch {
		case err != nil || !namespaces[ns] || strings.HasSuffix(path, "_test.go"):
		case strings.HasSuffix(s, ".") && keyShape.MatchString(s+"x"):
			u.prefixes[s] = true
		case keyShape.MatchString(s) && !fileName.MatchString(s):
			u.keys[s] = path
		}
		return true
	})
}

// getCall is the key of a call p.Get("key", ...) or p.Has("key"), whatever
// its namespace (a misspelt one too).
func getCall(n ast.Node) (string, bool) {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	lit, isLit := call.Args[0].(*ast.BasicLit)
	if !ok || !isLit || lit.Kind != token.STRING || sel.Sel.Name != "Get" && sel.Sel.Name != "Has" {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil && keyShape.MatchString(s)
}

func (u usage) scanTemplate(t *testing.T, path string) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range templateKey.FindAllStringSubmatch(string(b), -1) {
		u.keys[m[1]] = path
	}
}

// TestUsedKeysExist: every key the code or a template names is in the
// catalogue, so none shows as "!key".
func TestUsedKeysExist(t *testing.T) {
	u := scanModule(t)
	if len(u.keys) < 100 {
		t.Fatalf("the scan found only %d keys", len(u.keys))
	}
	for k, where := range u.keys {
		if _, ok := locale.Text("id", k); !ok {
			t.Errorf("%s uses %q, which the catalogue lacks", where, k)
		}
	}
}

// awaitingUse are keys kept for code that still words them itself: the
// public feeds' "Terpakai" (calendar/ical/listing.go, web/view.go), the
// public overlap message (web/errors.go), the feeds' names
// (web/feed_cache.go) and a rescheduled session's logbook note
// (office/occurrence.go).
var awaitingUse = map[string]bool{
	"calendar.reserved": true,
}

// TestEveryKeyUsed: every key of the catalogue is used, literally or under
// a prefix the code builds keys from ("status." + code), so the files hold
// no forgotten words.
func TestEveryKeyUsed(t *testing.T) {
	u := scanModule(t)
	for _, k := range locale.Keys("id") {
		if _, ok := u.keys[k]; ok || awaitingUse[k] || u.underPrefix(k) {
			continue
		}
		t.Errorf("%q is in the catalogue but nothing uses it", k)
	}
}

func (u usage) underPrefix(k string) bool {
	for p := range u.prefixes {
		if strings.HasPrefix(k, p) {
			return true
		}
	}
	return false
}
