package config

import (
	"bytes"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Masked replaces a secret in the output of Redacted.
const Masked = "***"

// Redacted returns a deep copy of c with its secrets masked: secret,
// mail.smtp.password and the password in database.dsn. `ccroom config check`
// prints it.
func (c *Config) Redacted() *Config {
	r := c.clone()
	r.Secret = mask(r.Secret)
	r.Mail.SMTP.Password = mask(r.Mail.SMTP.Password)
	r.Database.DSN = redactDSN(r.Database.DSN)
	return r
}

func mask(s string) string {
	if s == "" {
		return ""
	}
	return Masked
}

// redactDSN masks the passwords of a connection string: the one in a URL's
// user info (postgres://user:pw@host/db), whether the URL parses or not, and
// every password= and sslpassword= value, in a URL's query or among
// keyword=value pairs, quoted or not. Where a DSN is ambiguous (an @ in a
// URL's query) it masks more than the password, never less.
func redactDSN(dsn string) string {
	if scheme := urlScheme.FindString(dsn); scheme != "" {
		rest := maskUserPassword(dsn[len(scheme):])
		return scheme + queryPassword.ReplaceAllString(rest, "${1}"+Masked)
	}
	return keywordPassword.ReplaceAllString(dsn, "${1}"+Masked)
}

var (
	// urlScheme is the start of a URL DSN: postgres://, postgresql://.
	urlScheme = regexp.MustCompile(`^\s*[A-Za-z][A-Za-z0-9+.-]*://`)
	// queryPassword is a password parameter of a URL's query; it ends at
	// the next parameter.
	queryPassword = regexp.MustCompile(`(?i)([?&](?:ssl)?password=)[^&]*`)
	// keywordPassword is a password among keyword=value pairs: a quoted
	// value ('it\'s', to the end when never closed) or a value up to the
	// next space.
	keywordPassword = regexp.MustCompile(`(?i)((?:^|\s)(?:ssl)?password\s*=\s*)(?:'(?:[^'\\]|\\.)*(?:'|$)|\S*)`)
)

// maskUserPassword masks the password of a URL after its scheme. The user
// info ends at the last @, since an unescaped password may hold @, /, ? or #
// (which is also why net/url cannot be trusted with it); the password starts
// after the user name's colon.
func maskUserPassword(rest string) string {
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return rest
	}
	user, password, ok := strings.Cut(rest[:at], ":")
	if !ok || password == "" {
		return rest
	}
	return user + ":" + Masked + rest[at:]
}

// clone copies c with its own lists and maps.
func (c *Config) clone() *Config {
	d := *c
	d.Rules.ClosedDates = slices.Clone(c.Rules.ClosedDates)
	d.Rules.ClosedWeekdays = slices.Clone(c.Rules.ClosedWeekdays)
	d.Standards = maps.Clone(c.Standards)
	d.Rooms = make([]Room, len(c.Rooms))
	for i, r := range c.Rooms {
		r.Equipment = maps.Clone(r.Equipment)
		d.Rooms[i] = r
	}
	return &d
}

// YAML returns c as a config file: its keys in the order of the struct,
// durations as "5m". Load reads it back to the same Config. Call it on
// Redacted() before showing it to anyone.
func (c *Config) YAML() ([]byte, error) {
	doc, err := yamlNode(reflect.ValueOf(c).Elem())
	if err != nil {
		return nil, fmt.Errorf("config: encode: %w", err)
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("config: encode: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("config: encode: %w", err)
	}
	return buf.Bytes(), nil
}

// yamlNode encodes v as a YAML node, walking structs by their keys.
func yamlNode(v reflect.Value) (*yaml.Node, error) {
	switch {
	case v.Type() == reflect.TypeFor[time.Duration]():
		return scalarNode(formatDuration(time.Duration(v.Int())))
	case v.Kind() == reflect.Struct:
		return structNode(v)
	case v.Kind() == reflect.Map:
		return mapNode(v)
	case v.Kind() == reflect.Slice:
		return listNode(v)
	}
	return scalarNode(v.Interface())
}

func scalarNode(value any) (*yaml.Node, error) {
	n := &yaml.Node{}
	return n, n.Encode(value)
}

func structNode(v reflect.Value) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	for i := range v.NumField() {
		k := keyOf(v.Type().Field(i))
		if k == "" {
			continue
		}
		if err := appendPair(n, k, v.Field(i)); err != nil {
			return nil, err
		}
	}
	return n, nil
}

func mapNode(v reflect.Value) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.MappingNode}
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	for _, k := range keys {
		if err := appendPair(n, k.String(), v.MapIndex(k)); err != nil {
			return nil, err
		}
	}
	if len(keys) == 0 {
		n.Style = yaml.FlowStyle
	}
	return n, nil
}

func listNode(v reflect.Value) (*yaml.Node, error) {
	n := &yaml.Node{Kind: yaml.SequenceNode}
	for i := range v.Len() {
		item, err := yamlNode(v.Index(i))
		if err != nil {
			return nil, err
		}
		n.Content = append(n.Content, item)
	}
	if v.Len() == 0 {
		n.Style = yaml.FlowStyle
	}
	return n, nil
}

func appendPair(n *yaml.Node, key string, v reflect.Value) error {
	value, err := yamlNode(v)
	if err != nil {
		return err
	}
	n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: key}, value)
	return nil
}

// formatDuration writes d as a person would: 5m, 12h, 1h30m, 0s.
func formatDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
