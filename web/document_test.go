package web

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
	"github.com/pelalawan/ccroom/locale"
)

// documentPath is the path of request id's document: answer.pdf or
// disposition.pdf.
func documentPath(id int64, file string) string {
	return "/staff/requests/" + strconv.FormatInt(id, 10) + "/" + file
}

// TestDocuments: staff read the disposition sheet once the head disposed
// and the answer once the secretary informed, as PDFs whose text holds the
// request's number, the organization, the decision and the head's
// instruction; before its step each is 404 on a page saying why, and a
// visitor who is not signed in is sent to sign in.
func TestDocuments(t *testing.T) {
	forEachStore(t, func(t *testing.T, e *env) {
		id, _ := e.submit(application("Rapat Koordinasi Stunting", day(12, 10, 9, 0), 2))
		if res := e.visitor().get(documentPath(id, "answer.pdf")); res.status != http.StatusSeeOther ||
			!strings.HasPrefix(res.header.Get("Location"), "/login") {
			t.Fatalf("signed out: %d %s", res.status, res.header.Get("Location"))
		}
		v := e.visitor()
		v.signIn("secretary")
		for _, file := range []string{"answer.pdf", "disposition.pdf"} {
			res := v.get(documentPath(id, file))
			if res.status != http.StatusNotFound || !strings.Contains(res.header.Get("Content-Type"), "text/html") {
				t.Fatalf("%s before its step: %d %s", file, res.status, res.header.Get("Content-Type"))
			}
		}
		wantPage(t, "no disposition yet", v.get(documentPath(id, "disposition.pdf")), http.StatusNotFound,
			"Kepala Dinas belum mendisposisikan permohonan ini")
		if res := v.get(documentPath(id+100, "answer.pdf")); res.status != http.StatusNotFound {
			t.Errorf("an unknown request: %d", res.status)
		}

		e.act(id, "secretary", "forward", "", "", http.StatusOK)
		e.act(id, "head", "dispose", "", "Mohon dicek, acara lintas OPD", http.StatusOK)
		res := v.get(documentPath(id, "disposition.pdf"))
		text := pdfOf(t, res, "disposisi-"+booking.Number(id)+".pdf")
		for _, w := range []string{"LEMBAR DISPOSISI", booking.Number(id), "Dinas Kesehatan", "Kepala Bidang (Kabid)",
			"Periksa ketersediaan ruang dan peralatan pada jadwal yang dimohon", "Mohon dicek, acara lintas OPD",
			"20 November 2026", "Bapak head"} {
			if !strings.Contains(text, w) {
				t.Errorf("the disposition sheet lacks %q:\n%s", w, text)
			}
		}
		if strings.Contains(text, "Plt.") {
			t.Errorf("the head for good signs as acting:\n%s", text)
		}
		if res := v.get(documentPath(id, "answer.pdf")); res.status != http.StatusNotFound {
			t.Errorf("answer before inform: %d", res.status)
		}

		e.act(id, "kabid", "check", "available", "", http.StatusOK)
		e.act(id, "head", "relay", "", "", http.StatusOK)
		e.act(id, "secretary", "inform", "", "", http.StatusOK)
		res = v.get(documentPath(id, "answer.pdf"))
		text = pdfOf(t, res, "jawaban-"+booking.Number(id)+".pdf")
		for _, w := range []string{booking.Number(id), "Dinas Kesehatan", "005/DINKES/XI/2026", "DISETUJUI",
			"Command Center", "Kamis, 10 Desember 2026", "09.00–11.00 WIB", "Pangkalan Kerinci, 20 November 2026",
			booking.Number(id) + "/Diskominfo/2026", "DINAS KOMUNIKASI DAN INFORMATIKA"} {
			if !strings.Contains(text, w) {
				t.Errorf("the answer lacks %q:\n%s", w, text)
			}
		}
	})
}

