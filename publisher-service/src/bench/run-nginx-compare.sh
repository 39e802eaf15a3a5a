#!/usr/bin/env bash
# On-demand benchmark (not part of the build): feed.json from the publisher against nginx serving
# the same bytes, measured in one run.
#   publisher-service/src/bench/run-nginx-compare.sh [INPUTS=10000] [DURATION=10s] [ROUNDS=3]
# 1. The publisher with INPUTS posted inputs (FeedBench serve: a real EmbeddedKafka, the real
#    PublisherService on 127.0.0.1); its feed.json bytes, plain and gzip, copied to a web root.
# 2. Debian's nginx (installed with apt-get when missing and run as root), a child of this script
#    with its own configuration under target/, serving those bytes with the publisher's headers.
# 3. wrk -t2 -c32 on both, after one uncounted warm-up run of each, alternating (the order swapped every round), ROUNDS rounds each of 200
#    plain, 200 gzip and 304 (each side sent its own ETag); every run must have answered only the
#    expected status with the expected bytes. Prints each round's requests/s and the median ratio
#    publisher/nginx. Loopback only.
set -euo pipefail
INPUTS=${1:-10000}
DURATION=${2:-10s}
ROUNDS=${3:-3}
THREADS=2
CONNECTIONS=32
MODULE="$(cd "$(dirname "$0")/../.." && pwd)"
ROOT="$(cd "$MODULE/.." && pwd)"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is missing: apt-get install -y curl" >&2; exit 1; }
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = 0 ]; then
    # Only the binary is wanted: Debian's package would also start its own nginx on port 80.
    DEBIAN_FRONTEND=noninteractive apt-get install -y nginx >/dev/null
    if command -v systemctl >/dev/null; then systemctl stop nginx 2>/dev/null || true; fi
  else
    echo "nginx is missing: apt-get install -y nginx" >&2
    exit 1
  fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

cd "$ROOT"
# In the reactor (-am), so that the sibling modules come from this checkout.
"$ROOT/mvnw" -q -pl publisher-service -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$MODULE/target/bench.classpath" >/dev/null
CP="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/target/bench.classpath")"
OUT="$MODULE/target/bench/nginx"
rm -rf "$OUT"
mkdir -p "$OUT"
# nginx's workers may run as nobody: the web root and its parents must be readable by anyone.
WWW=$(mktemp -d)
chmod 755 "$WWW"
READY="$OUT/ready"
SERVER=""
NGINX_PID=""
stop() {
  # Each step may fail (a server already gone, a killed child's status) without skipping the rest.
  for pid in $NGINX_PID $SERVER; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WWW"
}
trap stop EXIT

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(java -version 2>&1 | head -1), $("$NGINX" -v 2>&1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "== load before: $(uptime)"
echo "== serve $INPUTS inputs"
java -Xmx1g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} -cp "$CP" \
  org.inputdesk.publisher.FeedBench serve "$INPUTS" "$READY" >"$OUT/serve.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 300); do
  [ -s "$READY" ] && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$OUT/serve.log"; exit 1; }
  sleep 1
done
[ -s "$READY" ] || { echo "publisher not ready" >&2; exit 1; }
BASE=$(sed -n 1p "$READY")
case "$BASE" in http://127.0.0.1:*) ;; *) echo "not loopback: $BASE" >&2; exit 1 ;; esac
FEED_PATH="c/bench/feed.json"
PUB_URL="$BASE$FEED_PATH"

# The publisher's bytes and headers, as wrk's requests get them (no Accept-Encoding), and gzip.
header() { grep -i "^$1:" "$2" | head -1 | cut -d: -f2- | sed 's/^ *//; s/\r$//'; }
mkdir -p "$WWW/c/bench"
curl -sf -D "$OUT/pub.headers" -o "$WWW/$FEED_PATH" "$PUB_URL"
curl -sf -D "$OUT/pub.gzip.headers" -H 'Accept-Encoding: gzip' -o "$WWW/$FEED_PATH.gz" "$PUB_URL"
TYPE=$(header Content-Type "$OUT/pub.headers")
[ "$(header Content-Encoding "$OUT/pub.gzip.headers")" = gzip ] ||
  { echo "the publisher did not answer gzip" >&2; exit 1; }
gzip -dc "$WWW/$FEED_PATH.gz" | cmp -s - "$WWW/$FEED_PATH" ||
  { echo "the publisher's gzip bytes are not its plain bytes" >&2; exit 1; }
# The same modification time, so that nginx's Last-Modified is the publisher's.
MODIFIED=$(header Last-Modified "$OUT/pub.headers")
[ -n "$MODIFIED" ] && touch -d "$MODIFIED" "$WWW/$FEED_PATH" "$WWW/$FEED_PATH.gz"
chmod -R a+rX "$WWW"
echo "feed.json: $(stat -c %s "$WWW/$FEED_PATH") bytes plain, $(stat -c %s "$WWW/$FEED_PATH.gz")" \
  "gzip, $TYPE"

