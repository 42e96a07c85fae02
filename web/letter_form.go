package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"

	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// formLetter is the letter a request form carried in its file input.
type formLetter struct {
	data []byte
	// tooLarge: the file was over maxLetter; it was read and dropped.
	tooLarge bool
}

// readRequestForm reads the posted request form into r.PostForm (and
// r.Form): form-encoded, or multipart/form-data with the letter in the
// file input "letter". The fields' text is held to maxBody as any form's;
// the letter is kept in memory up to maxLetter, and a larger one is read
// to its end and dropped, so the form can be shown again. nil when no file
// was chosen.
func readRequestForm(r *http.Request) (*formLetter, error) {
	mr, err := r.MultipartReader()
	if errors.Is(err, http.ErrNotMultipart) {
		return nil, r.ParseForm()
	}
	if err != nil {
		return nil, err
	}
	var (
		values = url.Values{}
		letter *formLetter
		left   = int64(maxBody) // what the text fields may still take
	)
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		name := part.FormName()
		switch {
		case name == letterField && letter == nil:
			if letter, err = readLetterPart(part); err != nil {
				return nil, err
			}
		case part.FileName() != "" || name == letterField || name == "":
			// Another file, a second letter: not read into memory.
			if _, err := io.Copy(io.Discard, part); err != nil {
				return nil, err
			}
		default:
			b, err := io.ReadAll(io.LimitReader(part, left+1))
			if err != nil {
				return nil, err
			}
			if left -= int64(len(b)); left < 0 {
				return nil, &http.MaxBytesError{Limit: maxBody}
			}
			values.Add(name, string(b))
		}
	}
	r.PostForm = values
	r.Form = url.Values{}
	for k, vs := range values {
		r.Form[k] = append(r.Form[k], vs...)
	}
	for k, vs := range r.URL.Query() {
		r.Form[k] = append(r.Form[k], vs...)
	}
	return letter, nil
}

// readLetterPart reads the letter's file input: nil when no file was
// chosen (no name, no content).
func readLetterPart(part *multipart.Part) (*formLetter, error) {
	data, err := io.ReadAll(io.LimitReader(part, maxLetter+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxLetter {
		if _, err := io.Copy(io.Discard, part); err != nil {
			return nil, err
		}
		return &formLetter{tooLarge: true}, nil
	}
	if len(data) == 0 && part.FileName() == "" {
		return nil, nil
	}
	return &formLetter{data: data}, nil
}

// refusal is why the form cannot take the letter: 413 or 415 and the words
// for the letter's field; 0 when it is a good letter.
func (l *formLetter) refusal(p *locale.Printer) (int, string) {
	switch {
	case l == nil:
		return 0, ""
	case l.tooLarge:
		return http.StatusRequestEntityTooLarge, p.Get("attach.too_large")
	case !isPDF(l.data):
		return http.StatusUnsupportedMediaType, p.Get("attach.not_pdf")
	}
	return 0, ""
}

// bodyHash is the fingerprint of a form's submission: the request as read
// and, when a letter came with it, the letter's SHA-256, so that the same
// form sent twice is one submission and the same form with another letter
// is not.
func (l *formLetter) bodyHash(req any) [32]byte {
	if l == nil {
		return formHash(req)
	}
	return formHash(struct {
		Request any
		Letter  [32]byte
	}{req, sha256.Sum256(l.data)})
}

// keep stores the letter of the submission sub. A form sent again (the
// same token: a double tap, a retry after a failure) stores it unless the
// first send did, or the request has moved on since.
func (l *formLetter) keep(ctx context.Context, h *handler, sub office.Submitted) error {
	if l == nil {
		return nil
	}
	id := sub.Request.ID
	if sub.Replayed {
		sum := sha256.Sum256(l.data)
		if old, err := h.store.LetterInfo(ctx, id); err == nil && bytes.Equal(old.SHA256, sum[:]) {
			return nil
		}
	}
	_, _, err := h.store.PutLetter(ctx, id, l.data, 0, h.office.Now())
	if sub.Replayed && errors.Is(err, store.ErrLetterClosed) {
		return nil
	}
	return err
}
