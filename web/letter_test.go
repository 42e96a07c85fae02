package web

import (
	"bytes"
	"database/sql"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/store"
)

// testPDF is a small PDF whose body tells it apart from another.
func testPDF(body string) []byte {
	return []byte("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Title (" + body + ") >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
}

// bigPDF is a file shaped like a PDF of n bytes.
func bigPDF(n int) []byte {
	b := bytes.Repeat([]byte("0123456789abcdef\n"), n/17+1)[:n]
	copy(b, "%PDF-1.5\n")
	copy(b[n-7:], "\n%%EOF\n")
	return b
}

// pngFile is the start of a PNG image, which a name ending in .pdf does
// not make a PDF.
var pngFile = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"),
	bytes.Repeat([]byte{0}, 200)...)

// letterEnv is an env with a direct connection to its database, to count
// its rows.
type letterEnv struct {
	*env
	db *sql.DB
}

// forEachLetterStore is forEachStore with the database at hand.
func forEachLetterStore(t *testing.T, test func(t *testing.T, e letterEnv)) {
	t.Helper()
	engines := map[string]func(t *testing.T) (string, string){"sqlite": sqliteDSN}
	if admin := os.Getenv("CCROOM_TEST_POSTGRES"); admin != "" {
		engines["postgres"] = func(t *testing.T) (string, string) { return store.DriverPostgres, freshSchema(t, admin) }
	}
	for name, dsn := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var driver, source string
			e := newEnv(t, func(t *testing.T) (string, string) {
				driver, source = dsn(t)
				return driver, source
			})
			sqlDriver := "sqlite"
			if driver == store.DriverPostgres {
				sqlDriver = "pgx"
			}
			db, err := sql.Open(sqlDriver, source)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			test(t, letterEnv{e, db})
		})
	}
}