# The publisher's other response headers, sent by nginx too (also on 304s), so that both
# answers carry the same headers.
ADD_HEADERS=""
for name in Cache-Control Vary Content-Security-Policy X-Content-Type-Options Referrer-Policy \
  X-Frame-Options Access-Control-Allow-Origin Access-Control-Expose-Headers; do
  value=$(header "$name" "$OUT/pub.headers")
  [ -n "$value" ] && ADD_HEADERS+="      add_header $name \"$value\" always;"$'\n'
done

NGINX_DIR="$OUT/nginx"
mkdir -p "$NGINX_DIR/logs" "$NGINX_DIR/temp"
# A free loopback port from the OS (nginx cannot report one it chose itself).
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$NGINX_DIR/nginx.conf" <<EOF
# Written by run-nginx-compare.sh for one run.
daemon off;
worker_processes $(nproc);
pid $NGINX_DIR/nginx.pid;
error_log $NGINX_DIR/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  etag on;
  keepalive_timeout 300s;
  keepalive_requests 10000000;
  client_body_temp_path $NGINX_DIR/temp/body;
  proxy_temp_path $NGINX_DIR/temp/proxy;
  fastcgi_temp_path $NGINX_DIR/temp/fastcgi;
  uwsgi_temp_path $NGINX_DIR/temp/uwsgi;
  scgi_temp_path $NGINX_DIR/temp/scgi;
  server {
    listen 127.0.0.1:$PORT;
    root $WWW;
    location = /$FEED_PATH {
      types { }
      default_type "$TYPE";
      # The .gz next to the file for clients that accept gzip, as the publisher does.
      gzip_static on;
$ADD_HEADERS    }
  }
}
EOF
"$NGINX" -t -q -e "$NGINX_DIR/logs/error.log" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf"
"$NGINX" -e "$NGINX_DIR/logs/error.log" -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" &
NGINX_PID=$!
NGINX_URL="http://127.0.0.1:$PORT/$FEED_PATH"
for _ in $(seq 1 50); do
  curl -sf -o /dev/null "$NGINX_URL" && break
  kill -0 "$NGINX_PID" 2>/dev/null || { cat "$NGINX_DIR/logs/error.log"; exit 1; }
  sleep 0.1
done

# Both serve the same bytes with the same type, plain and gzip.
for side in pub nginx; do
  url=$PUB_URL
  [ "$side" = nginx ] && url=$NGINX_URL
  curl -sf -D "$OUT/$side.check.headers" -o "$OUT/$side.check" "$url"
  curl -sf -D "$OUT/$side.check.gzip.headers" -H 'Accept-Encoding: gzip' -o "$OUT/$side.check.gz" \
    "$url"
done
cmp "$OUT/pub.check" "$OUT/nginx.check"
cmp "$OUT/pub.check.gz" "$OUT/nginx.check.gz"
[ "$(header Content-Type "$OUT/nginx.check.headers")" = "$TYPE" ] ||
  { echo "nginx answers another Content-Type" >&2; exit 1; }
[ "$(header Content-Encoding "$OUT/nginx.check.gzip.headers")" = gzip ] ||
  { echo "nginx did not answer gzip" >&2; exit 1; }
PUB_ETAG=$(header ETag "$OUT/pub.check.headers")
NGINX_ETAG=$(header ETag "$OUT/nginx.check.headers")
[ -n "$PUB_ETAG" ] && [ -n "$NGINX_ETAG" ] || { echo "an ETag is missing" >&2; exit 1; }

# What one whole response of each kind weighs, headers included (Date has a fixed length).
size() { # URL CURL_OPTIONS... -> status and bytes
  curl -s -o /dev/null -w '%{http_code} %{size_header} %{size_download}\n' "$@"
}
declare -A EXPECT_STATUS EXPECT_BYTES
kinds=(200 200-gzip 304)
opts() { # KIND SIDE -> the header options of that request
  case "$1" in
    200) ;;
    200-gzip) echo "Accept-Encoding: gzip" ;;
    304) if [ "$2" = pub ]; then echo "If-None-Match: $PUB_ETAG"; else echo "If-None-Match: $NGINX_ETAG"; fi ;;
  esac
}
for kind in "${kinds[@]}"; do
  for side in pub nginx; do
    url=$PUB_URL
    [ "$side" = nginx ] && url=$NGINX_URL
    h=$(opts "$kind" "$side")
    read -r status head body < <(if [ -n "$h" ]; then size "$url" -H "$h"; else size "$url"; fi)
    [ "$status" = "${kind%%-*}" ] || { echo "$side $kind answered $status" >&2; exit 1; }
    EXPECT_STATUS[$kind.$side]=$status
    EXPECT_BYTES[$kind.$side]=$((head + body))
  done
  echo "response of $kind: publisher ${EXPECT_BYTES[$kind.pub]} bytes, nginx" \
    "${EXPECT_BYTES[$kind.nginx]} bytes (headers included)"
