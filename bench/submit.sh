#!/usr/bin/env bash
# The submission benchmark: wrk posting new, valid requests to
# POST /api/v1/requests of the daemon built from this tree, on SQLite, in two
# cases (bodies made by bench/submit.lua):
#
#   spread   requests over a year of days and hours, so few overlap;
#            target >= 500 requests/s
#   hotspot  every request for the same hour of the same day: each is accepted
#            with a pending warning (the first ten others listed, all counted);
#            target >= 400 requests/s with p99 < 250 ms
#
# Every run starts a daemon on a new, empty data directory and a free port:
# a fresh SQLite database holding one secretary, whom each submission
# notifies by email (written to a file by the outbox), rules that accept the
# requests (lead_days 1, open 07:00-18:00 Asia/Jakarta, horizon_days 400). It
# stops the daemon after: the rounds are alike, and the hot spot of one run
# holds only the requests of that run (rate x duration of them at its end;
# its cost per request grows with them). Every answer must be a 201: the
# others are counted by status in response() and reported, and the script
# fails when there is one, or a socket error. The table gives the medians
# over the rounds, and the machine's load.
#
#   bench/submit.sh                     # from the repository's root, or anywhere
#   DURATION=30s ROUNDS=5 bench/submit.sh
#   CCROOM=/tmp/ccroom-old bench/submit.sh   # measure another build (no build)
#
# Environment (all optional):
#   DURATION=10s       each wrk run
#   ROUNDS=3           rounds of the cases, interleaved; the medians are reported
#   THREADS=2 CONNECTIONS=32
#   CASES="spread hotspot"
#   CCROOM=            a ccroom binary to run instead of building ./cmd/ccroom
#   PORT=              the port to listen on (default: a free one)
#   LOGS=1             0: the daemon logs at level warn, not every request
#   KEEP=0             1: keep the temporary directory (logs, configs, databases)
#
# Needs go, curl and wrk (apt-get install -y wrk; done here when run as root
# and it is missing).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
CASES=${CASES:-spread hotspot}
CCROOM=${CCROOM:-}
PORT=${PORT:-}
LOGS=${LOGS:-1}
KEEP=${KEEP:-0}

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk >/dev/null
  else
    echo "submit.sh: install wrk first (apt-get install -y wrk)" >&2
    exit 1
  fi
fi

tmp=$(mktemp -d /tmp/ccroom-submit.XXXXXX)
pid=""
stop() {
  if [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
    pid=""
  fi
}
cleanup() {
  stop
  if [ "$KEEP" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# free_port prints a port of 127.0.0.1 nothing listens on.
free_port() {
  local p
  for p in $(shuf -i 20000-60000 -n 100); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  echo "submit.sh: no free port found" >&2
  exit 1
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== machine"
echo "cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load before: $(loadavg)"
echo "$(go version); $(wrk -v 2>&1 | head -1)"

if [ -z "$CCROOM" ]; then
  echo "== build ./cmd/ccroom ($(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet 2>/dev/null || echo ', with uncommitted changes'))"
  go build -o "$tmp/ccroom" ./cmd/ccroom
  CCROOM=$tmp/ccroom
fi
[ -n "$PORT" ] || PORT=$(free_port)

# start RUN: a daemon on a new data directory $tmp/RUN, ready to answer.
start() {
  local dir=$tmp/$1
  mkdir -p "$dir"
  cat >"$dir/ccroom.yaml" <<EOF
listen: 127.0.0.1:$PORT
base_url: http://127.0.0.1:$PORT
timezone: Asia/Jakarta
data_dir: $dir/data
database:
  driver: sqlite
rules:
  lead_days: 1
  open: "07:00"
  close: "18:00"
  horizon_days: 400
log:
  level: $([ "$LOGS" = 1 ] && echo info || echo warn)
EOF
  # a secretary, whom every submission notifies (the outbox mails her)
  "$CCROOM" user add --config "$dir/ccroom.yaml" --email sekretaris@example.go.id \
    --name "Sekretaris Diskominfo" --role secretary >"$dir/user.log" 2>&1
  "$CCROOM" serve --config "$dir/ccroom.yaml" >"$dir/ccroom.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT/readyz" 2>/dev/null && return
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "submit.sh: the daemon did not start:"; tail -20 "$dir/ccroom.log"; exit 1
}

# ms converts a wrk latency (850.00us, 12.34ms, 1.10s, 2.00m) to milliseconds.
ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : 0
    printf "%.1f", n * f }'
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# run CASE ROUND: one wrk run on a fresh daemon; prints and records it.
declare -A rps p99 loads
failed=0
run() {
  local case=$1 round=$2 out line r p50 p q errors
  start "$case-$round"
  out=$(SUBMIT_CASE=$case wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
    -s bench/submit.lua "http://127.0.0.1:$PORT/api/v1/requests")
  stop
  line=$(grep '^submit: responses' <<<"$out" || echo "submit: no summary")
  errors=$(grep -E 'Socket errors' <<<"$out" || true)
  r=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")
  p=$(ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")
  q=$(loadavg)
  rps[$case]+="$r " p99[$case]+="$p " loads[$case]+="${q%% *} "
  printf '  %-8s round %d: %8.1f req/s   p50 %7s ms   p99 %7s ms   load %s\n' "$case" "$round" "$r" "$p50" "$p" "$q"
  echo "    ${line#submit: }"
  if ! grep -q 'other 0 ' <<<"$line" || [ -n "$errors" ]; then
    failed=1
    echo "    NOT ALL 201: this run measures refusals, not submissions"
    [ -n "$errors" ] && echo "    $errors"
    grep '^submit: sample' <<<"$out" | sed 's/^/    /' || true
  fi
}

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS rounds, port $PORT, logs $([ "$LOGS" = 1 ] && echo on || echo off)"
for round in $(seq 1 "$ROUNDS"); do
  for case in $CASES; do
    run "$case" "$round"
  done
done

echo "== medians over $ROUNDS rounds (each run on an empty database)"
printf '%-8s %12s %10s %12s   %-30s %s\n' case "req/s" "p99 ms" "load (1m)" target verdict
for case in $CASES; do
  r=$(median <<<"${rps[$case]}")
  p=$(median <<<"${p99[$case]}")
  l=$(median <<<"${loads[$case]}")
  case $case in
  spread) target="req/s >= 500"
    verdict=$(awk -v r="$r" 'BEGIN {print (r >= 500) ? "meets" : "MISSES"}') ;;
  hotspot) target="req/s >= 400, p99 < 250 ms"
    verdict=$(awk -v r="$r" -v p="$p" 'BEGIN {print (r >= 400 && p < 250) ? "meets" : "MISSES"}') ;;
  *) target="-" verdict="-" ;;
  esac
  printf '%-8s %12.1f %10.1f %12s   %-30s %s\n' "$case" "$r" "$p" "$l" "$target" "$verdict"
done
echo "load after: $(loadavg)"
if [ "$failed" = 1 ]; then
  echo "submit.sh: some answers were not 201 (see above): the figures are not valid" >&2
  exit 1
fi
