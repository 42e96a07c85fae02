// Package booking is the domain of ccroom: rooms and their equipment, requests to
// borrow a room, the roles of the office, the SOP state machine that says who may
// do which step when, the SOP's time standards, and the rules a request is checked
// against.
//
// The package does no I/O and reads no clock: every function that depends on the
// time takes it as an argument. That keeps the procedure testable in microseconds
// and lets store, web and the calendars be thin adapters around it.
package booking
