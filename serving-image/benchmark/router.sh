#!/usr/bin/env bash
# Benchmark of the router, not a test: the same model server measured directly and through the
# router (without and with a shadow), in one run, reported as added p50/p99 latency and throughput
# ratio. Two model servers (primary, shadow) and two routers, all packaged apps on 127.0.0.1.
#
#   ./mvnw -B -pl contract,trainer-image,serving-image -am install -DskipTests   # once
#   serving-image/benchmark/router.sh [seconds per measurement, default 15]
#
# Needs wrk, hey, curl. About 14 x duration in all.
set -euo pipefail

cd "$(dirname "$0")/.."
DURATION="${1:-15}"
APP=target/quarkus-app
TRAINER=../trainer-image/target/drover-trainer.jar
DATA=../trainer-image/src/test/resources/data/iris.csv
for tool in wrk hey curl java; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install -y wrk hey curl)" >&2; exit 1; }
done
[[ -f $APP/quarkus-run.jar && -f $TRAINER ]] || {
  echo "build first: ./mvnw -B -pl contract,trainer-image,serving-image -am install -DskipTests" >&2; exit 1; }

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

DROVER_RUN=bench-1 DROVER_MODEL=iris DROVER_DATASET_URI="$DATA" DROVER_OUTPUT_URI="$work/iris" \
  DROVER_TERMINATION_LOG="$work/train.json" java -jar "$TRAINER" > "$work/train.log"

start() { # name port env... : a packaged app with a fixed 256 MiB heap
  local name=$1 port=$2; shift 2
  env "$@" QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 \
    java -Xms256m -Xmx256m -jar "$APP/quarkus-run.jar" > "$work/$name.log" 2>&1 &
  pids+=($!)
}
ready() { # url
  for _ in $(seq 1 120); do curl -fs "$1" >/dev/null && return 0; sleep 0.5; done
  echo "not ready: $1" >&2; cat "$work"/*.log >&2; exit 1
}

cat > "$work/plain.yaml" <<YAML
variants:
  - {name: primary, role: stable, url: "http://127.0.0.1:18101", weight: 100, model: iris}
YAML
cat > "$work/shadow.yaml" <<YAML
variants:
  - {name: primary, role: stable, url: "http://127.0.0.1:18101", weight: 100, model: iris}
  - {name: shadow, role: shadow, url: "http://127.0.0.1:18102", mirrorPercent: 100, model: iris}
YAML
start primary 18101 DROVER_MODEL_URI="$work/iris"
start shadow 18102 DROVER_MODEL_URI="$work/iris"
start router 18103 DROVER_MODE=router DROVER_ROUTER_CONFIG="$work/plain.yaml"
start router-shadow 18104 DROVER_MODE=router DROVER_ROUTER_CONFIG="$work/shadow.yaml"
for port in 18101 18102; do ready "http://127.0.0.1:$port/v2/health/ready"; done
for port in 18103 18104; do ready "http://127.0.0.1:$port/router/health/ready"; done

printf '{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}' \
  > "$work/body.json"
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/body.json"); wrk.body = f:read("*a"); f:close()
LUA
to_ms() {
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) print v / 1000; else if (v ~ /ms$/) print v + 0; else print v * 1000 }'
}
measure() { # label url [lua]  -> "label p50 p99 rps" (wrk, saturated) and (hey, 1000 rps)
  local label=$1 url=$2 lua=${3:-}
  local script=() heyargs=()
  [[ -n $lua ]] && script=(-s "$lua") && heyargs=(-m POST -T application/json -D "$work/body.json")
  wrk -t2 -c16 -d"$((DURATION < 10 ? DURATION : 10))s" "${script[@]}" "$url" > /dev/null
  wrk -t2 -c16 -d"${DURATION}s" --latency "${script[@]}" "$url" > "$work/wrk.txt"
  grep -q "Non-2xx" "$work/wrk.txt" && { cat "$work/wrk.txt" >&2; exit 1; }
  printf '%s\tsaturated\t%s\t%s\t%s\n' "$label" \
    "$(to_ms "$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")")" \
    "$(to_ms "$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")")" \
    "$(awk '/^Requests\/sec/ { print $2 }' "$work/wrk.txt")" | tee -a "$work/results.txt"
  hey -z "${DURATION}s" -c 10 -q 100 "${heyargs[@]}" "$url" > "$work/hey.txt"
  printf '%s\t1000rps\t%s\t%s\t%s\n' "$label" \
    "$(awk '/ 50% in / { print $3 * 1000 }' "$work/hey.txt")" \
    "$(awk '/ 99% in / { print $3 * 1000 }' "$work/hey.txt")" \
    "$(awk '/Requests\/sec:/ { print $2 }' "$work/hey.txt")" | tee -a "$work/results.txt"
}

echo "== small body: GET /v2/health/live"
measure live-direct http://127.0.0.1:18101/v2/health/live
measure live-router http://127.0.0.1:18103/v2/health/live
echo "== infer, one row"
measure infer-direct http://127.0.0.1:18101/v2/models/iris/infer "$work/post.lua"
measure infer-router http://127.0.0.1:18103/v2/models/iris/infer "$work/post.lua"
measure infer-router-shadow http://127.0.0.1:18104/v2/models/iris/infer "$work/post.lua"
curl -s http://127.0.0.1:18104/router/stats > "$work/stats.json"

echo
echo "== results ($(nproc) cores shared by wrk/hey, the routers and the servers; load $(cut -d' ' -f1-3 /proc/loadavg))"
awk -F'\t' '
  { key = $1 "|" $2; p50[key] = $3; p99[key] = $4; rps[key] = $5 }
  END {
    printf "%-22s %-10s %9s %9s %9s %12s %12s %9s\n", "path", "load", "p50 ms", "p99 ms", "req/s", "+p50 ms", "+p99 ms", "rps ratio"
    split("live-router:live-direct infer-router:infer-direct infer-router-shadow:infer-direct", pairs, " ")
    for (i = 1; i <= 3; i++) {
      split(pairs[i], p, ":")
      for (j = 1; j <= 2; j++) {
        load = j == 1 ? "saturated" : "1000rps"
        b = p[2] "|" load; r = p[1] "|" load
        printf "%-22s %-10s %9.3f %9.3f %9.0f\n", p[2], load, p50[b], p99[b], rps[b]
        printf "%-22s %-10s %9.3f %9.3f %9.0f %+12.3f %+12.3f %9.2f\n", p[1], load, p50[r], p99[r], rps[r], p50[r] - p50[b], p99[r] - p99[b], rps[r] / rps[b]
      }
    }
  }' "$work/results.txt"
echo "shadow variant, last $(grep -o '"windowSeconds":[0-9]*' "$work/stats.json" | cut -d: -f2) s:" \
  "$(sed 's/.*"name":"shadow"//' "$work/stats.json" | grep -o '"\(requests\|shadow[A-Za-z]*\)":[0-9.a-z]*' | tr '\n' ' ')"