// TestDocumentsFromConfig: the documents carry the configured letterhead
// and head; an acting head's disposition signs "Plt."; a refusal's answer
// reads the Kabid's reason.
func TestDocumentsFromConfig(t *testing.T) {
	o := config.Default().Office
	o.Letterhead = []string{"Pemerintah Kabupaten Contoh", "Dinas Kominfo Contoh"}
	o.HeadName, o.HeadNIP, o.HeadPosition = "Ir. Rahmat Hidayat", "19750505 200003 1 002", "Kepala Dinas Kominfo Contoh"
	o.LetterNumber = "000.1.3/{number}/Kominfo/{year}"
	e := newEnvWith(t, sqliteDSN, func(opt *Options) { opt.Documents = o })
	e.addUser("plt", booking.Grant{Role: booking.RoleHead, From: day(11, 1, 0, 0), Until: day(11, 30, 0, 0)})
	id, _ := e.submit(application("Rapat", day(12, 10, 9, 0), 2))
	e.act(id, "secretary", "forward", "", "", http.StatusOK)
	e.act(id, "plt", "dispose", "", "", http.StatusOK)
	e.act(id, "kabid", "check", "unavailable", "Ruang dipakai rapat DPRD", http.StatusOK)
	e.act(id, "plt", "relay", "", "", http.StatusOK)
	e.act(id, "secretary", "inform", "", "", http.StatusOK)
	v := e.visitor()
	v.signIn("kabid")
	text := pdfOf(t, v.get(documentPath(id, "disposition.pdf")), "disposisi-"+booking.Number(id)+".pdf")
	for _, w := range []string{"PEMERINTAH KABUPATEN CONTOH", "DINAS KOMINFO CONTOH", "Plt. Kepala Dinas Kominfo Contoh,", "Bapak plt"} {
		if !strings.Contains(text, w) {
			t.Errorf("the disposition sheet lacks %q:\n%s", w, text)
		}
	}
	text = pdfOf(t, v.get(documentPath(id, "answer.pdf")), "jawaban-"+booking.Number(id)+".pdf")
	for _, w := range []string{"000.1.3/" + booking.Number(id) + "/Kominfo/2026", "TIDAK DAPAT DIPENUHI",
		"Ruang dipakai rapat DPRD", "Kepala Dinas Kominfo Contoh,", "Ir. Rahmat Hidayat", "NIP. 19750505 200003 1 002"} {
		if !strings.Contains(text, w) {
			t.Errorf("the answer lacks %q:\n%s", w, text)
		}
	}
}

// pdfOf checks that res is a PDF served inline as file, and returns its
// text as pdftotext reads it, on one line. Without poppler-utils the test
// is skipped, unless CCROOM_PDF_REQUIRE=1 (CI).
func pdfOf(t *testing.T, res response, file string) string {
	t.Helper()
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/pdf" ||
		res.header.Get("Content-Disposition") != `inline; filename="`+file+`"` || !bytes.HasPrefix(res.body, []byte("%PDF-")) {
		t.Fatalf("not the PDF %s: %d %q %q %.40q", file, res.status, res.header.Get("Content-Type"),
			res.header.Get("Content-Disposition"), res.body)
	}
	if csp := res.header.Get("Content-Security-Policy"); !strings.Contains(csp, "object-src 'self'") ||
		!strings.Contains(csp, "frame-ancestors 'none'") || res.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("CSP %q, nosniff %q: want Chromium's viewer allowed and nothing else", csp, res.header.Get("X-Content-Type-Options"))
	}
	if res.header.Get("Cache-Control") != "no-store" {
		t.Errorf("Cache-Control %q, want no-store", res.header.Get("Cache-Control"))
	}
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CCROOM_PDF_REQUIRE") == "1" {
			t.Fatal("pdftotext is missing (install poppler-utils)")
		}
		t.Skip("pdftotext is missing (install poppler-utils to read the PDFs back)")
	}
	path := filepath.Join(t.TempDir(), file)
	if err := os.WriteFile(path, res.body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}

// TestDocumentLinks: the staff request page's section links each
// document once its step was taken, and is absent before.
func TestDocumentLinks(t *testing.T) {
	p := locale.For("id")
	h := []booking.Transition{{Action: booking.ActionSubmit}, {Action: booking.ActionForward}}
	if got := documentLinks(p, 12, h); got != nil {
		t.Errorf("before the disposition: %+v", got)
	}
	h = append(h, booking.Transition{Action: booking.ActionDispose})
	got := documentLinks(p, 12, h)
	if got == nil || got.Title != "Dokumen cetak" || len(got.Links) != 1 ||
		got.Links[0] != (linkItem{Text: "Lembar disposisi (PDF)", Link: "/staff/requests/12/disposition.pdf"}) {
		t.Errorf("after the disposition: %+v", got)
	}
	h = append(h, booking.Transition{Action: booking.ActionCheck}, booking.Transition{Action: booking.ActionRelay},
		booking.Transition{Action: booking.ActionInform})
	got = documentLinks(locale.For("en"), 12, h)
	if got == nil || len(got.Links) != 2 || got.Links[1] != (linkItem{Text: "Answer to the applicant (PDF)", Link: "/staff/requests/12/answer.pdf"}) {
		t.Errorf("after the inform: %+v", got)
	}
}
