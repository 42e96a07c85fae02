package web

import (
	"bytes"
	"crypto/sha256"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxIdempotencyKey is the longest Idempotency-Key accepted, in bytes.
const maxIdempotencyKey = 200

// createRequest is POST /api/v1/requests: anyone submits a request. The
// office checks it against every rule inside the transaction that stores it;
// the answer is 201 with the request, its tracking token, its warnings and
// its history. With an Idempotency-Key a retry gets the same answer again,
// marked Idempotent-Replayed, and nothing new is written.
func (h *handler) createRequest(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	req, err := decodeRequest(bytes.NewReader(raw))
	if err != nil {
		return err
	}
	setLang(r, req.Language)
	sum := sha256.Sum256(raw)
	sub, err := h.office.Submit(r.Context(), req, key, sum[:])
	if err != nil {
		return err
	}
	v, err := h.office.View(r.Context(), sub.Request.ID)
	if err != nil {
		return err
	}
	body := newRequestView(v, h.audienceOf(r), h.loc())
	body.TrackingToken = sub.TrackingToken
	w.Header().Set("Location", h.baseURL+"/api/v1/requests/"+strconv.FormatInt(sub.Request.ID, 10))
	if sub.Replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	return writeJSON(w, http.StatusCreated, body)
}

// idempotencyKey reads the optional Idempotency-Key header: at most 200
// printable ASCII characters.
func idempotencyKey(r *http.Request) (string, error) {
	key := strings.TrimSpace(r.Header.Get("Idempotency-Key"))
	if len(key) > maxIdempotencyKey {
		return "", invalid("Idempotency-Key", "the Idempotency-Key is longer than %d characters", maxIdempotencyKey)
	}
	for i := 0; i < len(key); i++ {
		if key[i] < 0x20 || key[i] > 0x7e {
			return "", invalid("Idempotency-Key", "the Idempotency-Key must be printable ASCII")
		}
	}
	return key, nil
}
