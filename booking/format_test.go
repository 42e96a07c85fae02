package booking

import (
	"testing"
	"time"
)

func TestFormatSpan(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	start := time.Date(2026, 12, 10, 9, 0, 0, 0, wib)
	for _, c := range []struct {
		end        time.Time
		lang, want string
	}{
		{start.Add(2 * time.Hour), "id", "Kamis, 10-12-2026 09:00-11:00 WIB"},
		{start.Add(2 * time.Hour), "en", "Thursday, 10 Dec 2026 09:00-11:00 WIB"},
		{start.Add(26 * time.Hour), "id", "Kamis, 10-12-2026 09:00 - 11-12-2026 11:00 WIB"},
	} {
		if got := FormatSpan(start.UTC(), c.end, wib, c.lang); got != c.want {
			t.Errorf("%s: %q, want %q", c.lang, got, c.want)
		}
	}
}
