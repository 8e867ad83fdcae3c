#!/usr/bin/env bash
# Router figure: the added latency and the saturated throughput of the router against nginx as a
# reverse proxy (keep-alive upstream), both in front of the same model server, in the same run.
# Every repeat measures direct / router / nginx open loop at RATE (order rotated per repeat), then
# router and nginx saturated with wrk (order alternated). With BEFORE_APP (another build's
# quarkus-app directory) that build's router runs beside this one, in front of the same server,
# measured in the same repeats: a before/after of a router change from one run.
#
#   benchmarks/http/router.sh                                   # REPEAT, DURATION, RATE, …: lib.sh
#   BEFORE_APP=/tmp/before/serving-image/target/quarkus-app benchmarks/http/router.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
begin router
train_iris
body_file
SERVER=$PORT_BASE ROUTER=$((PORT_BASE + 1)) NGINX=$((PORT_BASE + 2))
start_server server "$SERVER"
start_router router "$ROUTER" "$(table plain "$SERVER")"
start_nginx nginx "$NGINX" proxy "$SERVER"
ready server "http://127.0.0.1:$SERVER/v2/health/ready"
ready router "http://127.0.0.1:$ROUTER/router/health/ready"
ready nginx "http://127.0.0.1:$NGINX/v2/health/ready"
declare -A URL=([direct]="http://127.0.0.1:$SERVER$INFER" [router]="http://127.0.0.1:$ROUTER$INFER"
  [nginx]="http://127.0.0.1:$NGINX$INFER")
routers=(router) before=()
if [[ -n ${BEFORE_APP:-} ]]; then
  start_before_router "$((PORT_BASE + 3))" "$(table plain "$SERVER")"
  routers+=(before)
  before=(
    "saturated rps router/before (this build / BEFORE_APP)|router@rps/before@rps"
    "saturated rps before/nginx|before@rps/nginx@rps"
    "p50 ratio before/nginx|before:p50_ms/nginx:p50_ms"
    "p99 ratio before/nginx|before:p99_ms/nginx:p99_ms"
    "before CPU ms/request at RATE|before:cpu_s_before*1000/before:sent_in_all")
fi

warm=()
for label in direct "${routers[@]}" nginx; do warm+=("${URL[$label]}"); done
prewarm "${warm[@]}"
for i in $(seq 1 "$REPEAT"); do
  for label in $(order "$i" direct "${routers[@]}" nginx); do
    if [[ $label == router || $label == before ]]; then
      open_loop "$i" "$label" "${URL[$label]}" "$label"
    else
      open_loop "$i" "$label" "${URL[$label]}"
    fi
  done
  for label in $(order "$i" "${routers[@]}" nginx); do saturated "$i" "$label" "${URL[$label]}"; done
done

report \
  "p50 ratio router/nginx (target <= 1)|router:p50_ms/nginx:p50_ms" \
  "p99 ratio router/nginx (target <= 1)|router:p99_ms/nginx:p99_ms" \
  "added p50 ms router|router:p50_ms-direct:p50_ms" \
  "added p50 ms nginx|nginx:p50_ms-direct:p50_ms" \
  "added p99 ms router|router:p99_ms-direct:p99_ms" \
  "added p99 ms nginx|nginx:p99_ms-direct:p99_ms" \
  "saturated rps router/nginx (target >= 1)|router@rps/nginx@rps" \
  "saturated rps router|router@rps" \
  "saturated rps nginx|nginx@rps" \
  "router CPU ms/request at RATE|router:cpu_s_router*1000/router:sent_in_all" \
  "${before[@]}"
