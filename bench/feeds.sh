#!/usr/bin/env bash
# The feed benchmark: ccroom serving /feeds/public.ics holding 2,000 events to
# many clients on loopback, against nginx (Debian's) serving the same bytes as
# a static file with the same Content-Type, and a bare net/http handler
# serving them from memory (bench/baseline, the floor of a Go server on this
# machine), in the same run, with the same wrk load: the 200 path (a full
# feed) and the 304 path (If-None-Match with the server's own ETag).
# Targets, as medians of the per-round ratios: 200 >= 0.8 x nginx; 304 >= 0.75 x
# nginx and >= 0.9 x the bare net/http handler.
#
#   bench/feeds.sh                      # from the repository's root, or anywhere
#
# Environment (all optional):
#   EVENTS=2000        bookings seeded (each is one VEVENT)
#   DURATION=10s       each wrk run
#   THREADS=2 CONNECTIONS=64
#   ROUNDS=3           rounds of the four runs, interleaved; the median is reported
#   GZIP=0             1: also measure with Accept-Encoding: gzip (nginx with
#                      gzip_static serving ccroom's own gzipped bytes)
#   FEED=/feeds/public.ics   the feed measured (every seeded booking is in
#                      the command-center room, so its room feed holds them too)
#   CCROOM_PORT=18481 NGINX_PORT=18482 BASELINE_PORT=18483
#   BASELINE=1         0: leave out the bare net/http handler
#   LOGS=1             0: neither server logs requests (ccroom at log level
#                      warn, nginx with access_log off)
#   KEEP=0             1: keep the temporary directory (logs, feed, configs)
#
# Needs go, curl, wrk and nginx (apt-get install -y nginx wrk; done here when
# run as root and they are missing). Both servers log every request to a
# file: ccroom at its default level (info), nginx its access log.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${EVENTS:-2000}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
ROUNDS=${ROUNDS:-3}
GZIP=${GZIP:-0}
CCROOM_PORT=${CCROOM_PORT:-18481}
NGINX_PORT=${NGINX_PORT:-18482}
KEEP=${KEEP:-0}
LOGS=${LOGS:-1}
BASELINE=${BASELINE:-1}
BASELINE_PORT=${BASELINE_PORT:-18483}
FEED=${FEED:-/feeds/public.ics}

need=()
command -v wrk >/dev/null || need+=(wrk)
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "feeds.sh: install ${need[*]} first (apt-get install -y ${need[*]})" >&2
    exit 1
  fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

