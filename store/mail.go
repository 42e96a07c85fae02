package store

// MailStore is the mail's memory: which messages were sent (so a retried job
// does not send one twice) and which signed action links were used.
type MailStore interface{}
