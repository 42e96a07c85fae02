// Package printdoc makes the documents an Indonesian office files and
// prints about a request, as A4 PDFs in Indonesian: the answer to the
// applicant (SOP step 7, the secretary's inform), on the office's
// letterhead, signed by its head; and the disposition sheet (step 3, the
// head's dispose), the head's instruction to the Kabid. Each is a pure
// function of the request, its history and the office's configuration;
// the fonts (DejaVu Sans, which has every letter Indonesian writes) are
// embedded, so no program or file outside the binary is needed. The same
// input gives the same bytes: the document is dated by its step, not by
// the clock.
package printdoc

import (
	_ "embed"
	"errors"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/config"
)

// The embedded fonts (fonts/LICENSE: the Bitstream Vera licence, which
// allows embedding them).
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

// ErrNotYet is the failure of a document whose step has not been taken: no
// answer before the secretary informs, no disposition before the head
// disposes.
var ErrNotYet = errors.New("printdoc: the step of this document has not been taken")

// Source is what a document is made from.
type Source struct {
	Office  config.Office
	Request booking.Request
	History []booking.Transition
	// Occurrences are the sessions of a recurring request (store
	// Occurrences); with more than one, the answer lists them all.
	Occurrences []booking.Slot
	Room        string         // the room's name
	Location    *time.Location // the office time zone; UTC when nil
	// Acting says that whoever disposed held the head's role for a period
	// (Plt.): the disposition sheet signs "Plt." before the position.
	Acting bool
	// Lang is the documents' language: Indonesian (the default), or
	// English for a reader's copy.
	Lang string
}

// AnswerName is the file name of request id's answer: jawaban-CC-000012.pdf.
func AnswerName(id int64) string { return "jawaban-" + booking.Number(id) + ".pdf" }

// DispositionName is the file name of request id's disposition sheet:
// disposisi-CC-000012.pdf.
func DispositionName(id int64) string { return "disposisi-" + booking.Number(id) + ".pdf" }

// last returns the last transition of action a in h.
func last(h []booking.Transition, a booking.Action) (booking.Transition, bool) {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Action == a {
			return h[i], true
		}
	}
	return booking.Transition{}, false
}
