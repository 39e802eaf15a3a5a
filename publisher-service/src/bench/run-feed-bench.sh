#!/usr/bin/env bash
# On-demand benchmark of the publisher (not part of the build). Needs wrk (apt-get install -y wrk).
#   publisher-service/src/bench/run-feed-bench.sh [INPUTS=10000] [HEAP_INPUTS=100000] [DURATION=10s] [RUNS=3]
# 1. A real EmbeddedKafka with INPUTS posted inputs, the real PublisherService on 127.0.0.1:
#    page render times, then wrk on feed.json with and without a matching If-None-Match (RUNS each).
# 2. Heap with HEAP_INPUTS synthetic inputs applied by the real application, the broker in a
#    process of its own.
# Loopback only; prints the median requests/s of each wrk series.
set -euo pipefail
INPUTS=${1:-10000}
HEAP_INPUTS=${2:-100000}
DURATION=${3:-10s}
RUNS=${4:-3}
MODULE="$(cd "$(dirname "$0")/../.." && pwd)"
ROOT="$(cd "$MODULE/.." && pwd)"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

cd "$ROOT"
# In the reactor (-am), so that the sibling modules come from this checkout, not from whatever
# another branch last installed in ~/.m2; each module writes the file, the publisher last.
"$ROOT/mvnw" -q -pl publisher-service -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$MODULE/target/bench.classpath" >/dev/null
CP="$MODULE/target/test-classes:$MODULE/target/classes:$(cat "$MODULE/target/bench.classpath")"
OUT="$MODULE/target/bench"
mkdir -p "$OUT"
READY="$OUT/ready"
rm -f "$READY"

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "$(free -g | awk '/Mem:/{print $2}') GB RAM, $(java -version 2>&1 | head -1)"
echo "== serve $INPUTS inputs"
java -Xmx1g -XX:+UseParallelGC -cp "$CP" org.inputdesk.publisher.FeedBench serve "$INPUTS" "$READY" \
  >"$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  [ -s "$READY" ] && break
  kill -0 "$SERVER" 2>/dev/null || { cat "$OUT/serve.log"; exit 1; }
  sleep 1
done
[ -s "$READY" ] || { echo "publisher not ready" >&2; exit 1; }
grep -E '^(produced|publisher caught|render|heap)' "$OUT/serve.log"
BASE=$(sed -n 1p "$READY")
ETAG=$(sed -n 2p "$READY")
FEED="${BASE}c/bench/feed.json"
case "$BASE" in http://127.0.0.1:*) ;; *) echo "not loopback: $BASE" >&2; exit 1 ;; esac

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
series() {
  local name=$1; shift
  : >"$OUT/$name.rps"
  for i in $(seq 1 "$RUNS"); do
    wrk -t2 -c32 -d"$DURATION" --latency "$@" "$FEED" >"$OUT/$name.$i.txt"
    awk '/Requests\/sec/{print $2}' "$OUT/$name.$i.txt" >>"$OUT/$name.rps"
  done
  echo "$name: runs $(tr '\n' ' ' <"$OUT/$name.rps")-> median $(median <"$OUT/$name.rps") req/s"
  grep -E 'Non-2xx|50%|99%' "$OUT/$name.$RUNS.txt" | sed 's/^/    last run: /'
}
echo "== wrk -t2 -c32 -d$DURATION $FEED"
series feed-304 -H "If-None-Match: $ETAG"
series feed-200
kill "$SERVER"
wait "$SERVER" 2>/dev/null || true
trap - EXIT

echo "== heap with $HEAP_INPUTS inputs (the broker in a process of its own)"
rm -f "$READY"
java -Xmx1g -XX:+UseParallelGC -cp "$CP" org.inputdesk.publisher.FeedBench broker "$READY" \
  >"$OUT/broker.log" 2>&1 &
BROKER=$!
trap 'kill "$BROKER" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  [ -s "$READY" ] && break
  kill -0 "$BROKER" 2>/dev/null || { cat "$OUT/broker.log"; exit 1; }
  sleep 1
done
java -Xmx2g -XX:+UseParallelGC -cp "$CP" org.inputdesk.publisher.FeedBench heap "$HEAP_INPUTS" \
  "$(sed -n 1p "$READY")" 2>&1 | grep -E '^(heap|  =|applied|uncached|read the|inputs)' \
  | tee "$OUT/heap.log"
kill "$BROKER"
wait "$BROKER" 2>/dev/null || true
trap - EXIT