done

# wrk's own counts at the end of each run (no per-response hook, which would slow the client).
cat >"$OUT/count.lua" <<'EOF'
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("counts requests=%d bytes=%d status=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.bytes, e.status, e.connect, e.read, e.write, e.timeout))
end
EOF

# One wrk run; fails unless every response had the expected status and size: wrk counts non-2xx/3xx
# answers itself, and the bytes read must be requests x the expected response (plus at most one
# partial response per connection at the end), so a single 200 among 304s, or a 304 or short body
# among 200s, shows.
run() { # KIND SIDE ROUND -> requests/s
  local kind=$1 side=$2 round=$3 url=$PUB_URL h file
  [ "$side" = nginx ] && url=$NGINX_URL
  h=$(opts "$kind" "$side")
  file="$OUT/$kind.$side.$round.txt"
  if [ -n "$h" ]; then
    wrk -t$THREADS -c$CONNECTIONS -d"$DURATION" --latency -s "$OUT/count.lua" -H "$h" "$url" >"$file"
  else
    wrk -t$THREADS -c$CONNECTIONS -d"$DURATION" --latency -s "$OUT/count.lua" "$url" >"$file"
  fi
  local counts requests bytes status expect extra
  counts=$(grep '^counts ' "$file")
  requests=$(sed -E 's/.*requests=([0-9]+).*/\1/' <<<"$counts")
  bytes=$(sed -E 's/.* bytes=([0-9]+).*/\1/' <<<"$counts")
  status=$(sed -E 's/.* status=([0-9]+).*/\1/' <<<"$counts")
  expect=${EXPECT_BYTES[$kind.$side]}
  extra=$((bytes - requests * expect))
  if [ "$status" != 0 ] || grep -q 'Non-2xx' "$file" || [ "$requests" = 0 ] ||
    [ "$extra" -lt 0 ] || [ "$extra" -gt $((CONNECTIONS * expect)) ]; then
    echo "$side $kind round $round: not every response was a $kind of $expect bytes: $counts" >&2
    cat "$file" >&2
    exit 1
  fi
  grep -E 'Socket errors' "$file" | sed "s/^/    $side $kind round $round: /" >&2 || true
  awk '/Requests\/sec/{print $2}' "$file"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -A RPS
# A first run of each kind on each side, not counted: the publisher's JIT compiles its paths.
for kind in "${kinds[@]}"; do
  for side in pub nginx; do
    run "$kind" "$side" warm-up >/dev/null
  done
done
echo "== wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds, publisher and nginx alternating"
for round in $(seq 1 "$ROUNDS"); do
  for kind in "${kinds[@]}"; do
    # Who goes first alternates, so that a drift in the machine's load falls on both.
    order="pub nginx"
    [ $((round % 2)) = 0 ] && order="nginx pub"
    for side in $order; do
      RPS[$kind.$side.$round]=$(run "$kind" "$side" "$round")
    done
    printf '%-9s round %d: publisher %10.0f req/s, nginx %10.0f req/s, ratio %.2f\n' "$kind" \
      "$round" "${RPS[$kind.pub.$round]}" "${RPS[$kind.nginx.$round]}" \
      "$(awk -v p="${RPS[$kind.pub.$round]}" -v n="${RPS[$kind.nginx.$round]}" \
        'BEGIN {print p / n}')"
  done
done
echo "== medians (target: 200 >= 0.5x, 304 >= 0.8x)"
for kind in "${kinds[@]}"; do
  pub=$(for r in $(seq 1 "$ROUNDS"); do echo "${RPS[$kind.pub.$r]}"; done | median)
  ngx=$(for r in $(seq 1 "$ROUNDS"); do echo "${RPS[$kind.nginx.$r]}"; done | median)
  ratio=$(for r in $(seq 1 "$ROUNDS"); do
    awk -v p="${RPS[$kind.pub.$r]}" -v n="${RPS[$kind.nginx.$r]}" 'BEGIN {print p / n}'
  done | median)
  printf '%-9s publisher %10.0f req/s, nginx %10.0f req/s, median ratio %.2f\n' "$kind" "$pub" \
    "$ngx" "$ratio"
  grep -E '^ +(50|99)%' "$OUT/$kind.pub.$ROUNDS.txt" | xargs | sed 's/^/    publisher last round: /'
  grep -E '^ +(50|99)%' "$OUT/$kind.nginx.$ROUNDS.txt" | xargs | sed 's/^/    nginx last round:     /'
done
echo "== load after: $(uptime)"
