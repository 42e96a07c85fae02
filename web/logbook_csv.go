package web

import (
	"cmp"
	"encoding/csv"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/pelalawan/ccroom/booking"
	"github.com/pelalawan/ccroom/store"
)

// logbookHeader names the CSV columns in Indonesian, as the office's paper
// logbook did.
var logbookHeader = []string{
	"No", "Waktu", "Nomor Permohonan", "Judul Kegiatan", "Ruangan", "Instansi",
	"Langkah SOP", "Tindakan", "Dari Status", "Ke Status", "Pelaksana", "Peran",
	"Keputusan", "Catatan", "Durasi (menit)", "Standar (menit)", "Terlambat",
}

// utf8BOM makes spreadsheet programs read the file as UTF-8.
const utf8BOM = "\ufeff"

// WriteLogbookCSV writes the logbook entries as CSV for a spreadsheet: UTF-8
// with a byte order mark, a header row of Indonesian column names, CRLF line
// ends, times in loc, and every cell that a spreadsheet would run as a
// formula (= + - @, tab, CR) prefixed with an apostrophe. The API and
// `ccroom logbook export` both use it.
func WriteLogbookCSV(w io.Writer, entries []store.LogEntry, loc *time.Location) error {
	if _, err := io.WriteString(w, utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(logbookHeader); err != nil {
		return err
	}
	for i, e := range entries {
		if err := cw.Write(logbookRow(i+1, e, loc)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// logbookRow is one entry as CSV cells, each made safe for a spreadsheet.
func logbookRow(n int, e store.LogEntry, loc *time.Location) []string {
	step, _ := booking.StepFor(e.Action)
	row := []string{
		strconv.Itoa(n), e.At.In(loc).Format(time.DateTime), strconv.FormatInt(e.RequestID, 10),
		e.Title, cmp.Or(e.RoomName, e.Room), e.Organization, step.Number,
		label(actionLabels, string(e.Action)), label(statusLabels, string(e.From)),
		label(statusLabels, string(e.To)), e.Actor, label(roleLabels, string(e.Role)),
		label(decisionLabels, string(e.Decision)), e.Note,
		minutes(e.Took), minutes(e.Standard), yesNo(e.Late()),
	}
	for i, cell := range row {
		row[i] = defuseFormula(cell)
	}
	return row
}

// defuseFormula keeps a spreadsheet from reading a cell as a formula (CSV
// injection): a cell starting with = + - @ tab or CR gets a leading apostrophe.
func defuseFormula(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// minutes writes a duration in whole minutes (a decimal point would read as
// a thousands separator in an Indonesian spreadsheet); empty when zero.
func minutes(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	return strconv.FormatInt(int64(math.Round(d.Minutes())), 10)
}

func yesNo(b bool) string {
	if b {
		return "Ya"
	}
	return "Tidak"
}

// label is the Indonesian word for a code, or the code itself when none.
func label(words map[string]string, code string) string {
	if w, ok := words[code]; ok {
		return w
	}
	return code
}

var actionLabels = map[string]string{
	"reschedule": "Mengubah jadwal satu pertemuan",
	"restore":    "Memulihkan acara yang diubah di Google Calendar",
	"submit":     "Mengajukan permohonan", "forward": "Meneruskan ke Kepala Dinas",
	"dispose": "Mendisposisikan ke Kabid", "check": "Memeriksa jadwal",
	"relay": "Meneruskan ketersediaan ke Sekretaris", "inform": "Memberitahukan pemohon",
	"prepare": "Memastikan kesiapan", "report": "Melaporkan penggunaan",
	"close": "Meneruskan laporan ke Kepala Dinas", "cancel": "Membatalkan", "expire": "Kedaluwarsa",
}

var statusLabels = map[string]string{
	"submitted": "Diajukan", "forwarded": "Diteruskan", "disposed": "Didisposisikan",
	"checked": "Diperiksa", "relayed": "Disampaikan", "approved": "Disetujui",
	"rejected": "Ditolak", "prepared": "Disiapkan", "reported": "Dilaporkan",
	"closed": "Selesai", "cancelled": "Dibatalkan", "expired": "Kedaluwarsa",
}

var roleLabels = map[string]string{
	"applicant": "Pemohon", "secretary": "Sekretaris", "head": "Kepala Dinas",
	"kabid": "Kepala Bidang", "vidcon": "Tim Vidcon", "admin": "Administrator", "system": "Sistem",
}

var decisionLabels = map[string]string{"available": "Tersedia", "unavailable": "Tidak tersedia"}
