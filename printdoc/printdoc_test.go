package printdoc

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
)

var wib = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Jakarta")
	if err != nil {
		panic(err)
	}
	return loc
}()

func at(month time.Month, d, h, m int) time.Time { return time.Date(2026, month, d, h, m, 0, 0, wib) }

// office is the default office with a head and an address.
func office() config.Office {
	o := config.Default().Office
	o.Address = "Jl. Maharaja Indra No. 1, Pangkalan Kerinci 28300 · Telp. (0761) 123456 · diskominfo@pelalawankab.go.id"
	o.HeadName = "Dr. H. Budi Santoso, S.Kom., M.Si."
	o.HeadNIP = "19700101 199803 1 001"
	return o
}

// source is request 12 told its answer: the chain from the submission to
// the inform, the Kabid's decision as given.
func source(decision booking.Decision, checkNote string) Source {
	r := booking.Request{ID: 12, Room: "command-center", Title: "Rapat Koordinasi Percepatan Penurunan Stunting Triwulan IV",
		Organization: "Dinas Kesehatan Kabupaten Pelalawan", ContactName: "Siti Aminah", ContactEmail: "siti@example.org",
		Start: at(12, 10, 9, 0), End: at(12, 10, 11, 30), Participants: 40,
		Equipment:    []booking.Need{{Name: "computer", Count: 2}, {Name: "projector", Count: 1}},
		LetterNumber: "005/DINKES/XI/2026", CreatedAt: at(11, 20, 8, 40)}
	to := booking.StatusApproved
	if decision == booking.DecisionUnavailable {
		to = booking.StatusRejected
	}
	h := []booking.Transition{
		{Action: booking.ActionSubmit, To: booking.StatusSubmitted, Actor: "Siti Aminah", Role: booking.RoleApplicant, At: at(11, 20, 8, 40)},
		{Action: booking.ActionForward, To: booking.StatusForwarded, Actor: "Rina", Role: booking.RoleSecretary, At: at(11, 20, 8, 44)},
		{Action: booking.ActionDispose, To: booking.StatusDisposed, Actor: "Dr. H. Budi Santoso, S.Kom., M.Si.", Role: booking.RoleHead,
			Note: "Mohon segera dicek, acara lintas OPD; pastikan konferensi video siap.", At: at(11, 20, 8, 47)},
		{Action: booking.ActionCheck, To: booking.StatusChecked, Actor: "Andi", Role: booking.RoleKabid, Decision: decision, Note: checkNote, At: at(11, 20, 8, 55)},
		{Action: booking.ActionRelay, To: booking.StatusRelayed, Actor: "Dr. H. Budi Santoso, S.Kom., M.Si.", Role: booking.RoleHead, At: at(11, 20, 9, 1)},
		{Action: booking.ActionInform, To: to, Actor: "Rina", Role: booking.RoleSecretary, At: at(11, 20, 9, 4)},
	}
	r.Status = to
	return Source{Office: office(), Request: r, History: h, Room: "Command Center", Location: wib}
}