tmp=$(mktemp -d /tmp/ccroom-bench.XXXXXX)
chmod 755 "$tmp" # nginx's workers run as nobody when started by root
ccroom_pid="" nginx_pid="" baseline_pid=""
cleanup() {
  [ -n "$baseline_pid" ] && kill -TERM "$baseline_pid" 2>/dev/null || true
  [ -n "$ccroom_pid" ] && kill -TERM "$ccroom_pid" 2>/dev/null && wait "$ccroom_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null || true
  if [ "$KEEP" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

ccroom_url=http://127.0.0.1:$CCROOM_PORT$FEED
nginx_url=http://127.0.0.1:$NGINX_PORT$FEED
baseline_url=http://127.0.0.1:$BASELINE_PORT$FEED

echo "== machine"
echo "cpus: $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "load before: $(uptime | sed 's/.*load average/load average/')"
echo "$(go version); $($NGINX -v 2>&1); $(wrk -v 2>&1 | head -1)"

echo "== build and seed $EVENTS bookings"
cat >"$tmp/ccroom.yaml" <<EOF
listen: 127.0.0.1:$CCROOM_PORT
base_url: http://127.0.0.1:$CCROOM_PORT
data_dir: $tmp/data
rules:
  lead_days: 0
  open: "00:00"
  close: "24:00"
  horizon_days: 365
log:
  level: $([ "$LOGS" = 1 ] && echo info || echo warn)
EOF
go build -o "$tmp/ccroom" ./cmd/ccroom
go build -o "$tmp/seed" ./bench/seed
go build -o "$tmp/baseline" ./bench/baseline
"$tmp/seed" -config "$tmp/ccroom.yaml" -n "$EVENTS"

echo "== start ccroom"
"$tmp/ccroom" serve --config "$tmp/ccroom.yaml" >"$tmp/ccroom.log" 2>&1 &
ccroom_pid=$!
for _ in $(seq 1 100); do curl -fsS -o /dev/null "http://127.0.0.1:$CCROOM_PORT/readyz" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "http://127.0.0.1:$CCROOM_PORT/readyz"

# Wait until the daemon is idle (its workers may have jobs from the seeding):
# no CPU time used over one second, for at most a minute.
cpu() { awk '{print $14 + $15}' "/proc/$ccroom_pid/stat"; }
for _ in $(seq 1 60); do
  a=$(cpu); sleep 1; b=$(cpu)
  if [ "$a" = "$b" ]; then break; fi
done

echo "== the feed"
static=$tmp/www$FEED
mkdir -p "$(dirname "$static")"
curl -fsS -D "$tmp/ccroom.headers" -o "$static" "$ccroom_url"
chmod -R a+rX "$tmp/www"
events=$(grep -c '^BEGIN:VEVENT' "$static" || true)
bytes=$(stat -c %s "$static")
ccroom_etag=$(grep -i '^etag:' "$tmp/ccroom.headers" | cut -d' ' -f2- | tr -d '\r')
echo "$FEED: $events VEVENTs, $bytes bytes, ETag $ccroom_etag"
[ "$events" -ge "$EVENTS" ] || { echo "the feed holds $events events, want $EVENTS"; exit 1; }
if [ "$GZIP" = 1 ]; then
  curl -fsS -H 'Accept-Encoding: gzip' -o "$static.gz" "$ccroom_url"
  echo "gzipped by ccroom: $(stat -c %s "$static.gz") bytes"
fi
cache=$(grep -i '^cache-control:' "$tmp/ccroom.headers" | cut -d' ' -f2- | tr -d '\r')

echo "== start nginx"
cat >"$tmp/nginx.conf" <<EOF
worker_processes auto;
pid $tmp/nginx.pid;
error_log $tmp/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log $([ "$LOGS" = 1 ] && echo "$tmp/nginx-access.log" || echo off);
  client_body_temp_path $tmp/nginx-body;
  proxy_temp_path $tmp/nginx-proxy;
  fastcgi_temp_path $tmp/nginx-fastcgi;
  uwsgi_temp_path $tmp/nginx-uwsgi;
  scgi_temp_path $tmp/nginx-scgi;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { }
  default_type "text/calendar; charset=utf-8";
  etag on;
  gzip_static $([ "$GZIP" = 1 ] && echo on || echo off);
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $tmp/www;
    add_header Cache-Control "${cache:-max-age=300}";
  }
}
EOF
"$NGINX" -p "$tmp" -c "$tmp/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
for _ in $(seq 1 50); do curl -fsS -o /dev/null "$nginx_url" 2>/dev/null && break; sleep 0.1; done
curl -fsS -D "$tmp/nginx.headers" -o "$tmp/nginx.ics" "$nginx_url"
cmp -s "$tmp/nginx.ics" "$static" || { echo "nginx serves other bytes"; exit 1; }
nginx_etag=$(grep -i '^etag:' "$tmp/nginx.headers" | cut -d' ' -f2- | tr -d '\r')

# Both answer 304 to their own ETag.
for pair in "$ccroom_url|$ccroom_etag" "$nginx_url|$nginx_etag"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: ${pair#*|}" "${pair%%|*}")
  [ "$code" = 304 ] || { echo "${pair%%|*} answers $code to If-None-Match"; exit 1; }
done
if [ "$BASELINE" = 1 ]; then
  "$tmp/baseline" -listen "127.0.0.1:$BASELINE_PORT" -file "$static" &
  baseline_pid=$!
  for _ in $(seq 1 50); do curl -fsS -o /dev/null "$baseline_url" 2>/dev/null && break; sleep 0.1; done
  baseline_etag=$(curl -fsS -D - -o /dev/null "$baseline_url" | grep -i '^etag:' | cut -d' ' -f2- | tr -d '\r')
fi
echo "response headers (200):"
echo "  ccroom: $(tr -d '\r' <"$tmp/ccroom.headers" | grep -v '^$' | tail -n +2 | cut -d: -f1 | paste -sd' ')"
echo "  nginx:  $(tr -d '\r' <"$tmp/nginx.headers" | grep -v '^$' | tail -n +2 | cut -d: -f1 | paste -sd' ')"

# pids NAME: the processes of the server a run named NAME measures.
pids() {
  case $1 in
  ccroom-*) echo "$ccroom_pid" ;;
  nginx-*) echo "$nginx_pid" $(pgrep -P "$nginx_pid") ;;
  baseline-*) echo "$baseline_pid" ;;
  esac
}
# ticks PID...: their CPU time (user + system) in clock ticks.
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }

