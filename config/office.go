package config

import (
	"strconv"
	"strings"
)

// The placeholders of office.letter_number.
const (
	letterNumberPlaceholder = "{number}"
	letterYearPlaceholder   = "{year}"
)

// maxLetterhead is how many lines a letterhead may have: more would push
// the letter off its page.
const maxLetterhead = 5

// LetterNo is the letter number of the office's answer to request number
// (CC-000012) in year: office.letter_number with its placeholders filled.
func (o Office) LetterNo(number string, year int) string {
	return strings.NewReplacer(letterNumberPlaceholder, number,
		letterYearPlaceholder, strconv.Itoa(year)).Replace(o.LetterNumber)
}

// LetterheadLines are the lines of the letterhead: office.letterhead, or
// office.name alone when it has none.
func (o Office) LetterheadLines() []string {
	if len(o.Letterhead) == 0 {
		return []string{o.Name}
	}
	return o.Letterhead
}

func (v *checker) office(c *Config) {
	o := c.Office
	if strings.TrimSpace(o.Name) == "" {
		v.fail("office.name", "empty (want the office's name, e.g. Dinas Komunikasi dan Informatika Kabupaten Pelalawan)")
	}
	if len(o.Letterhead) > maxLetterhead {
		v.fail("office.letterhead", "%d lines (want at most %d)", len(o.Letterhead), maxLetterhead)
	}
	for i, l := range o.Letterhead {
		if strings.TrimSpace(l) == "" {
			v.fail("office.letterhead", "line %d is empty", i+1)
		}
	}
	if strings.TrimSpace(o.City) == "" {
		v.fail("office.city", "empty (want the city letters are dated in, e.g. Pangkalan Kerinci)")
	}
	if strings.TrimSpace(o.HeadPosition) == "" {
		v.fail("office.head_position", "empty (want the head's title, e.g. Kepala Dinas Komunikasi dan Informatika)")
	}
	if !strings.Contains(o.LetterNumber, letterNumberPlaceholder) {
		v.fail("office.letter_number", "%q lacks {number} (want e.g. {number}/Diskominfo/{year})", o.LetterNumber)
	} else if rest := strings.NewReplacer(letterNumberPlaceholder, "", letterYearPlaceholder, "").Replace(o.LetterNumber); strings.ContainsAny(rest, "{}") {
		v.fail("office.letter_number", "%q has an unknown placeholder (want only {number} and {year})", o.LetterNumber)
	}
	for _, f := range []struct{ key, value string }{{"office.address", o.Address}, {"office.city", o.City},
		{"office.head_name", o.HeadName}, {"office.head_nip", o.HeadNIP},
		{"office.head_position", o.HeadPosition}, {"office.letter_number", o.LetterNumber}} {
		if strings.ContainsAny(f.value, "\r\n") {
			v.fail(f.key, "holds a line break (want one line)")
		}
	}
}
