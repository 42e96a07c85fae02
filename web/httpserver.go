package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Limits of the HTTP server (HTTPServer).
const (
	// maxHead is the largest request head (request line and headers) read;
	// net/http answers a larger one 431.
	maxHead = 1 << 20
	// readHeadTimeout bounds the arrival of a request's head, readTimeout of
	// the whole request; writeTimeout bounds the answer, idleTimeout a
	// kept-alive connection with no request.
	readHeadTimeout = 10 * time.Second
	readTimeout     = 30 * time.Second
	writeTimeout    = 60 * time.Second
	idleTimeout     = 2 * time.Minute
)

// HTTPServer returns the one http.Server the daemon serves s with: its
// timeouts and limits, HTTP/1.1 and, over TLS, HTTP/2. errLog receives
// net/http's own complaints, with any token in them redacted. Serve it on a
// listener wrapped by s.Listener.
func (s *Server) HTTPServer(errLog *slog.Logger) *http.Server {
	var protocols http.Protocols
	protocols.SetHTTP1(true)
	protocols.SetHTTP2(true)
	return &http.Server{
		Handler:           s,
		ReadHeaderTimeout: readHeadTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHead,
		Protocols:         &protocols,
		ErrorLog:          log.New(redactingWriter{errLog}, "", 0),
	}
}

// secretInLine matches what follows a prefix that carries a secret, as a
// line of net/http's may quote it.
var secretInLine = regexp.MustCompile(`(` + strings.Join(secretPrefixes, "|") + `|token=)[^\s"'&?/\\]+`)

// redactingWriter turns net/http's error log lines into slog warnings, with
// any secret of a path or query replaced.
type redactingWriter struct{ l *slog.Logger }

func (w redactingWriter) Write(p []byte) (int, error) {
	line := secretInLine.ReplaceAllString(string(bytes.TrimSpace(p)), "${1}REDACTED")
	w.l.Warn("http server", slog.String("err", line))
	return len(p), nil
}

// Listener wraps ln so that a request net/http refuses before any handler
// sees it (a request line it cannot parse, such as a path with a bad %
// escape, a head too large) is answered with the API's JSON error body,
// logged and counted, instead of net/http's bare text/plain line. It is for
// plain HTTP: under TLS it would see only ciphertext.
func (s *Server) Listener(ln net.Listener) net.Listener {
	return refusalListener{Listener: ln, s: s}
}

type refusalListener struct {
	net.Listener
	s *Server
}

func (l refusalListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return refusalConn{Conn: c, s: l.s}, nil
}

// refusalConn recognises net/http's refusal of an unreadable request: it is
// written straight to the connection in one piece, and is nothing but a
// status line, these headers (no Date: every handler's answer has one) and a
// one-line body that repeats the status. A write that is anything more, such
// as the middle of a page that quotes such text, passes untouched.
type refusalConn struct {
	net.Conn
	s *Server
}

// refusalHead is what follows the status line of net/http's refusal.
const refusalHead = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

// maxRefusal bounds the length of net/http's refusal.
const maxRefusal = 512

// CloseWrite half-closes the connection, as net/http does after a refusal so
// that the client reads the answer before the close.
func (c refusalConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// ReadFrom lets a copy into the connection use the TCP connection's own
// (sendfile, splice).
func (c refusalConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}

func (c refusalConn) Write(p []byte) (int, error) {
	status, ok := refusalStatus(p)
	if !ok {
		return c.Conn.Write(p)
	}
	c.s.refused(status)
	if _, err := c.Conn.Write(refusalAnswer(status)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// refusalStatus returns the status of p when p is, whole, net/http's
// refusal: "HTTP/1.1 400 Bad Request", refusalHead, then the status line
// again (or, for 501, the one reason net/http gives), with no line break.
func refusalStatus(p []byte) (int, bool) {
	const prefix = "HTTP/1.1 "
	if len(p) > maxRefusal || !bytes.HasPrefix(p, []byte(prefix)) {
		return 0, false
	}
	line, rest, ok := bytes.Cut(p[len(prefix):], []byte(refusalHead))
	repeated := bytes.Equal(rest, line) || string(rest) == "Unsupported transfer encoding"
	if !ok || !repeated || bytes.ContainsAny(line, "\r\n") {
		return 0, false
	}
	code, _, _ := bytes.Cut(line, []byte(" "))
	status, err := strconv.Atoi(string(code))
	if err != nil || status < 400 || status > 599 {
		return 0, false
	}
	return status, true
}

// refusalAnswer is the JSON answer of a refused request.
func refusalAnswer(status int) []byte {
	code, msg := "malformed", "the request cannot be read"
	if status == http.StatusRequestHeaderFieldsTooLarge {
		code, msg = "too_large", fmt.Sprintf("the request's head is larger than %d bytes", maxHead)
	}
	body, _ := json.Marshal(errorBody{Error: errorDetail{Code: code, Message: msg}})
	body = append(body, '\n')
	return fmt.Appendf(nil, "HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=utf-8\r\n"+
		"X-Content-Type-Options: nosniff\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		status, http.StatusText(status), len(body), body)
}

// refused logs and counts a request net/http refused. Its path is not known
// (it could not be read), so none is logged: it might hold a secret.
func (s *Server) refused(status int) {
	s.metrics.observe("unmatched", status, 0)
	s.h.log.Info("http request", slog.String("route", "unmatched"),
		slog.String("path", "(unreadable)"), slog.Int("status", status))
}
