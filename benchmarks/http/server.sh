#!/usr/bin/env bash
# Server figure: model-server inference (one row) against nginx answering a constant JSON of the
# same size (the anchor: what HTTP alone costs here), and against the same prediction called
# in-process (the serving-image's InProcessBenchmark: no HTTP, no JSON), all in the same run.
# Every repeat: both open loop at RATE and saturated with wrk (order alternated), then the
# in-process baseline (INPROC_SECONDS, default 2, i.e. about 10 s).
#
#   benchmarks/http/server.sh          # REPEAT, DURATION, RATE, …: lib.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
[[ -f $TEST_CLASSES/io/drover/serving/benchmark/InProcessBenchmark.class ]] || {
  echo "missing the in-process baseline in $TEST_CLASSES; build first: $BUILD_HINT" >&2; exit 1; }
INPROC_SECONDS="${INPROC_SECONDS:-2}"
begin server
train_iris
body_file
SERVER=$((PORT_BASE + 20)) CONSTANT=$((PORT_BASE + 21))
start_server server "$SERVER"
ready server "http://127.0.0.1:$SERVER/v2/health/ready"
curl -fs -H 'Content-Type: application/json' -d @"$work/body.json" \
  "http://127.0.0.1:$SERVER$INFER" > "$work/answer.json"
start_nginx constant "$CONSTANT" constant "$work/answer.json"
ready constant "http://127.0.0.1:$CONSTANT$INFER"
echo "   the constant answer: $(wc -c < "$work/answer.json") bytes, as the server's"
declare -A URL=([server]="http://127.0.0.1:$SERVER$INFER" [constant]="http://127.0.0.1:$CONSTANT$INFER")

inprocess() { # REPEAT: one-row prediction in-process, one thread, after its own warm-up
  local out
  out=$(java "-XX:MaxRAM=$POD_MEMORY" $IMAGE_JVM_OPTIONS -cp "$APP/lib/main/*:$APP/app/*:$TEST_CLASSES" \
    io.drover.serving.benchmark.InProcessBenchmark "$work/iris" "$INPROC_SECONDS" 1 2>/dev/null \
    | awk '$2 == "rows=1" { split($3, a, "="); split($4, b, "="); split($5, c, "=");
        printf "{\"p50_ms\":%.4f,\"p99_ms\":%.4f,\"rps\":%s}", a[2] / 1000, b[2] / 1000, c[2] }')
  [[ -n $out ]] || { echo "the in-process baseline printed nothing" >&2; exit 1; }
  record "$1" inprocess "$out" "\"tool\":\"inprocess\""
  echo "   $1  inprocess        one thread     p50 $(jq -r .p50_ms <<<"$out") ms  p99 $(jq -r .p99_ms <<<"$out") ms  $(jq -r .rps <<<"$out")/s"
}

prewarm "${URL[server]}" "${URL[constant]}"
for i in $(seq 1 "$REPEAT"); do
  for label in $(order "$i" server constant); do open_loop "$i" "$label" "${URL[$label]}" server; done
  for label in $(order "$i" server constant); do saturated "$i" "$label" "${URL[$label]}"; done
  inprocess "$i"
done

report \
  "p50 ms over in-process (target <= 0.5)|server:p50_ms-inprocess@p50_ms" \
  "p50 ms over nginx-constant (same client)|server:p50_ms-constant:p50_ms" \
  "p50 ratio server/nginx-constant|server:p50_ms/constant:p50_ms" \
  "p99 ratio server/nginx-constant|server:p99_ms/constant:p99_ms" \
  "saturated rps server/nginx-constant|server@rps/constant@rps" \
  "server CPU ms/request|server:cpu_s_server*1000/server:sent_in_all" \
  "p50 ms server|server:p50_ms" \
  "p50 ms nginx-constant|constant:p50_ms" \
  "p50 ms in-process|inprocess@p50_ms" \
  "saturated rps server|server@rps" \
  "saturated rps nginx-constant|constant@rps"
