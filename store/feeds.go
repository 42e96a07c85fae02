package store

// FeedStore is what the iCal feeds need from the store: the bookings in a
// window and the staff feed tokens.
type FeedStore interface{}
