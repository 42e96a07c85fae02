package config

import (
	"errors"
	"fmt"
	"os"
	"reflect"

	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// DefaultFile is the file Load reads when none is named and it exists in the
// working directory.
const DefaultFile = "ccroom.yaml"

// Options say where Load reads the configuration from.
type Options struct {
	// File is the config file. Empty: the value of a "config" flag in Flags,
	// else DefaultFile when it exists, else no file (the embedded default).
	File string
	// Flags are the command's parsed flags. Those named as AddFlags names them
	// override the file and the environment when set on the command line.
	Flags *pflag.FlagSet
	// LookupEnv reads the environment; nil means os.LookupEnv. Tests pass their
	// own so that they can run in parallel.
	LookupEnv func(string) (string, bool)
	// SkipValidate returns the configuration without validating it, so that
	// `ccroom config check` can list every problem (Config.Problems). Unknown
	// keys and values of the wrong type are still refused.
	SkipValidate bool
}

// flagKey is a command-line flag and the key it sets.
type flagKey struct{ name, key, usage string }

// flagKeys lists the flags AddFlags defines and the keys they set.
func flagKeys() []flagKey {
	return []flagKey{
		{"listen", "listen", "address to listen on, host:port (key listen)"},
		{"base-url", "base_url", "URL ccroom is reached at, for links (key base_url)"},
		{"data-dir", "data_dir", "directory of the database, secret and mail files (key data_dir)"},
		{"log-level", "log.level", "debug, info, warn or error (key log.level)"},
		{"log-format", "log.format", "text or json (key log.format)"},
		{"tls-cert-file", "tls.cert_file", "PEM certificate: serve HTTPS and HTTP/2 (key tls.cert_file)"},
		{"tls-key-file", "tls.key_file", "PEM private key of --tls-cert-file (key tls.key_file)"},
	}
}

// AddFlags defines --config and the flags that override keys (--listen,
// --base-url, --data-dir, --log-level, --log-format) on fs, skipping any
// already defined there.
func AddFlags(fs *pflag.FlagSet) {
	if fs.Lookup("config") == nil {
		fs.String("config", "", "config file (default ./"+DefaultFile+" when it exists)")
	}
	for _, f := range flagKeys() {
		if fs.Lookup(f.name) == nil {
			fs.String(f.name, "", f.usage)
		}
	}
}

// Load builds the configuration: the defaults, then the file, then the
// environment (CCROOM_*), then the flags, each overriding the one before. It
// refuses unknown keys in the file and returns a validated Config; every error
// names its key.
func Load(opts Options) (*Config, error) {
	v := viper.New()
	file := configFile(opts)
	if file != "" {
		if err := readFile(v, file); err != nil {
			return nil, err
		}
	}
	for key, value := range leaves(base()) {
		v.SetDefault(key, value)
	}
	applyEnv(v, opts.LookupEnv)
	applyFlags(v, opts.Flags)
	c := &Config{}
	if err := v.UnmarshalExact(c, viper.DecodeHook(decodeHook)); err != nil {
		return nil, decodeError(err)
	}
	c.File = file
	c.derive()
	if opts.SkipValidate {
		return c, nil
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// configFile picks the file to read, or "" for none.
func configFile(opts Options) string {
	if opts.File != "" {
		return opts.File
	}
	if opts.Flags != nil {
		if f := opts.Flags.Lookup("config"); f != nil && f.Value.String() != "" {
			return f.Value.String()
		}
	}
	if st, err := os.Stat(DefaultFile); err == nil && st.Mode().IsRegular() {
		return DefaultFile
	}
	return ""
}

// readFile reads file as YAML into v and refuses keys the Config has not.
func readFile(v *viper.Viper, file string) error {
	v.SetConfigFile(file)
	v.SetConfigType("yaml")
	if err := v.ReadInConfig(); err != nil {
		return fmt.Errorf("config: read %s: %w", file, err)
	}
	bad := unknownKeys("", v.AllSettings(), reflect.TypeFor[Config]())
	if len(bad) > 0 {
		return &Error{Key: bad[0], Message: fmt.Sprintf("unknown key (in %s)", file)}
	}
	return nil
}

// applyEnv sets every key whose CCROOM_* variable is set and not empty. Rooms
// are a list of sections and come from the file only.
func applyEnv(v *viper.Viper, lookup func(string) (string, bool)) {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	for key := range leaves(base()) {
		if key == "rooms" {
			continue
		}
		if s, ok := lookup(envName(key)); ok && s != "" {
			v.Set(key, s)
		}
	}
}

// applyFlags sets the keys of the flags changed on the command line. It runs
// after applyEnv, so a flag wins over the environment.
func applyFlags(v *viper.Viper, fs *pflag.FlagSet) {
	if fs == nil {
		return
	}
	for _, f := range flagKeys() {
		if pf := fs.Lookup(f.name); pf != nil && pf.Changed {
			v.Set(f.key, pf.Value.String())
		}
	}
}

// Error is a configuration problem; it names the key at fault.
type Error struct {
	Key     string // dotted key, with list indexes: rooms[1].id
	Message string
}

func (e *Error) Error() string { return "config: " + e.Key + ": " + e.Message }

// KeyOf returns the key an error from Load or Validate names, or "".
func KeyOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}
