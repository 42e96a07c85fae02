package web

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/pelalawan/ccroom/booking"
)

// needList gathers equipment needs in the order first named, summing the
// counts of a name named twice.
type needList struct {
	needs []booking.Need
	index map[string]int
}

// add counts n more of name; the total stays within maxEquipment.
func (l *needList) add(name string, n int) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return invalid("equipment", "an equipment name is required")
	}
	if n < 1 || n > maxEquipment {
		return invalid("equipment", "the count of %q must be from 1 to %d", name, maxEquipment)
	}
	if l.index == nil {
		l.index = map[string]int{}
	}
	i, ok := l.index[name]
	if !ok {
		l.index[name] = len(l.needs)
		l.needs = append(l.needs, booking.Need{Name: name, Count: n})
		return nil
	}
	if l.needs[i].Count+n > maxEquipment {
		return invalid("equipment", "the count of %q must be from 1 to %d", name, maxEquipment)
	}
	l.needs[i].Count += n
	return nil
}

// needWire is the object form of an equipment item: {"name":"computer","count":2}.
type needWire struct {
	Name  string          `json:"name"`
	Count json.RawMessage `json:"count"`
}

// parseEquipment reads the equipment array of a request body: each item a
// name ("computer", one of it) or an object with a name and a count.
func parseEquipment(items []json.RawMessage) ([]booking.Need, error) {
	var l needList
	for _, raw := range items {
		name, n, err := parseNeed(bytes.TrimSpace(raw))
		if err != nil {
			return nil, err
		}
		if err := l.add(name, n); err != nil {
			return nil, err
		}
	}
	return l.needs, nil
}

// parseNeed reads one item of the equipment array.
func parseNeed(raw []byte) (string, int, error) {
	switch {
	case len(raw) > 0 && raw[0] == '"':
		var name string
		if err := json.Unmarshal(raw, &name); err != nil {
			return "", 0, malformed("equipment", "an equipment item must be a name or an object")
		}
		return name, 1, nil
	case len(raw) > 0 && raw[0] == '{':
		return parseNeedObject(raw)
	}
	return "", 0, malformed("equipment", "an equipment item must be a name or an object {\"name\", \"count\"}")
}

// parseNeedObject reads {"name": "...", "count": N}; count defaults to 1.
func parseNeedObject(raw []byte) (string, int, error) {
	var w needWire
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return "", 0, malformed("equipment", "an equipment object holds only a name (string) and a count (number)")
	}
	if c := bytes.TrimSpace(w.Count); len(c) == 0 || string(c) == "null" {
		return w.Name, 1, nil
	}
	n, fits, err := jsonWhole("equipment", w.Count)
	if err != nil {
		return "", 0, err
	}
	if !fits || n < 1 || n > maxEquipment {
		return "", 0, invalid("equipment", "the count of %q must be from 1 to %d", w.Name, maxEquipment)
	}
	return w.Name, int(n), nil
}

// parseEquipmentQuery reads the availability query's equipment list:
// "computer,sound-system:2".
func parseEquipmentQuery(q string) ([]booking.Need, error) {
	var l needList
	for _, item := range strings.Split(q, ",") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		name, count, hasCount := strings.Cut(item, ":")
		n := 1
		if hasCount {
			v, err := strconv.Atoi(strings.TrimSpace(count))
			if err != nil {
				return nil, invalid("equipment", "the count of %q must be a whole number", name)
			}
			n = v
		}
		if err := l.add(name, n); err != nil {
			return nil, err
		}
	}
	return l.needs, nil
}