// letters counts the rows of the letters table.
func (e letterEnv) letters() int {
	e.t.Helper()
	var n int
	if err := e.db.QueryRowContext(e.t.Context(), `SELECT COUNT(*) FROM letters`).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// storedLetter is the bytes of request id's letter, nil for none.
func (e *env) storedLetter(id int64) []byte {
	e.t.Helper()
	_, data, err := e.store.LetterFile(e.t.Context(), id)
	if err != nil {
		return nil
	}
	return data
}

// postMultipart sends form to path as multipart/form-data, with letter as
// the file input "letter" named name (no file chosen when name is "").
func (v *visitor) postMultipart(path string, form url.Values, name string, letter []byte) response {
	v.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, s := range vs {
			if err := mw.WriteField(k, s); err != nil {
				v.e.t.Fatal(err)
			}
		}
	}
	fw, err := mw.CreateFormFile(letterField, name)
	if err != nil {
		v.e.t.Fatal(err)
	}
	if _, err := fw.Write(letter); err != nil {
		v.e.t.Fatal(err)
	}
	if err := mw.Close(); err != nil {
		v.e.t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(v.e.t.Context(), "POST", v.e.server.URL+path, &buf)
	if err != nil {
		v.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := v.client.Do(req)
	if err != nil {
		v.e.t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		v.e.t.Fatal(err)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// putLetter uploads body as request id's letter with the header pairs hdr.
func (e *env) putLetter(id int64, body any, hdr ...string) response {
	e.t.Helper()
	return e.do("PUT", letterAPIPath(id), body, append([]string{"Content-Type", "application/pdf"}, hdr...)...)
}

// wantLetter checks a download: the letter's bytes, as an attachment named
// after the request, never cached nor sniffed.
func wantLetter(t *testing.T, who string, res response, id int64, want []byte) {
	t.Helper()
	if res.status != http.StatusOK || !bytes.Equal(res.body, want) {
		t.Fatalf("%s downloads the letter: %d, %d bytes (want %d)\n%.300s", who, res.status, len(res.body), len(want), res.body)
	}
	for k, v := range map[string]string{
		"Content-Type":           "application/pdf",
		"Content-Disposition":    fmt.Sprintf(`attachment; filename="surat-CC-%06d.pdf"`, id),
		"Cache-Control":          "private, no-store",
		"X-Content-Type-Options": "nosniff",
	} {
		if got := res.header.Get(k); got != v {
			t.Errorf("%s: %s %q, want %q", who, k, got, v)
		}
	}
}

// TestLetterByForm: a letter attached in the form is stored with the
// request; the applicant's page says so and links it; staff and the
// applicant download it, another applicant's token and the public do not;
// the same form sent twice is one request with one letter.
func TestLetterByForm(t *testing.T) {
	forEachLetterStore(t, func(t *testing.T, e letterEnv) {
		v := e.visitor()
		page := v.formPage()
		for _, s := range []string{`enctype="multipart/form-data"`, `type="file" id="f-letter" name="letter" accept="application/pdf,.pdf" aria-describedby="hint-letter"`,
			`<label for="f-letter">Surat permohonan (PDF) <span class="opt">(opsional)</span></label>`} {
			if !strings.Contains(string(page), s) {
				t.Errorf("the form lacks %s", s)
			}
		}
		form := formValues(t, page, "Rapat Koordinasi Stunting", day(12, 1, 9, 0), 2)
		letter := testPDF("Surat 005/DINKES/XI/2026")
		first := v.postMultipart("/requests", form, "surat.pdf", letter)
		again := v.postMultipart("/requests", form, "surat.pdf", letter) // a double tap
		if first.status != http.StatusSeeOther || again.status != http.StatusSeeOther ||
			first.header.Get("Location") != again.header.Get("Location") {
			t.Fatalf("double submit: %d %q, %d %q", first.status, first.header.Get("Location"),
				again.status, again.header.Get("Location"))
		}
		if n := e.countRequests(); n != 1 {
			t.Fatalf("%d requests after a double submit, want 1", n)
		}
		if n := e.letters(); n != 1 {
			t.Fatalf("%d letters, want 1", n)
		}
		const id = 1
		if got := e.storedLetter(id); !bytes.Equal(got, letter) {
			t.Fatalf("the stored letter is %d bytes, want %d", len(got), len(letter))
		}
		// The same form with another letter is another submission: refused.
		res := v.postMultipart("/requests", form, "surat.pdf", testPDF("another"))
		wantPage(t, "the same form with another letter", res, http.StatusUnprocessableEntity, "sudah pernah dikirim")
		if !bytes.Equal(e.storedLetter(id), letter) || e.countRequests() != 1 {
			t.Error("the same form with another letter changed something")
		}

		track := v.get(first.header.Get("Location"))
		wantPage(t, "tracking page", track, http.StatusOK, "Surat permohonan terlampir")
		token := must(url.Parse(first.header.Get("Location"))).Query().Get("token")
		href := fmt.Sprintf("/api/v1/requests/%d/letter?token=%s", id, url.QueryEscape(token))
		if !strings.Contains(string(track.body), `href="`+strings.ReplaceAll(href, "&", "&amp;")+`" download>Unduh surat (PDF, 1 KB)</a>`) {
			t.Errorf("the tracking page does not link %s:\n%s", href, track.body)
		}
		wantLetter(t, "the applicant", v.get(href), id, letter)
		wantLetter(t, "the applicant by header", e.do("GET", letterAPIPath(id), nil, "X-Tracking-Token", token), id, letter)
		wantLetter(t, "staff", e.do("GET", letterAPIPath(id), nil, e.as("kabid")...), id, letter)

		// Another applicant's token, none, and a forged one: 404.
		_, other := e.submit(application("Rapat lain", day(12, 2, 9, 0), 1))
		for what, path := range map[string]string{
			"another applicant's token": letterAPIPath(id) + "?token=" + url.QueryEscape(other),
			"no token":                  letterAPIPath(id),
			"a forged token":            letterAPIPath(id) + "?token=" + url.QueryEscape(token+"x"),
		} {
			if res := e.do("GET", path, nil); res.status != http.StatusNotFound || bytes.Contains(res.body, []byte("%PDF")) {
				t.Errorf("%s: %d %.100s", what, res.status, res.body)
			}
		}
		if res := e.do("GET", letterAPIPath(2), nil, e.as("secretary")...); res.status != http.StatusNotFound {
			t.Errorf("a request without a letter: %d", res.status)
		}
		if res := e.do("GET", letterAPIPath(id), nil, e.as("former")...); res.status != http.StatusNotFound {
			t.Errorf("a former official: %d", res.status)
		}

		// The staff's page link: signed in only.
		staffPath := fmt.Sprintf("/staff/requests/%d/letter.pdf", id)
		anon := e.visitor()
		if res := anon.get(staffPath); res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/login") {
			t.Errorf("the staff link without signing in: %d %q", res.status, res.header.Get("Location"))
		}
		staff := e.visitor()
		staff.signIn("head")
		wantLetter(t, "the signed-in head", staff.get(staffPath), id, letter)
		if res := staff.get("/staff/requests/2/letter.pdf"); res.status != http.StatusNotFound {
			t.Errorf("the staff link of a request without a letter: %d", res.status)
		}
		h := &handler{office: e.office, store: e.store}
		link, err := h.staffLetterLink(t.Context(), id, locale.For(locale.Indonesian))
		if err != nil || link == nil || link.Href != staffPath || link.Size != "1 KB" {
			t.Errorf("staffLetterLink: %+v, %v", link, err)
		}

		// Nothing public names it.
		for _, path := range []string{"/", "/feeds/public.ics"} {
			if res := e.do("GET", path, nil); bytes.Contains(res.body, []byte("/letter")) {
				t.Errorf("%s links the letter", path)
			}
		}
	})
}

// TestLetterByPut: the applicant and the secretary attach and replace the
// letter by PUT until the secretary forwards the request, then 409; other
// staff may not, another applicant's token finds nothing.
func TestLetterByPut(t *testing.T) {
	forEachLetterStore(t, func(t *testing.T, e letterEnv) {
		id, token := e.submit(application("Rapat", day(12, 3, 9, 0), 2))
		_, other := e.submit(application("Rapat lain", day(12, 4, 9, 0), 2))
		first, second, third := testPDF("first"), testPDF("second"), testPDF("third")

		res := e.putLetter(id, first, "X-Tracking-Token", token)
		if res.status != http.StatusCreated {
			t.Fatalf("PUT by the applicant: %d %s", res.status, res.body)
		}
		m := res.json(t)
		if m["number"] != "CC-000001" || m["size"] != float64(len(first)) || m["download"] != letterAPIPath(id) ||
			len(m["sha256"].(string)) != 64 || m["uploaded_at"] != "2026-11-20T09:00:00+07:00" {
			t.Errorf("PUT's answer: %v", m)
		}
		wantLetter(t, "staff after the applicant's PUT", e.do("GET", letterAPIPath(id), nil, e.as("head")...), id, first)

		e.clock.advance(time.Hour)
		if res := e.putLetter(id, second, e.as("secretary")...); res.status != http.StatusOK {
			t.Fatalf("PUT by the secretary: %d %s", res.status, res.body)
		}
		wantLetter(t, "the applicant after the secretary's PUT",
			e.do("GET", letterAPIPath(id)+"?token="+url.QueryEscape(token), nil), id, second)
		if l, err := e.store.LetterInfo(t.Context(), id); err != nil || l.UploadedBy == 0 {
			t.Errorf("the secretary's upload: %+v, %v", l, err)
		}
		// ?token= works too, and a replacement by the applicant again.
		if res := e.putLetter(id, first, "X-Tracking-Token", token); res.status != http.StatusOK {
			t.Fatalf("PUT again by the applicant: %d %s", res.status, res.body)
		}
		if res := e.do("PUT", letterAPIPath(id)+"?token="+url.QueryEscape(token), second); res.status != http.StatusOK {
			t.Fatalf("PUT with ?token= and no Content-Type: %d %s", res.status, res.body)
		}

		// Refused, and nothing changes.
		for what, res := range map[string]response{
			"another applicant's token": e.putLetter(id, third, "X-Tracking-Token", other),
			"no token":                  e.putLetter(id, third),
			"the head":                  e.putLetter(id, third, e.as("head")...),
			"a former official":         e.putLetter(id, third, e.as("former")...),
			"an unknown request":        e.putLetter(99, third, e.as("secretary")...),
		} {
			want := http.StatusNotFound
			if what == "the head" {
				want = http.StatusForbidden
			}
			if what == "a former official" {
				want = http.StatusNotFound // no role today: an anonymous caller with no token
			}
			if res.status != want {
				t.Errorf("PUT by %s: %d %s, want %d", what, res.status, res.body, want)
			}
		}
		if !bytes.Equal(e.storedLetter(id), second) || e.letters() != 1 {
			t.Fatal("a refused PUT changed the letter")
		}

		e.act(id, "secretary", "forward", "", "", http.StatusOK)
		for who, hdr := range map[string][]string{"applicant": {"X-Tracking-Token", token}, "secretary": e.as("secretary")} {
			res := e.putLetter(id, third, hdr...)
			if code, _ := res.errorOf(t); res.status != http.StatusConflict || code != "letter_closed" {
				t.Errorf("PUT by the %s after the forward: %d %s", who, res.status, res.body)
			}
		}
		if !bytes.Equal(e.storedLetter(id), second) {
			t.Error("a PUT after the forward replaced the letter")
		}
		wantLetter(t, "staff after the forward", e.do("GET", letterAPIPath(id), nil, e.as("kabid")...), id, second)
	})
}

// TestLetterRefused: a PNG named .pdf is 415, a 6 MB file 413, by PUT and
// in the form; the form comes back as typed with the message at the letter
// field; the database holds no request and no letter after the refusals.
func TestLetterRefused(t *testing.T) {
	forEachLetterStore(t, func(t *testing.T, e letterEnv) {
		id, token := e.submit(application("Rapat", day(12, 3, 9, 0), 2))
		six := bigPDF(6 << 20)
		noEOF := testPDF("cut")[:40]
		for what, c := range map[string]struct {
			body   any
			status int
		}{
			"a PNG named .pdf":    {pngFile, http.StatusUnsupportedMediaType},
			"a PDF cut short":     {noEOF, http.StatusUnsupportedMediaType},
			"an empty body":       {[]byte{}, http.StatusUnsupportedMediaType},
			"a 6 MB PDF":          {six, http.StatusRequestEntityTooLarge},
			"a 6 MB PDF, chunked": {io.MultiReader(bytes.NewReader(six)), http.StatusRequestEntityTooLarge},
			"5 MB and one byte":   {bigPDF(maxLetter + 1), http.StatusRequestEntityTooLarge},
		} {
			res := e.putLetter(id, c.body, "X-Tracking-Token", token)
			if res.status != c.status {
				t.Errorf("PUT %s: %d %.200s, want %d", what, res.status, res.body, c.status)
			}
		}
		if n := e.letters(); n != 0 {
			t.Fatalf("%d letters after the refused PUTs", n)
		}
		// Exactly 5 MB is a letter.
		if res := e.putLetter(id, bigPDF(maxLetter), "X-Tracking-Token", token); res.status != http.StatusCreated {
			t.Fatalf("PUT of 5 MB: %d %s", res.status, res.body)
		}

		v := e.visitor()
		before := e.countRequests()
		for what, c := range map[string]struct {
			name   string
			data   []byte
			status int
			text   string
		}{
			"a PNG named .pdf":   {"surat.pdf", pngFile, http.StatusUnsupportedMediaType, "Berkas surat bukan PDF."},
			"a 6 MB PDF":         {"surat.pdf", six, http.StatusRequestEntityTooLarge, "Berkas surat lebih besar dari 5 MB."},
			"a text file":        {"surat.txt", []byte("Dengan hormat,"), http.StatusUnsupportedMediaType, "Berkas surat bukan PDF."},
			"a 12 MB PDF (page)": {"surat.pdf", bigPDF(12 << 20), http.StatusRequestEntityTooLarge, "Kiriman terlalu besar untuk diterima."},
		} {
			form := formValues(t, v.formPage(), "Rapat "+what, day(12, 8, 9, 0), 2)
			res := v.postMultipart("/requests", form, c.name, c.data)
			wantPage(t, what, res, c.status, c.text)
			if c.status == http.StatusUnsupportedMediaType || what == "a 6 MB PDF" {
				body := string(res.body)
				for _, s := range []string{`aria-invalid="true"`, `id="err-letter"`, `href="#f-letter"`,
					`value="Rapat ` + what + `"`, "Pilih lagi berkas surat Anda"} {
					if !strings.Contains(body, s) {
						t.Errorf("%s: the form shown again lacks %s", what, s)
					}
				}
			}
		}
		if n := e.countRequests(); n != before {
			t.Errorf("%d requests after the refused forms, want %d", n, before)
		}
		if n := e.letters(); n != 1 {
			t.Errorf("%d letters after the refused forms, want 1", n)
		}
		// No file chosen: the form sends the request alone.
		form := formValues(t, v.formPage(), "Rapat tanpa surat", day(12, 9, 9, 0), 2)
		if res := v.postMultipart("/requests", form, "", nil); res.status != http.StatusSeeOther {
			t.Fatalf("a form with no file chosen: %d %s", res.status, res.body)
		}
		if n := e.letters(); n != 1 || e.countRequests() != before+1 {
			t.Errorf("no file chosen: %d letters, %d requests", n, e.countRequests())
		}
	})
}
