package store

// GoogleStore keeps the Google Calendar sync's state: ccroom's events as last
// pushed, the busy time imported from the calendar, and the sync token.
type GoogleStore interface{}
