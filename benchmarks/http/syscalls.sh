#!/usr/bin/env bash
# System calls per proxied request on the request path (the router's event-loop threads, nginx's
# workers): the router against nginx as a reverse proxy (keep-alive upstream), both in front of the
# same model server, counted with strace over one open-loop run at RATE per repeat (order rotated;
# each run's connections are opened inside it, so their accepts are counted too). A count of calls does not move with the machine's load the way
# times do, so it explains a throughput change on a noisy machine. Under strace every path is much
# slower: the latencies this run records are not the router figure's. With BEFORE_APP (another
# build's quarkus-app directory) that build's router is counted beside this one.
#
#   benchmarks/http/syscalls.sh                                  # REPEAT, DURATION, RATE, …: lib.sh
#   BEFORE_APP=/tmp/before/serving-image/target/quarkus-app benchmarks/http/syscalls.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
command -v strace >/dev/null || { echo "missing strace (Debian: apt-get install -y strace)" >&2; exit 1; }
begin syscalls
train_iris
body_file
SERVER=$PORT_BASE ROUTER=$((PORT_BASE + 1)) NGINX=$((PORT_BASE + 2))
start_server server "$SERVER"
start_router router "$ROUTER" "$(table plain "$SERVER")"
start_nginx nginx "$NGINX" proxy "$SERVER"
ready server "http://127.0.0.1:$SERVER/v2/health/ready"
ready router "http://127.0.0.1:$ROUTER/router/health/ready"
ready nginx "http://127.0.0.1:$NGINX/v2/health/ready"
declare -A URL=([router]="http://127.0.0.1:$ROUTER$INFER" [nginx]="http://127.0.0.1:$NGINX$INFER")
labels=(router) before=()
if [[ -n ${BEFORE_APP:-} ]]; then
  start_before_router "$((PORT_BASE + 3))" "$(table plain "$SERVER")"
  labels+=(before)
  before=(
    "system calls per request before/nginx|before@calls_per_request/nginx@calls_per_request"
    "system calls per request, before|before@calls_per_request")
fi

# traced LABEL -> the threads strace attaches to, those a request passes through: a router's
# event loops (not the JIT compilers, the collector or the timers), nginx's workers.
traced() {
  local pid tid
  if [[ $1 == nginx ]]; then
    pgrep -P "$(cat "$work/nginx/logs/nginx.pid")" | sed 's/^/-p /' | tr '\n' ' '
  else
    pid=${PID[$1]}
    for tid in /proc/"$pid"/task/*; do
      if [[ $(cat "$tid/comm") == vert.x-eventloo* ]]; then echo -n "-p ${tid##*/} "; fi
    done
  fi
}

prewarm "${URL[@]}"
for i in $(seq 1 "$REPEAT"); do
  for label in $(order "$i" "${labels[@]}" nginx); do
    # shellcheck disable=SC2046 # one -p per id
    strace -c -o "$work/strace-$label.txt" $(traced "$label") 2>"$work/strace.err" &
    tracer=$!
    sleep 1
    open_loop "$i" "$label" "${URL[$label]}"
    kill -INT "$tracer"
    wait "$tracer" || true
    sent=$(tail -1 "$RAW" | jq .sent_in_all)
    counted=$(python3 - "$work/strace-$label.txt" "$sent" <<'PY'
import json, sys
lines = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.startswith(("%", "-"))]
total = next(int(t[3]) for t in lines if t[-1] == "total")
sent = int(sys.argv[2])
calls = sorted(((int(t[3]), t[-1]) for t in lines if t[-1] != "total"), reverse=True)
top = " ".join(f"{name}={n / sent:.2f}" for n, name in calls[:6])
print(json.dumps({"calls": total, "sent": sent, "calls_per_request": total / sent, "top": top}))
PY
)
    record "$i" "$label" "$counted" "\"tool\":\"strace\""
    echo "   $i  $label: $(jq -r '"\(.calls_per_request | . * 100 | round / 100) system calls per request (\(.top))"' <<<"$counted")"
  done
done

report \
  "system calls per request router/nginx|router@calls_per_request/nginx@calls_per_request" \
  "system calls per request, router|router@calls_per_request" \
  "system calls per request, nginx workers|nginx@calls_per_request" \
  "${before[@]}"
