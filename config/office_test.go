package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestOfficeValidation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(o *Office)
		want   string
	}{
		{"name", func(o *Office) { o.Name = " " }, `office.name: empty`},
		{"letterhead lines", func(o *Office) { o.Letterhead = []string{"a", "b", "c", "d", "e", "f"} }, `office.letterhead: 6 lines (want at most 5)`},
		{"letterhead empty line", func(o *Office) { o.Letterhead = []string{"Pemerintah", " "} }, `office.letterhead: line 2 is empty`},
		{"city", func(o *Office) { o.City = "" }, `office.city: empty`},
		{"head_position", func(o *Office) { o.HeadPosition = "" }, `office.head_position: empty`},
		{"letter_number", func(o *Office) { o.LetterNumber = "000.1.3/Diskominfo" }, `office.letter_number: "000.1.3/Diskominfo" lacks {number}`},
		{"letter_number placeholder", func(o *Office) { o.LetterNumber = "{number}/{tahun}" }, `office.letter_number: "{number}/{tahun}" has an unknown placeholder`},
		{"head_name line break", func(o *Office) { o.HeadName = "Budi\nSantoso" }, `office.head_name: holds a line break`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := Default()
			tt.change(&c.Office)
			p := c.Problems()
			if len(p) != 1 || !strings.HasPrefix(p[0].Error(), "config: "+tt.want) {
				t.Errorf("problems %v\nwant one starting with %q", p, "config: "+tt.want)
			}
		})
	}
}

func TestOfficeKeys(t *testing.T) {
	t.Parallel()
	c := mustLoad(t, `
office:
  letterhead: [Pemerintah Kabupaten Pelalawan, Dinas Komunikasi dan Informatika]
  address: Jl. Maharaja Indra, Pangkalan Kerinci
  head_name: Budi Santoso, S.Kom.
  head_nip: "19700101 199803 1 001"
  letter_number: 000.1.3/{number}/Diskominfo/{year}
`, map[string]string{"CCROOM_OFFICE_CITY": "Pelalawan", "CCROOM_OFFICE_LETTERHEAD": "Pemerintah, Dinas"})
	o := c.Office
	if !reflect.DeepEqual(o.Letterhead, []string{"Pemerintah", "Dinas"}) {
		t.Errorf("letterhead = %q (the environment wins)", o.Letterhead)
	}
	if o.City != "Pelalawan" || o.HeadName != "Budi Santoso, S.Kom." || o.HeadNIP != "19700101 199803 1 001" ||
		o.Address != "Jl. Maharaja Indra, Pangkalan Kerinci" {
		t.Errorf("office = %+v", o)
	}
	if got := o.LetterNo("CC-000012", 2026); got != "000.1.3/CC-000012/Diskominfo/2026" {
		t.Errorf("LetterNo = %q", got)
	}
	if got := Default().Office.LetterNo("CC-000012", 2027); got != "CC-000012/Diskominfo/2027" {
		t.Errorf("default LetterNo = %q", got)
	}
	if got := (Office{Name: "Dinas X"}).LetterheadLines(); !reflect.DeepEqual(got, []string{"Dinas X"}) {
		t.Errorf("LetterheadLines without a letterhead = %q", got)
	}
}
