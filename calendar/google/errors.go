package google

import (
	"context"
	"errors"
	"net"
	"strconv"
	"time"

	"google.golang.org/api/googleapi"

	"github.com/pelalawan/ccroom/outbox"
)

// statusOf returns the HTTP status of a failed call, 0 when it got none.
func statusOf(err error) int {
	var ge *googleapi.Error
	if errors.As(err, &ge) {
		return ge.Code
	}
	return 0
}

// reasonOf returns the first reason Google gave, "" when none.
func reasonOf(err error) string {
	var ge *googleapi.Error
	if errors.As(err, &ge) && len(ge.Errors) > 0 {
		return ge.Errors[0].Reason
	}
	return ""
}

// resultOf names the outcome of a call for the metrics.
func resultOf(err error) string {
	switch {
	case err == nil:
		return "ok"
	case statusOf(err) != 0:
		return strconv.Itoa(statusOf(err))
	case isTimeout(err):
		return "timeout"
	}
	return "error"
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// retryAfter reads a Retry-After header in seconds, 0 when absent.
func retryAfter(err error) time.Duration {
	var ge *googleapi.Error
	if !errors.As(err, &ge) || ge.Header == nil {
		return 0
	}
	s, convErr := strconv.Atoi(ge.Header.Get("Retry-After"))
	if convErr != nil || s <= 0 {
		return 0
	}
	return time.Duration(s) * time.Second
}

// jobError says what the outbox does with a push that failed: 400 fails it
// for good; rate limits, 429 (after Retry-After), 5xx, timeouts and the rest
// are retried with backoff.
func (m *Metrics) jobError(err error) error {
	if err == nil {
		return nil
	}
	code := statusOf(err)
	switch {
	case code == 400:
		return outbox.Permanent(err)
	case code == 429 || code == 403 && isRateLimit(reasonOf(err)):
		m.retry(rateReason(code, reasonOf(err)))
		if d := retryAfter(err); d > 0 {
			return outbox.RetryAfter(err, d)
		}
		return err
	case code >= 500:
		m.retry("5xx")
	case isTimeout(err):
		m.retry("timeout")
	default:
		m.retry("other")
	}
	return err
}

func isRateLimit(reason string) bool {
	switch reason {
	case "rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded":
		return true
	}
	return false
}

func rateReason(code int, reason string) string {
	if code == 429 {
		return "429"
	}
	return reason
}
