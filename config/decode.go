package config

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/go-viper/mapstructure/v2"
)

// decodeHook converts the values of the file and the environment to the
// Config's types: durations from "15m", lists from "a, b" (the environment),
// dates that YAML read as timestamps back to YYYY-MM-DD.
func decodeHook(from, to reflect.Type, data any) (any, error) {
	switch {
	case to == reflect.TypeFor[time.Duration]():
		return toDuration(data)
	case to == reflect.TypeFor[[]string]():
		if s, ok := data.(string); ok {
			return splitList(s), nil
		}
	case to.Kind() == reflect.String:
		if t, ok := data.(time.Time); ok {
			return t.Format(time.DateOnly), nil
		}
	}
	return data, nil
}

// toDuration reads a duration written with its unit. A bare number is refused,
// except 0, because "buffer: 15" would otherwise mean 15 nanoseconds.
func toDuration(data any) (any, error) {
	switch d := data.(type) {
	case time.Duration:
		return d, nil
	case string:
		s := strings.TrimSpace(d)
		if s == "0" || s == "" {
			return time.Duration(0), nil
		}
		v, err := time.ParseDuration(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not a duration (want e.g. 15m, 1h30m)", d)
		}
		return v, nil
	case int, int64, uint64, float64:
		if reflect.ValueOf(d).IsZero() {
			return time.Duration(0), nil
		}
		return nil, fmt.Errorf("%v has no unit (want e.g. 15m, 1h30m)", d)
	}
	return data, nil
}

// splitList reads a comma-separated list, trimming spaces and dropping empty
// items: "2026-01-01, 2026-05-01".
func splitList(s string) []string {
	out := []string{}
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// decodeError turns the decoder's error into one that names the key.
func decodeError(err error) error {
	var de *mapstructure.DecodeError
	if !errors.As(err, &de) {
		return fmt.Errorf("config: %w", err)
	}
	msg := de.Unwrap().Error()
	var pe *mapstructure.ParseError
	if errors.As(de, &pe) {
		msg = fmt.Sprintf("%q is not a valid %s", fmt.Sprint(pe.Value), pe.Expected.Type())
	}
	return &Error{Key: dotted(de.Name()), Message: msg}
}

// dotted writes the decoder's map keys as the file's keys:
// rooms[0].equipment[tv] is rooms[0].equipment.tv; list indexes stay.
func dotted(name string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(name, '[')
		j := strings.IndexByte(name, ']')
		if i < 0 || j < i {
			b.WriteString(name)
			return b.String()
		}
		inner := name[i+1 : j]
		b.WriteString(name[:i])
		if _, err := strconv.Atoi(inner); err == nil {
			b.WriteString("[" + inner + "]")
		} else {
			b.WriteString("." + inner)
		}
		name = name[j+1:]
	}
}
