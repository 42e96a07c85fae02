package booking

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseNeed reads an equipment need written as "name" (one) or "name:count",
// the form the availability query and the CLI take.
func ParseNeed(s string) (Need, error) {
	name, count, found := strings.Cut(strings.TrimSpace(s), ":")
	n := Need{Name: strings.TrimSpace(name), Count: 1}
	if n.Name == "" {
		return Need{}, fmt.Errorf("equipment %q: a name is required", s)
	}
	if found {
		c, err := strconv.Atoi(strings.TrimSpace(count))
		if err != nil || c < 1 || c > 100000 {
			return Need{}, fmt.Errorf("equipment %q: the count must be a whole number from 1 to 100000", s)
		}
		n.Count = c
	}
	return n, nil
}

// MergeNeeds sums the counts of needs that name the same equipment, keeping
// the order in which names first appear.
func MergeNeeds(needs []Need) []Need {
	out := make([]Need, 0, len(needs))
	at := map[string]int{}
	for _, n := range needs {
		if i, ok := at[n.Name]; ok {
			out[i].Count += n.Count
			continue
		}
		at[n.Name] = len(out)
		out = append(out, n)
	}
	return out
}
