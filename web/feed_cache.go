package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pelalawan/ccroom/calendar/ical"
	"github.com/pelalawan/ccroom/locale"
	"github.com/pelalawan/ccroom/office"
	"github.com/pelalawan/ccroom/store"
)

// FeedOptions configure the iCal feeds (config key feeds).
type FeedOptions struct {
	// Tentative lists requests still in the chain as TENTATIVE.
	Tentative bool
	// KeepCancelled keeps a cancelled booking in the feeds this long after
	// its cancellation, so phones that showed it remove it.
	KeepCancelled time.Duration
	// PastDays and FutureDays bound the window of the feeds around now;
	// both zero means 90 and 365.
	PastDays, FutureDays int
	// UIDDomain ends every UID; it must never change (see ical.Options).
	UIDDomain string
	// Language of the public summaries and the calendars' names: "id" or "en".
	Language string
	// MaxAge is the Cache-Control max-age; default 5 minutes.
	MaxAge time.Duration
	// Recheck is how often a cached feed asks the store whether another
	// process changed the bookings (store.FeedStamp); default 2 seconds.
	Recheck time.Duration
}

// withDefaults fills the zero fields that have a default.
func (o FeedOptions) withDefaults() FeedOptions {
	if o.PastDays == 0 && o.FutureDays == 0 {
		o.PastDays, o.FutureDays = 90, 365
	}
	if o.MaxAge <= 0 {
		o.MaxAge = 5 * time.Minute
	}
	if o.Recheck <= 0 {
		o.Recheck = 2 * time.Second
	}
	return o
}

// maxStale bounds how long a feed is served without a rebuild even when no
// booking changed: the window and the life of cancelled events move with the
// clock. A rebuild that gives the same bytes keeps the same ETag.
const maxStale = time.Hour

// The feeds a cache holds: the public one, the staff one, and one per room
// under roomFeed + the room's id.
const (
	publicFeed = "public"
	staffFeed  = "staff"
	roomFeed   = "room:"
)

// encodedFeed is a feed as it is served: its bytes, gzipped too, with the
// headers that describe them, and what it was built from.
type encodedFeed struct {
	body, gzipped []byte
	etag, gzETag  []string // header values, shared by every response
	length        []string // Content-Length of body, and of gzipped
	gzLength      []string
	modified      time.Time
	lastModified  []string
	changes       uint64    // office.Changes at the build
	stamp         string    // store.FeedStamp at the build
	built         time.Time // wall clock at the build
	checked       time.Time // wall clock of the last look at the stamp
}

// feedSlot holds one feed: readers load it without a lock; mu lets one
// goroutine at a time rebuild it.
type feedSlot struct {
	mu  sync.Mutex
	cur atomic.Pointer[encodedFeed]
}

// feedCache keeps the encoded feeds until a booking changes: a poll costs an
// atomic load and a map lookup. It rebuilds a feed when the office counted a
// change (office.Changes), when the store's stamp moved (another process
// wrote; asked at most every Recheck), or after maxStale.
type feedCache struct {
	office *office.Office
	store  store.FeedStore
	opt    FeedOptions
	ical   ical.Options
	slots  map[string]*feedSlot
	builds atomic.Int64 // how many feeds were encoded (tests)
	wall   func() time.Time
}

// newFeedCache returns the cache of the office's feeds; baseURL, when set,
// links each staff event to its request.
func newFeedCache(off *office.Office, st store.FeedStore, opt FeedOptions, baseURL string) *feedCache {
	opt = opt.withDefaults()
	c := &feedCache{office: off, store: st, opt: opt, slots: map[string]*feedSlot{}, wall: time.Now}
	if off == nil {
		return c // a server without an office (tests of the middleware) has no feeds
	}
	c.ical = ical.Options{Domain: opt.UIDDomain, Location: off.Location(), Language: opt.Language}
	if baseURL != "" {
		c.ical.RequestURL = func(id int64) string { return baseURL + "/staff/requests/" + strconv.FormatInt(id, 10) }
	}
	c.slots[publicFeed], c.slots[staffFeed] = &feedSlot{}, &feedSlot{}
	for _, r := range off.Rooms() {
		c.slots[roomFeed+r.ID] = &feedSlot{}
	}
	return c
}

