#!/usr/bin/env bash
# Memory figure: resident set (VmRSS) of the router and the model server at idle, at their peak
# under saturating load (wrk: PREWARM s with 8 connections, then WARMUP + DURATION s saturated;
# sampled every 0.5 s), and after the load stopped and IDLE_AFTER seconds (default 75: the image collects after 30 s idle and trims the C heap every 30 s) passed; the anchor is nginx as a reverse proxy to the same server, loaded
# the same way. Fresh processes every repeat (memory only grows within a process's life); the
# router and nginx phases alternate in order.
#
#   benchmarks/http/memory.sh          # REPEAT, DURATION, IDLE_AFTER, …: lib.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"
IDLE_AFTER="${IDLE_AFTER:-75}"
SETTLE="${SETTLE:-5}"
begin memory
echo "   idle: $SETTLE s after ready; after: $IDLE_AFTER s after the last load"
train_iris
body_file
SERVER=$((PORT_BASE + 30)) ROUTER=$((PORT_BASE + 31)) NGINX=$((PORT_BASE + 32))
declare -A URL=([router]="http://127.0.0.1:$ROUTER$INFER" [nginx]="http://127.0.0.1:$NGINX$INFER")
NAMES=(router server nginx)

sample_peaks() { # FILE: every 0.5 s, each process's largest RSS so far, until killed
  declare -A peak=([router]=0 [server]=0 [nginx]=0)
  local name kb
  while true; do
    for name in "${NAMES[@]}"; do
      kb=$(rss_kb "$name")
      (( kb > peak[$name] )) && peak[$name]=$kb
    done
    echo "${peak[router]} ${peak[server]} ${peak[nginx]}" > "$1"
    sleep 0.5
  done
}

for i in $(seq 1 "$REPEAT"); do
  start_server server "$SERVER"
  start_router router "$ROUTER" "$(table plain "$SERVER")"
  start_nginx nginx "$NGINX" proxy "$SERVER"
  ready server "http://127.0.0.1:$SERVER/v2/health/ready"
  ready router "http://127.0.0.1:$ROUTER/router/health/ready"
  ready nginx "http://127.0.0.1:$NGINX/v2/health/ready"
  sleep "$SETTLE"
  declare -A idle=() after=()
  for name in "${NAMES[@]}"; do idle[$name]=$(rss_kb "$name"); done
  declare -A peak=()
  for label in $(order "$i" router nginx); do
    sample_peaks "$work/peaks" &
    sampler=$!
    prewarm "${URL[$label]}" # a cold router is far slower: without it the peak is a cold one's
    saturated "$i" "$label" "${URL[$label]}"
    kill "$sampler"; wait "$sampler" 2>/dev/null || true
    read -r p_router p_server p_nginx < "$work/peaks"
    peak[$label]=$([[ $label == router ]] && echo "$p_router" || echo "$p_nginx")
    peak[server-$label]=$p_server
  done
  sleep "$IDLE_AFTER"
  for name in "${NAMES[@]}"; do after[$name]=$(rss_kb "$name"); done
  line="{\"router_idle_kb\":${idle[router]},\"router_peak_kb\":${peak[router]},\"router_after_kb\":${after[router]}"
  line+=",\"server_idle_kb\":${idle[server]},\"server_peak_kb\":$(( peak[server-router] > peak[server-nginx] ? peak[server-router] : peak[server-nginx] )),\"server_after_kb\":${after[server]}"
  line+=",\"nginx_idle_kb\":${idle[nginx]},\"nginx_peak_kb\":${peak[nginx]},\"nginx_after_kb\":${after[nginx]}}"
  record "$i" rss "$line" "\"tool\":\"memory\""
  echo "   $i  RSS MiB idle/peak/after: router $((idle[router] / 1024))/$((peak[router] / 1024))/$((after[router] / 1024))," \
    "server $((idle[server] / 1024))/$(( $(jq .server_peak_kb <<<"$line") / 1024 ))/$((after[server] / 1024))," \
    "nginx $((idle[nginx] / 1024))/$((peak[nginx] / 1024))/$((after[nginx] / 1024))"
  stop router nginx server
done

report \
  "router peak RSS / nginx peak RSS|rss@router_peak_kb/rss@nginx_peak_kb" \
  "router retained after idle (target ~0)|(rss@router_after_kb-rss@router_idle_kb)/(rss@router_peak_kb-rss@router_idle_kb)" \
  "server retained after idle (target ~0)|(rss@server_after_kb-rss@server_idle_kb)/(rss@server_peak_kb-rss@server_idle_kb)" \
  "router MiB idle|rss@router_idle_kb/1024" \
  "router MiB peak|rss@router_peak_kb/1024" \
  "router MiB after|rss@router_after_kb/1024" \
  "server MiB idle|rss@server_idle_kb/1024" \
  "server MiB peak|rss@server_peak_kb/1024" \
  "server MiB after|rss@server_after_kb/1024" \
  "nginx MiB idle|rss@nginx_idle_kb/1024" \
  "nginx MiB peak|rss@nginx_peak_kb/1024" \
  "nginx MiB after|rss@nginx_after_kb/1024"