# run NAME URL [HEADER]: one wrk run; prints requests/s, latency and the
# server's CPU time per request (less disturbed by other load than req/s).
declare -A results
run() {
  local name=$1 url=$2 out before after
  shift 2
  local procs
  procs=$(pids "$name")
  before=$(ticks $procs)
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")
  after=$(ticks $procs)
  if grep -q 'Non-2xx or 3xx\|Socket errors' <<<"$out"; then
    echo "$name: errors:"; echo "$out"; exit 1
  fi
  local rps p50 p99 n us
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  us=$(awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v n="$n" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
  results[$name]+="$rps "
  results[cpu-$name]+="$us "
  last=$rps
  printf '  %-16s %10s req/s   p50 %-8s p99 %-8s cpu %6s us/req   load %s\n' "$name" "$rps" "$p50" "$p99" "$us" \
    "$(cut -d' ' -f1 /proc/loadavg)"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# pair KIND [HEADERS...]: ccroom then nginx (then the baseline), back to
# back, and the ratios to nginx.
pair() {
  local kind=$1 c n b=0
  shift
  # the baseline does not gzip: it runs only on the identity paths
  if [ "$BASELINE" = 1 ] && [ "$kind" != 200-gzip ]; then b=1; fi
  case $kind in
  304) run "ccroom-$kind" "$ccroom_url" -H "If-None-Match: $ccroom_etag"; c=$last
       run "nginx-$kind" "$nginx_url" -H "If-None-Match: $nginx_etag"; n=$last
       if [ "$b" = 1 ]; then run "baseline-$kind" "$baseline_url" -H "If-None-Match: $baseline_etag"; fi ;;
  *)   run "ccroom-$kind" "$ccroom_url" "$@"; c=$last
       run "nginx-$kind" "$nginx_url" "$@"; n=$last
       if [ "$b" = 1 ]; then run "baseline-$kind" "$baseline_url" "$@"; fi ;;
  esac
  results[ratio-$kind]+="$(ratio "$c" "$n") "
  echo "  ccroom/nginx $kind: $(ratio "$c" "$n")"
  if [ "$b" = 1 ]; then
    results[bratio-$kind]+="$(ratio "$last" "$n") "
    results[cbratio-$kind]+="$(ratio "$c" "$last") "
    echo "  baseline/nginx $kind: $(ratio "$last" "$n")   ccroom/baseline $kind: $(ratio "$c" "$last")"
  fi
}

echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds, logs $([ "$LOGS" = 1 ] && echo on || echo off)"
echo "   (200 and 304 without Accept-Encoding: the identity bytes, as the static file)"
kinds=(200 304)
if [ "$GZIP" = 1 ]; then kinds+=(200-gzip); fi
for r in $(seq 1 "$ROUNDS"); do
  echo "round $r"
  pair 200
  pair 304
  if [ "$GZIP" = 1 ]; then pair 200-gzip -H 'Accept-Encoding: gzip'; fi
done

echo "== medians over $ROUNDS rounds"
for k in "${kinds[@]}"; do
  c=$(median <<<"${results[ccroom-$k]}")
  x=$(median <<<"${results[nginx-$k]}")
  m=$(median <<<"${results[ratio-$k]}")
  target=0.80
  if [ "$k" = 304 ]; then target=0.75; fi
  verdict=$(awk -v r="$m" -v t="$target" 'BEGIN {print (r >= t) ? "meets" : "MISSES"}')
  printf '%-9s ccroom %8.0f req/s   nginx %8.0f req/s   ccroom/nginx per round: %s-> median %.2f (target >= %s: %s)\n' \
    "$k" "$c" "$x" "${results[ratio-$k]}" "$m" "$target" "$verdict"
  printf '%-9s CPU per request, median: ccroom %s us, nginx %s us' "$k" \
    "$(median <<<"${results[cpu-ccroom-$k]}")" "$(median <<<"${results[cpu-nginx-$k]}")"
  if [ "$BASELINE" = 1 ] && [ "$k" != 200-gzip ]; then
    printf ', bare net/http %s us' "$(median <<<"${results[cpu-baseline-$k]}")"
  fi
  echo
  if [ "$BASELINE" = 1 ] && [ "$k" != 200-gzip ]; then
    printf '%-9s baseline %6.0f req/s   (bare net/http)  baseline/nginx per round: %s-> median %.2f\n' \
      "$k" "$(median <<<"${results[baseline-$k]}")" "${results[bratio-$k]}" "$(median <<<"${results[bratio-$k]}")"
    cb=$(median <<<"${results[cbratio-$k]}")
    if [ "$k" = 304 ]; then
      verdict=$(awk -v r="$cb" 'BEGIN {print (r >= 0.9) ? "meets" : "MISSES"}')
      printf '%-9s ccroom/baseline per round: %s-> median %.2f (target >= 0.90: %s)\n' "$k" "${results[cbratio-$k]}" "$cb" "$verdict"
    else
      printf '%-9s ccroom/baseline per round: %s-> median %.2f\n' "$k" "${results[cbratio-$k]}" "$cb"
    fi
  fi
done
echo "feed: $events VEVENTs, $bytes bytes; load after: $(uptime | sed 's/.*load average/load average/')"
