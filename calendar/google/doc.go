// Package google keeps a shared Google Calendar in step with ccroom, through
// google.golang.org/api/calendar/v3.
//
// Push: ccroom is the source of truth for its bookings. Every transition
// enqueues a job (kind "google") in the same database transaction; the
// Pusher's Handle reads the request as it is now and makes Google match it:
// approved bookings are confirmed events, requests still in the chain are
// tentative events (when configured), everything else is deleted. The event id
// is the request's UID, so an insert that already happened answers 409 and is
// reconciled with get + update: never a second event. Updates carry If-Match.
//
// Import: the Poller lists the calendar's changes with a sync token. Events
// ccroom did not create become busy time for the conflict check; an event of
// ccroom's changed or deleted in Google is put back as ccroom has it.
//
// Google's Go client never retries: Handle returns errors the outbox retries
// with backoff (rate limits, 429 with Retry-After, 5xx, timeouts) or fails for
// good (400), and every call has a deadline.
package google