// get returns the feed named key, rebuilt when it may be out of date; ok is
// false for a key that names no feed.
func (c *feedCache) get(ctx context.Context, key string) (f *encodedFeed, ok bool, err error) {
	slot, ok := c.slots[key]
	if !ok {
		return nil, false, nil
	}
	if f := slot.cur.Load(); f != nil && c.fresh(f) {
		return f, true, nil
	}
	slot.mu.Lock()
	defer slot.mu.Unlock()
	if f := slot.cur.Load(); f != nil && c.fresh(f) {
		return f, true, nil // another caller just rebuilt it
	}
	f, err = c.refresh(ctx, key, slot.cur.Load())
	if err != nil {
		return nil, true, err
	}
	slot.cur.Store(f)
	return f, true, nil
}

// fresh reports whether f may be served without asking the store.
func (c *feedCache) fresh(f *encodedFeed) bool {
	if f.changes != c.office.Changes() {
		return false
	}
	now := c.wall()
	return now.Sub(f.checked) < c.opt.Recheck && now.Sub(f.built) < maxStale
}

// refresh returns old, re-stamped, when nothing changed, else a new build.
// It runs detached from the caller's cancellation, since others wait on it.
func (c *feedCache) refresh(ctx context.Context, key string, old *encodedFeed) (*encodedFeed, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	changes := c.office.Changes() // read before the stamp: a later change only rebuilds again
	stamp, err := c.store.FeedStamp(ctx)
	if err != nil {
		return nil, err
	}
	if old != nil && old.changes == changes && old.stamp == stamp && c.wall().Sub(old.built) < maxStale {
		f := *old
		f.checked = c.wall()
		return &f, nil
	}
	return c.build(ctx, key, changes, stamp, old)
}

// build encodes feed key as the store has it now.
func (c *feedCache) build(ctx context.Context, key string, changes uint64, stamp string, old *encodedFeed) (*encodedFeed, error) {
	c.builds.Add(1)
	now := c.office.Now()
	view := ical.ViewPublic
	if key == staffFeed {
		view = ical.ViewStaff
	}
	room, _ := strings.CutPrefix(key, roomFeed)
	if room == key {
		room = ""
	}
	from, to := now.AddDate(0, 0, -c.opt.PastDays), now.AddDate(0, 0, c.opt.FutureDays)
	list, err := c.store.FeedEntries(ctx, from, to, room)
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", key, err)
	}
	feed := ical.Feed{Options: c.ical, Name: c.feedName(key, room), View: view,
		Refresh: max(c.opt.MaxAge, 15*time.Minute), Entries: c.entries(list, now)}
	body, err := feed.Bytes()
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", key, err)
	}
	return c.encoded(body, changes, stamp, old)
}

// entries keeps the requests the policy lists, as the encoder takes them.
func (c *feedCache) entries(list []store.FeedEntry, now time.Time) []ical.Entry {
	policy := ical.Policy{Tentative: c.opt.Tentative, KeepCancelled: c.opt.KeepCancelled}
	out := make([]ical.Entry, 0, len(list))
	for i := range list {
		e := &list[i]
		if !policy.Lists(&e.Request, now) {
			continue
		}
		room, _ := c.office.Room(e.Request.Room)
		entry := ical.Entry{Request: e.Request, Room: room, Last: e.Last}
		for _, x := range e.Exceptions {
			entry.Exceptions = append(entry.Exceptions, ical.Exception(x))
		}
		out = append(out, entry)
	}
	return out
}

// feedName is the calendar's display name.
func (c *feedCache) feedName(key, room string) string {
	switch {
	case key == staffFeed:
		return locale.For(c.opt.Language).Get("feed.staff")
	case room != "":
		r, _ := c.office.Room(room)
		return r.DisplayName()
	}
	return locale.For(c.opt.Language).Get("feed.all_rooms")
}

// encoded wraps body with its gzip, ETags and Last-Modified. Unchanged bytes
// keep the old Last-Modified.
func (c *feedCache) encoded(body []byte, changes uint64, stamp string, old *encodedFeed) (*encodedFeed, error) {
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if _, err := zw.Write(body); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	tag := base64.RawURLEncoding.EncodeToString(sum[:18])
	wall := c.wall()
	f := &encodedFeed{body: body, gzipped: gz.Bytes(),
		etag: []string{`"` + tag + `"`}, gzETag: []string{`"` + tag + `-gz"`},
		length: []string{strconv.Itoa(len(body))}, gzLength: []string{strconv.Itoa(gz.Len())},
		changes: changes, stamp: stamp, built: wall, checked: wall,
		modified: wall.UTC().Truncate(time.Second)}
	if old != nil && old.etag[0] == f.etag[0] {
		f.modified = old.modified
	}
	f.lastModified = []string{f.modified.Format(http.TimeFormat)}
	return f, nil
}
