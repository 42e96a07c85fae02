package booking

import (
	"strings"

	"github.com/pelalawan/ccroom/locale"
)

// The words people read for the codes of the SOP live in the catalogue
// (package locale) under one key per code: "status.approved",
// "action.forward", "step.forward", "role.kabid", "decision.available".

// An empty code (no status before the submission, no decision outside the
// re-check) has no words: they are "".

// Word is the status as people read it: "Disetujui", "Approved".
func (s Status) Word(p *locale.Printer) string { return word(p, "status.", string(s), "") }

// Detail is the status with what happens next, for the applicant:
// "Diteruskan ke Kepala Dinas, menunggu disposisi".
func (s Status) Detail(p *locale.Printer) string { return word(p, "status.", string(s), ".detail") }

// Word is what was done, as a logbook or a history line says it:
// "Meneruskan ke Kepala Dinas", "Forwarded to the head of office".
func (a Action) Word(p *locale.Printer) string { return word(p, "action.", string(a), "") }

// Step is the step to take, as a button says it: "Teruskan ke Kepala Dinas",
// "Forward to the head of office".
func (a Action) Step(p *locale.Printer) string { return word(p, "step.", string(a), "") }

// Word is the role as people name it: "Sekretariat", "Kepala Dinas".
func (r Role) Word(p *locale.Printer) string { return word(p, "role.", string(r), "") }

// Word is the Kabid's decision: "Tersedia", "Not available".
func (d Decision) Word(p *locale.Printer) string { return word(p, "decision.", string(d), "") }

// word is the catalogue's text of prefix+code+suffix, "" for no code.
func word(p *locale.Printer, prefix, code, suffix string) string {
	if code == "" {
		return ""
	}
	return p.Get(prefix + code + suffix)
}

// rolesWord names roles for a sentence: "Sekretariat atau Kepala Dinas".
func rolesWord(roles []Role, p *locale.Printer) string {
	words := make([]string, len(roles))
	for i, r := range roles {
		words[i] = r.Word(p)
	}
	return strings.Join(words, " "+p.Get("word.or")+" ")
}
