// Command baseline is the floor of a Go server for bench/feeds.sh: a bare
// handler that serves one file's bytes from memory with a strong ETag (304 on
// If-None-Match) and nothing else: no routing, no middleware, no logging, no
// metrics. Beside nginx and ccroom it tells how much of a gap to nginx is the
// HTTP server's own and how much is ccroom's.
//
//	go run ./bench/baseline -listen 127.0.0.1:18483 -file public.ics
package main

import (
	"crypto/sha256"
	"encoding/base64"
	"flag"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:18483", "address to listen on")
	file := flag.String("file", "", "the file to serve at every path")
	ctype := flag.String("type", "text/calendar; charset=utf-8", "its Content-Type")
	flag.Parse()
	body, err := os.ReadFile(*file)
	if err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		os.Exit(1)
	}
	sum := sha256.Sum256(body)
	etag := []string{`"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`}
	ct := []string{*ctype}
	cl := []string{strconv.Itoa(len(body))}
	lm := []string{time.Now().UTC().Format(http.TimeFormat)}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hdr := w.Header()
		hdr["Content-Type"], hdr["Etag"], hdr["Last-Modified"] = ct, etag, lm
		if inm := r.Header["If-None-Match"]; len(inm) == 1 && inm[0] == etag[0] {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		hdr["Content-Length"] = cl
		_, _ = w.Write(body)
	})
	srv := &http.Server{Addr: *listen, Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		os.Exit(1)
	}
}
