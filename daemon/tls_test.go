package daemon

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pelalawan/ccroom/config"
)

// TestServeTLS starts the daemon with tls.cert_file and tls.key_file (a
// certificate made for 127.0.0.1), and checks that a client negotiates
// HTTP/2 over HTTPS, that HTTP/1.1 over TLS works too, and that plain HTTP
// on the same port is not served.
func TestServeTLS(t *testing.T) {
	cfg := testConfig(t)
	pool := x509.NewCertPool()
	cfg.TLS.CertFile, cfg.TLS.KeyFile = writeCert(t, cfg.DataDir, pool)
	if err := cfg.Validate(); err != nil {
		t.Fatalf("validate: %v", err)
	}
	addr, stop := startServe(t, cfg)
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("serve returned %v", err)
		}
	}()

	url := "https://" + addr + "/api/v1/rooms"
	h2 := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, ForceAttemptHTTP2: true}}
	if proto, _, body := fetch(t, h2, url); proto != "HTTP/2.0" || !strings.Contains(body, "command-center") {
		t.Errorf("with h2 offered: %s %s", proto, body)
	}
	h1 := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, NextProtos: []string{"http/1.1"}}}}
	if proto, _, _ := fetch(t, h1, url); proto != "HTTP/1.1" {
		t.Errorf("with http/1.1 only: %s", proto)
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest { // net/http's answer to plain HTTP on a TLS port
			t.Errorf("plain HTTP on the TLS port: %d", resp.StatusCode)
		}
	}
}

// TestTLSConfigRefused: a key without a certificate, or files that are not a
// key pair, stop the start with a message naming the key.
func TestTLSConfigRefused(t *testing.T) {
	dir := t.TempDir()
	cert, key := writeCert(t, dir, x509.NewCertPool())
	for _, c := range []struct {
		cert, key, want string
	}{
		{"", key, "tls.cert_file: empty"},
		{cert, "", "tls.key_file: empty"},
		{cert, cert, "tls.cert_file: cannot load"},
		{filepath.Join(dir, "missing.pem"), key, "tls.cert_file: cannot load"},
	} {
		cfg := config.Default()
		cfg.TLS = config.TLS{CertFile: c.cert, KeyFile: c.key}
		if err := cfg.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("cert %q key %q: %v, want %q", c.cert, c.key, err, c.want)
		}
	}
}

// fetch GETs url with c, retrying while the daemon starts, and returns the
// protocol, the status and the body.
func fetch(t *testing.T, c *http.Client, url string) (proto string, status int, body string) {
	t.Helper()
	var resp *http.Response
	var err error
	for range 50 {
		if resp, err = c.Get(url); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.Proto, resp.StatusCode, string(b)
}

// writeCert writes a self-signed certificate for 127.0.0.1 and its key as
// PEM files in dir, adds the certificate to pool and returns the paths.
func writeCert(t *testing.T, dir string, pool *x509.CertPool) (certFile, keyFile string) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ccroom test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:    x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool.AddCert(cert)
	keyDER, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writePEM(t, certFile, "CERTIFICATE", der)
	writePEM(t, keyFile, "PRIVATE KEY", keyDER)
	return certFile, keyFile
}

func writePEM(t *testing.T, path, kind string, der []byte) {
	t.Helper()
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
}