// pdfText is the text pdftotext reads from doc. Without poppler-utils the
// test is skipped, unless CCROOM_PDF_REQUIRE=1 (CI) makes that a failure.
func pdfText(t *testing.T, doc []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CCROOM_PDF_REQUIRE") == "1" {
			t.Fatal("pdftotext is missing (install poppler-utils)")
		}
		t.Skip("pdftotext is missing (install poppler-utils to read the PDFs back)")
	}
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// pages is how many pages pdfinfo counts, and the page size.
func pageInfo(t *testing.T, doc []byte) (pages, size string) {
	t.Helper()
	bin, err := exec.LookPath("pdfinfo")
	if err != nil {
		return "", ""
	}
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, file).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)$`).FindStringSubmatch(string(out))
	s := regexp.MustCompile(`(?m)^Page size:\s+(.*)$`).FindStringSubmatch(string(out))
	if m == nil || s == nil {
		t.Fatalf("pdfinfo:\n%s", out)
	}
	return m[1], s[1]
}

// flat is text with its runs of white space as single spaces, so a
// phrase is found across pdftotext's line breaks and layout.
func flat(s string) string { return strings.Join(strings.Fields(s), " ") }

func wantIn(t *testing.T, what, text string, phrases ...string) {
	t.Helper()
	for _, p := range phrases {
		if !strings.Contains(flat(text), p) {
			t.Errorf("%s lacks %q:\n%s", what, p, text)
		}
	}
}

func TestAnswerApproved(t *testing.T) {
	t.Parallel()
	doc, err := Answer(source(booking.DecisionAvailable, ""))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(doc, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", doc[:min(len(doc), 16)])
	}
	text := pdfText(t, doc)
	wantIn(t, "the answer", text,
		"PEMERINTAH KABUPATEN PELALAWAN", "DINAS KOMUNIKASI DAN INFORMATIKA", "Jl. Maharaja Indra No. 1",
		"Pangkalan Kerinci, 20 November 2026",
		"Nomor : CC-000012/Diskominfo/2026", "Hal : Jawaban atas permohonan peminjaman ruang",
		"Yth. Pimpinan Dinas Kesehatan Kabupaten Pelalawan", "u.p. Siti Aminah",
		"surat Saudara nomor 005/DINKES/XI/2026", "DISETUJUI",
		"Nomor permohonan : CC-000012", "Ruang : Command Center",
		"Hari, tanggal : Kamis, 10 Desember 2026", "Waktu : 09.00–11.30 WIB", "Jumlah peserta : 40 orang",
		"computer (2), projector", "Kepala Dinas Komunikasi dan Informatika,",
		"Dr. H. Budi Santoso, S.Kom., M.Si.", "NIP. 19700101 199803 1 001", "CC-000012 · halaman 1 dari 1")
	if strings.Contains(text, "TIDAK DAPAT DIPENUHI") || strings.Contains(text, "Alasan") {
		t.Errorf("an approval reads as a refusal:\n%s", text)
	}
	if pages, size := pageInfo(t, doc); pages != "" && (pages != "1" || !strings.Contains(size, "(A4)")) {
		t.Errorf("pages %s, size %s; want 1 page of A4", pages, size)
	}
}

func TestAnswerRejected(t *testing.T) {
	t.Parallel()
	src := source(booking.DecisionUnavailable, "Ruang dipakai Rapat Paripurna DPRD pada jam yang sama.")
	src.Request.LetterNumber = ""
	src.Office.HeadName, src.Office.HeadNIP = "", ""
	src.History[len(src.History)-1].Note = "Silakan memilih tanggal 11 Desember."
	doc, err := Answer(src)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, doc)
	wantIn(t, "the refusal", text, "TIDAK DAPAT DIPENUHI",
		"permohonan peminjaman ruang yang Saudara ajukan pada tanggal 20 November 2026",
		"Alasan : Ruang dipakai Rapat Paripurna DPRD pada jam yang sama.",
		"Catatan : Silakan memilih tanggal 11 Desember.", "(.......................................)")
	if strings.Contains(text, "DISETUJUI") || strings.Contains(text, "NIP") {
		t.Errorf("the refusal reads as an approval, or names a NIP nobody gave:\n%s", text)
	}
}

func TestDisposition(t *testing.T) {
	t.Parallel()
	src := source(booking.DecisionAvailable, "")
	src.History = src.History[:3] // disposed, nothing after
	src.Acting = true
	doc, err := Disposition(src)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, doc)
	wantIn(t, "the disposition", text, "DINAS KOMUNIKASI DAN INFORMATIKA", "LEMBAR DISPOSISI",
		"Surat dari Dinas Kesehatan Kabupaten Pelalawan (Siti Aminah)", "Nomor surat 005/DINKES/XI/2026",
		"Diterima tanggal 20 November 2026, 08.40 WIB", "Nomor agenda CC-000012",
		"Permohonan peminjaman ruang Command Center untuk kegiatan \"Rapat Koordinasi Percepatan",
		"Kamis, 10 Desember 2026, 09.00–11.30 WIB",
		"Diteruskan kepada Kepala Bidang (Kabid)",
		"Periksa ketersediaan ruang dan peralatan pada jadwal yang dimohon, lalu laporkan hasilnya kepada Kepala Dinas.",
		"Mohon segera dicek, acara lintas OPD; pastikan konferensi video siap.",
		"Tanggal disposisi 20 November 2026, 08.47 WIB",
		"Pangkalan Kerinci, 20 November 2026", "Plt. Kepala Dinas Komunikasi dan Informatika,",
		"Dr. H. Budi Santoso, S.Kom., M.Si.", "NIP. 19700101 199803 1 001")
	if pages, size := pageInfo(t, doc); pages != "" && (pages != "1" || !strings.Contains(size, "(A4)")) {
		t.Errorf("pages %s, size %s; want 1 page of A4", pages, size)
	}
}

// TestNotYet: no answer before the inform, no disposition before the
// dispose.
func TestNotYet(t *testing.T) {
	t.Parallel()
	src := source(booking.DecisionAvailable, "")
	src.History = src.History[:2]
	if _, err := Answer(src); !errors.Is(err, ErrNotYet) {
		t.Errorf("Answer before inform: %v", err)
	}
	if _, err := Disposition(src); !errors.Is(err, ErrNotYet) {
		t.Errorf("Disposition before dispose: %v", err)
	}
}

// TestSameBytes: a document is a function of its source, not of the clock.
func TestSameBytes(t *testing.T) {
	t.Parallel()
	a, err1 := Answer(source(booking.DecisionAvailable, ""))
	time.Sleep(1100 * time.Millisecond) // a creation date from the clock would differ
	b, err2 := Answer(source(booking.DecisionAvailable, ""))
	if err1 != nil || err2 != nil || !bytes.Equal(a, b) {
		t.Errorf("two answers differ (%d and %d bytes; %v %v)", len(a), len(b), err1, err2)
	}
}

// TestHostileText: line breaks, emoji and a long unbroken word in what
// the applicant typed neither break nor crash the document; a recurring
// request lists its sessions.
func TestHostileText(t *testing.T) {
	t.Parallel()
	src := source(booking.DecisionAvailable, "")
	src.Request.Title = "Rapat\r\nKoordinasi 🎉 " + strings.Repeat("Panjang", 40)
	src.Request.Organization = "Karang Taruna\tDesa Sering 😀"
	for i := range 20 {
		d := src.Request.Start.AddDate(0, 0, 7*i)
		src.Occurrences = append(src.Occurrences, booking.Slot{Start: d, End: d.Add(2 * time.Hour)})
	}
	doc, err := Answer(src)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, doc)
	wantIn(t, "the answer", text, "Yth. Pimpinan Karang Taruna Desa Sering u.p.", "Rapat Koordinasi Panjang",
		"20. Kamis, 22 April 2027, 09.00–11.00 WIB")
	if _, err := Disposition(src); err != nil {
		t.Fatal(err)
	}
}

func TestEnglishCopy(t *testing.T) {
	t.Parallel()
	src := source(booking.DecisionAvailable, "")
	src.Lang = "en"
	doc, err := Answer(src)
	if err != nil {
		t.Fatal(err)
	}
	wantIn(t, "the English answer", pdfText(t, doc), "APPROVED", "Thursday, 10 December 2026", "09:00–11:30 WIB")
}

func TestNames(t *testing.T) {
	t.Parallel()
	if got := AnswerName(12); got != "jawaban-CC-000012.pdf" {
		t.Errorf("AnswerName = %q", got)
	}
	if got := DispositionName(12); got != "disposisi-CC-000012.pdf" {
		t.Errorf("DispositionName = %q", got)
	}
}
