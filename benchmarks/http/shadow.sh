#!/usr/bin/env bash
# Shadow figure: a router that copies every request to a shadow (mirrorPercent 100) against the
# same router without one, both in front of the same primary server, in the same run. Open loop at
# RATE: the primary's latency seen by the client, and the CPU time (utime + stime) per request of
# the router, the primary and the shadow over each run; then both routers saturated with wrk.
# The order alternates per repeat.
#
#   benchmarks/http/shadow.sh          # REPEAT, DURATION, RATE, …: lib.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
begin shadow
train_iris
body_file
PRIMARY=$((PORT_BASE + 10)) SHADOW=$((PORT_BASE + 11)) PLAIN=$((PORT_BASE + 12)) MIRRORED=$((PORT_BASE + 13))
start_server primary "$PRIMARY"
start_server shadow "$SHADOW"
start_router router-plain "$PLAIN" "$(table plain "$PRIMARY")"
start_router router-shadow "$MIRRORED" "$(table mirrored "$PRIMARY" "$SHADOW")"
ready primary "http://127.0.0.1:$PRIMARY/v2/health/ready"
ready shadow "http://127.0.0.1:$SHADOW/v2/health/ready"
ready router-plain "http://127.0.0.1:$PLAIN/router/health/ready"
ready router-shadow "http://127.0.0.1:$MIRRORED/router/health/ready"
declare -A URL=([plain]="http://127.0.0.1:$PLAIN$INFER" [shadowed]="http://127.0.0.1:$MIRRORED$INFER")
declare -A ROUTER=([plain]=router-plain [shadowed]=router-shadow)

prewarm "${URL[plain]}" "${URL[shadowed]}"
for i in $(seq 1 "$REPEAT"); do
  for label in $(order "$i" plain shadowed); do
    open_loop "$i" "$label" "${URL[$label]}" "${ROUTER[$label]}" primary shadow
  done
  for label in $(order "$i" plain shadowed); do saturated "$i" "$label" "${URL[$label]}"; done
done
curl -fs "http://127.0.0.1:$MIRRORED/router/stats" > "$RESULTS/shadow-router-stats.json" || true
python3 - "$RESULTS/shadow-router-stats.json" <<'PY'
import json, sys
def find(node):
    if isinstance(node, dict):
        if node.get("name") == "shadow":
            return node
        node = list(node.values())
    if isinstance(node, list):
        for child in node:
            hit = find(child)
            if hit:
                return hit
try:
    shadow = find(json.load(open(sys.argv[1])))
    print("== the shadowing router's /router/stats for the shadow (its window):",
          json.dumps(shadow, separators=(",", ":"))[:600])
except ValueError:
    print("== /router/stats unreadable")
PY

report \
  "primary p50 ratio shadowed/plain (target ~1)|shadowed:p50_ms/plain:p50_ms" \
  "primary p99 ratio shadowed/plain (target ~1)|shadowed:p99_ms/plain:p99_ms" \
  "primary p50 ms added by the shadow|shadowed:p50_ms-plain:p50_ms" \
  "primary p99 ms added by the shadow|shadowed:p99_ms-plain:p99_ms" \
  "router CPU/request shadowed/plain (target <= 2)|(shadowed:cpu_s_router_shadow/shadowed:sent_in_all)/(plain:cpu_s_router_plain/plain:sent_in_all)" \
  "router CPU ms/request plain|plain:cpu_s_router_plain*1000/plain:sent_in_all" \
  "router CPU ms/request shadowed|shadowed:cpu_s_router_shadow*1000/shadowed:sent_in_all" \
  "shadow server CPU/request / primary's|shadowed:cpu_s_shadow/shadowed:cpu_s_primary" \
  "primary server CPU ms/request|shadowed:cpu_s_primary*1000/shadowed:sent_in_all" \
  "saturated rps shadowed/plain|shadowed@rps/plain@rps" \
  "saturated rps plain|plain@rps" \
  "saturated rps shadowed|shadowed@rps"
