#!/usr/bin/env bash
# Benchmark of the model server, not a test: the packaged app over HTTP on localhost against the
# same prediction path called in-process (the baseline), both measured in this run, for single-row
# and 32-row requests. Reports p50, p99 and throughput, and each as a ratio to the baseline.
#
#   ./mvnw -B -pl contract,trainer-image,serving-image -am install -DskipTests   # once
#   serving-image/benchmark/run.sh [seconds per measurement, default 15]
#
# Needs wrk and hey (Debian: apt-get install -y wrk hey) and curl. Listens on 127.0.0.1 only
# ($PORT, default 18080); every run is bounded by the duration; about 12 x duration in all.
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION="${1:-15}"
PORT="${PORT:-18080}"
APP=target/quarkus-app
TRAINER=../trainer-image/target/drover-trainer.jar
DATA=../trainer-image/src/test/resources/data/iris.csv
for tool in wrk hey curl java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y wrk hey curl)" >&2; exit 1; }
done
if [[ ! -f $APP/quarkus-run.jar || ! -f $TRAINER || ! -d target/test-classes/io/drover/serving/benchmark ]]; then
  echo "build first: ./mvnw -B -pl contract,trainer-image,serving-image -am install -DskipTests" >&2
  exit 1
fi

work="$(mktemp -d)"
server=""
cleanup() {
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== training the iris bundle (reference trainer, default hyperparameters)"
DROVER_RUN=bench-1 DROVER_MODEL=iris DROVER_DATASET_URI="$DATA" DROVER_OUTPUT_URI="$work/iris" \
  DROVER_TERMINATION_LOG="$work/train.json" java -jar "$TRAINER" > "$work/train.log"
grep -o '"message":"[^"]*"' "$work/train.json"

echo "== in-process baseline (${DURATION}s per figure, 2 threads for throughput)"
java -cp "$APP/lib/main/*:$APP/app/*:target/test-classes" \
  io.drover.serving.benchmark.InProcessBenchmark "$work/iris" "$DURATION" 2 2>/dev/null \
  | grep '^inprocess' | tee "$work/inprocess.txt"

# A fixed heap, as the container's -XX:InitialRAMPercentage=60 gives a pod: a heap that grows under
# load pauses for it (measured here: p99 75 ms instead of 6 ms while saturated).
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:--Xms512m -Xmx512m}"
echo "== starting the packaged server on 127.0.0.1:$PORT ($SERVER_JAVA_OPTS)"
# shellcheck disable=SC2086
DROVER_MODEL_URI="$work/iris" QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
  java $SERVER_JAVA_OPTS -jar "$APP/quarkus-run.jar" > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/v2/health/ready" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log"; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/v2/health/ready" >/dev/null || { cat "$work/server.log"; exit 1; }

body() { # rows -> infer request body
  local rows=$1 data="" i
  for ((i = 0; i < rows; i++)); do data+="${data:+,}5.1,3.5,1.4,0.2"; done
  printf '{"inputs":[{"name":"input-0","shape":[%d,4],"datatype":"FP32","data":[%s]}]}' "$rows" "$data"
}
url="http://127.0.0.1:$PORT/v2/models/iris/infer"
to_ms() { # wrk's "1.23ms" / "456.00us" / "1.01s" -> milliseconds
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) print v / 1000; else if (v ~ /ms$/) print v + 0; else print v * 1000 }'
}

printf 'rows\tmode\tp50_ms\tp99_ms\trps\n' > "$work/http.txt"
for rows in 1 32; do
  body "$rows" > "$work/body-$rows.json"
  cat > "$work/post-$rows.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/body-$rows.json"); wrk.body = f:read("*a"); f:close()
LUA
  echo "== HTTP, $rows row(s) per request"
  # Warm-up, discarded: until C2 has compiled the hot path, the tail is the JIT's, not the server's.
  wrk -t2 -c16 -d"$((DURATION < 10 ? DURATION : 10))s" -s "$work/post-$rows.lua" "$url" > /dev/null
  wrk -t2 -c16 -d"${DURATION}s" --latency -s "$work/post-$rows.lua" "$url" > "$work/wrk-$rows.txt"
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/wrk-$rows.txt")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/wrk-$rows.txt")")
  rps=$(awk '/^Requests\/sec/ { print $2 }' "$work/wrk-$rows.txt")
  errors=$(awk '/Non-2xx|Socket errors/' "$work/wrk-$rows.txt")
  [[ -z $errors ]] || { echo "wrk saw errors: $errors" >&2; exit 1; }
  printf '%d\tsaturated (wrk -t2 -c16)\t%s\t%s\t%s\n' "$rows" "$p50" "$p99" "$rps" >> "$work/http.txt"
  # 1,000 requests per second: 10 workers at 100 each.
  hey -z "${DURATION}s" -c 10 -q 100 -m POST -T application/json -D "$work/body-$rows.json" "$url" \
    > "$work/hey-$rows.txt"
  p50=$(awk '/ 50% in / { print $3 * 1000 }' "$work/hey-$rows.txt")
  p99=$(awk '/ 99% in / { print $3 * 1000 }' "$work/hey-$rows.txt")
  rps=$(awk '/Requests\/sec:/ { print $2 }' "$work/hey-$rows.txt")
  non200=$(awk '/Status code distribution/,0' "$work/hey-$rows.txt" | grep -v '\[200\]' | grep -c '\[' || true)
  [[ $non200 -eq 0 ]] || { echo "hey saw non-200 answers" >&2; cat "$work/hey-$rows.txt" >&2; exit 1; }
  printf '%d\t1000 rps (hey -c10 -q100)\t%s\t%s\t%s\n' "$rows" "$p50" "$p99" "$rps" >> "$work/http.txt"
done

echo
echo "== results ($(nproc) cores; client, server and baseline share them)"
awk -F'\t' '
  FNR == NR {
    split($0, f, /[ =]/)   # inprocess rows=N p50_us=X p99_us=Y rps=Z
    rows = f[3]; base50[rows] = f[5] / 1000; base99[rows] = f[7] / 1000; baserps[rows] = f[9]
    next
  }
  FNR == 1 { printf "%-5s %-27s %9s %9s %9s %10s %10s %10s\n", "rows", "HTTP load", "p50 ms", "p99 ms", "req/s", "p50 ratio", "p99 ratio", "rps ratio"; next }
  {
    printf "%-5s %-27s %9.3f %9.3f %9.0f %9.1fx %9.1fx %9.2fx\n", $1, $2, $3, $4, $5, $3 / base50[$1], $4 / base99[$1], $5 / baserps[$1]
  }
  END {
    for (r in base50) printf "%-5s %-27s %9.3f %9.3f %9.0f\n", r, "in-process baseline", base50[r], base99[r], baserps[r]
  }' "$work/inprocess.txt" "$work/http.txt"
