package mail

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
)

// TestDecisionCarriesTheAnswer: the applicant's email of the decision
// carries the office's answer letter as a PDF, on the configured
// letterhead, approval or refusal; no one else's email carries it.
func TestDecisionCarriesTheAnswer(t *testing.T) {
	for _, tt := range []struct {
		decision booking.Decision
		note     string
		want     []string
	}{
		{booking.DecisionAvailable, "", []string{"DISETUJUI"}},
		{booking.DecisionUnavailable, "Ruang dipakai rapat DPRD", []string{"TIDAK DAPAT DIPENUHI", "Ruang dipakai rapat DPRD"}},
	} {
		t.Run(string(tt.decision), func(t *testing.T) {
			e := newEnv(t)
			o := config.Default().Office
			o.Letterhead = []string{"Pemerintah Kabupaten Pelalawan", "Dinas Komunikasi dan Informatika"}
			o.HeadName, o.LetterNumber = "Budi Santoso", "000.1.3/{number}/Diskominfo/{year}"
			e.mailer.opt.Documents = o
			r := e.submit("Rapat Koordinasi", day(12, 10, 9, 0))
			e.act(r.ID, "secretary", booking.ActionForward, "", "")
			e.act(r.ID, "head", booking.ActionDispose, "", "")
			e.act(r.ID, "kabid", booking.ActionCheck, tt.decision, tt.note)
			e.act(r.ID, "head", booking.ActionRelay, "", "")
			e.drain()
			for _, m := range e.smtp.take() {
				if len(m.files) > 0 && m.files["invite.ics"] == nil {
					t.Errorf("%s got attachments before the decision: %v", m.to, m.files)
				}
			}
			e.act(r.ID, "secretary", booking.ActionInform, "", "")
			e.drain()
			got := e.smtp.take()
			if len(got) != 1 || got[0].to[0] != "siti@example.org" {
				t.Fatalf("the decision went to %d messages, want the applicant's alone", len(got))
			}
			doc := got[0].files["jawaban-CC-000001.pdf"]
			if !bytes.HasPrefix(doc, []byte("%PDF-")) {
				t.Fatalf("no answer attached: files %v", names(got[0].files))
			}
			text := pdfText(t, doc)
			for _, w := range append([]string{"CC-000001", "000.1.3/CC-000001/Diskominfo/2026", "Dinas Kesehatan",
				"005/DINKES/XI/2026", "Budi Santoso", "DINAS KOMUNIKASI DAN INFORMATIKA"}, tt.want...) {
				if !strings.Contains(text, w) {
					t.Errorf("the attached answer lacks %q:\n%s", w, text)
				}
			}
		})
	}
}

func names(files map[string][]byte) []string {
	var out []string
	for n := range files {
		out = append(out, n)
	}
	return out
}

// pdfText is the text pdftotext reads from doc, on one line. Without
// poppler-utils the test is skipped, unless CCROOM_PDF_REQUIRE=1 (CI).
func pdfText(t *testing.T, doc []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CCROOM_PDF_REQUIRE") == "1" {
			t.Fatal("pdftotext is missing (install poppler-utils)")
		}
		t.Skip("pdftotext is missing (install poppler-utils to read the PDF back)")
	}
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return strings.Join(strings.Fields(string(out)), " ")
}
