package config

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
)

// keyOf returns the config key a struct field is read from, or "" for a field
// that is not a key.
func keyOf(f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	if k := f.Tag.Get("mapstructure"); k != "-" {
		return k
	}
	return ""
}

// join appends a key to a dotted prefix.
func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// flatten writes every leaf of v into out under its dotted key: structs and
// maps are walked (standards.forward), anything else, lists included, is one
// leaf (rooms, rules.closed_dates).
func flatten(prefix string, v reflect.Value, out map[string]any) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if k := keyOf(v.Type().Field(i)); k != "" {
				flatten(join(prefix, k), v.Field(i), out)
			}
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			flatten(join(prefix, k.String()), v.MapIndex(k), out)
		}
	default:
		out[prefix] = v.Interface()
	}
}

// leaves returns the dotted keys and values of c.
func leaves(c *Config) map[string]any {
	out := make(map[string]any)
	flatten("", reflect.ValueOf(c).Elem(), out)
	return out
}

// unknownKeys returns, sorted, the keys of raw (a file's settings) that type t
// has no field for, walking into sections and list items (rooms[1].colour).
// Maps (standards, equipment) take any key; Validate checks those names.
func unknownKeys(prefix string, raw any, t reflect.Type) []string {
	var bad []string
	switch t.Kind() {
	case reflect.Struct:
		m, _ := raw.(map[string]any) // another type: the decoder names it
		for k, v := range m {
			f, ok := fieldFor(t, k)
			if !ok {
				bad = append(bad, join(prefix, k))
				continue
			}
			bad = append(bad, unknownKeys(join(prefix, k), v, f.Type)...)
		}
	case reflect.Slice:
		items, _ := raw.([]any)
		for i, item := range items {
			bad = append(bad, unknownKeys(fmt.Sprintf("%s[%d]", prefix, i), item, t.Elem())...)
		}
	}
	sort.Strings(bad)
	return bad
}

// fieldFor finds the field of struct type t read from key (keys are lower
// case: viper folds them).
func fieldFor(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if k := keyOf(f); k != "" && strings.EqualFold(k, key) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// envName is the environment variable that sets key: CCROOM_ and the key in
// upper case with dots as underscores (rules.lead_days: CCROOM_RULES_LEAD_DAYS).
func envName(key string) string {
	return "CCROOM_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}
