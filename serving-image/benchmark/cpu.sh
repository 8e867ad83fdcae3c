#!/usr/bin/env bash
# CPU cost per request of the router and the model servers, not a test: one-row infer requests at a
# fixed rate (open loop, OpenLoopLoad.java) sent to the primary directly, and then, at the same
# time, through a router without a shadow and through a router with a 100 % shadow (paired: both
# routers see the same neighbours' load, so their ratio is steadier than either figure); each
# process's CPU time (utime + stime from /proc/<pid>/stat) over each run, divided by the requests it
# served, and the part of it spent by the JIT compiler threads. All packaged apps on 127.0.0.1,
# heaps fixed at 256 MiB.
#
#   ./mvnw -B -pl contract,trainer-image,serving-image -am package -DskipTests   # once
#   serving-image/benchmark/cpu.sh [rate per second, default 500] [seconds per run, default 20]
#
# APPS: builds to compare, space-separated quarkus-app directories (default target/quarkus-app);
#   each gets its own primary, shadow and two routers, all started at once, and every repetition
#   measures each build in turn, so neighbours' load falls on all builds alike.
# WARMUP: seconds of load per router and server before measuring (default 60; 0 measures cold
#   JVMs, as a first run after start does). REPEAT: runs of each measurement (default 3).
# ROUTER_JAVA_OPTS / SERVER_JAVA_OPTS add JVM options (e.g. a JFR recording); KEEP=1 keeps the
# work directory (logs, recordings) and prints it.
set -euo pipefail

cd "$(dirname "$0")/.."
RATE="${1:-500}"
SECONDS_PER_RUN="${2:-20}"
read -r -a APP_LIST <<< "${APPS:-target/quarkus-app}"
WARMUP="${WARMUP:-60}"
REPEAT="${REPEAT:-3}"
TRAINER=../trainer-image/target/drover-trainer.jar
DATA=../trainer-image/src/test/resources/data/iris.csv
for app in "${APP_LIST[@]}"; do
  [[ -f $app/quarkus-run.jar && -f $TRAINER ]] || {
    echo "build first: ./mvnw -B -pl contract,trainer-image,serving-image -am package -DskipTests" >&2
    exit 1
  }
done

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ ${KEEP:-0} == 1 ]]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

DROVER_RUN=bench-1 DROVER_MODEL=iris DROVER_DATASET_URI="$DATA" DROVER_OUTPUT_URI="$work/iris" \
  DROVER_TERMINATION_LOG="$work/train.json" java -jar "$TRAINER" > "$work/train.log"

declare -A pid_of
start() { # build name port opts env...
  local build=$1 name=$2 port=$3 opts=$4; shift 4
  # shellcheck disable=SC2086
  env "$@" QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 \
    java -Xms256m -Xmx256m $opts -jar "${APP_LIST[$build]}/quarkus-run.jar" \
    > "$work/$build-$name.log" 2>&1 &
  pids+=($!)
  pid_of[$build-$name]=$!
}
ready() { # url
  for _ in $(seq 1 120); do curl -fs "$1" >/dev/null && return 0; sleep 0.5; done
  echo "not ready: $1" >&2; cat "$work"/*.log >&2; exit 1
}
port() { # build role -> port: 18101 + 100 x build + (0 primary, 1 shadow, 2 router, 3 router-shadow)
  local offset
  case $2 in primary) offset=0 ;; shadow) offset=1 ;; router) offset=2 ;; router-shadow) offset=3 ;; esac
  echo $(( 18101 + 100 * $1 + offset ))
}
for b in "${!APP_LIST[@]}"; do
  cat > "$work/$b-plain.yaml" <<YAML
variants:
  - {name: primary, role: stable, url: "http://127.0.0.1:$(port "$b" primary)", weight: 100, model: iris}
YAML
  cat > "$work/$b-shadow.yaml" <<YAML
variants:
  - {name: primary, role: stable, url: "http://127.0.0.1:$(port "$b" primary)", weight: 100, model: iris}
  - {name: shadow, role: shadow, url: "http://127.0.0.1:$(port "$b" shadow)", mirrorPercent: 100, model: iris}
YAML
  start "$b" primary "$(port "$b" primary)" "${SERVER_JAVA_OPTS:-}" DROVER_MODEL_URI="$work/iris"
  start "$b" shadow "$(port "$b" shadow)" "${SERVER_JAVA_OPTS:-}" DROVER_MODEL_URI="$work/iris"
  start "$b" router "$(port "$b" router)" "${ROUTER_JAVA_OPTS:-}" \
    DROVER_MODE=router DROVER_ROUTER_CONFIG="$work/$b-plain.yaml"
  start "$b" router-shadow "$(port "$b" router-shadow)" "${ROUTER_JAVA_OPTS:-}" \
    DROVER_MODE=router DROVER_ROUTER_CONFIG="$work/$b-shadow.yaml"
done
for b in "${!APP_LIST[@]}"; do
  for role in primary shadow; do ready "http://127.0.0.1:$(port "$b" $role)/v2/health/ready"; done
  for role in router router-shadow; do ready "http://127.0.0.1:$(port "$b" $role)/router/health/ready"; done
done

printf '{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}' \
  > "$work/body.json"
ticks() { # pid -> utime + stime in clock ticks
  if [[ ! -r /proc/$1/stat ]]; then
    local name
    for name in "${!pid_of[@]}"; do [[ ${pid_of[$name]} == "$1" ]] && break; done
    echo "process $name ($1) has died; the end of its log:" >&2
    tail -20 "$work/$name.log" >&2
    exit 1
  fi
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}
jit_ticks() { # pid -> utime + stime of its JIT compiler threads (the comm may hold spaces)
  local total=0 task
  for task in /proc/"$1"/task/*; do
    [[ $(cat "$task/comm" 2>/dev/null) == C[12]\ Compiler* ]] || continue
    total=$(( total + $(sed -E 's/^[0-9]+ \(.*\) //' "$task/stat" | awk '{ print $12 + $13 }') ))
  done
  echo "$total"
}
HZ="$(getconf CLK_TCK)"
ROLES=(router router-shadow primary shadow)
INFER=/v2/models/iris/infer
load() { # url seconds
  java -cp "${APP_LIST[0]}/lib/main/*" benchmark/OpenLoopLoad.java "$1" "$RATE" "$2" \
    "$work/body.json" 2>/dev/null
}
measure() { # build target: direct (the primary alone) | routers (both routers at once)
  local b=$1 target=$2 before=() after=() jit_before=() jit_after=() out i served
  for role in "${ROLES[@]}"; do
    before+=("$(ticks "${pid_of[$b-$role]}")"); jit_before+=("$(jit_ticks "${pid_of[$b-$role]}")")
  done
  if [[ $target == direct ]]; then
    load "http://127.0.0.1:$(port "$b" primary)$INFER" "$SECONDS_PER_RUN" > "$work/load-1.txt"
    : > "$work/load-2.txt"
  else
    load "http://127.0.0.1:$(port "$b" router)$INFER" "$SECONDS_PER_RUN" > "$work/load-1.txt" &
    local plain=$!
    load "http://127.0.0.1:$(port "$b" router-shadow)$INFER" "$SECONDS_PER_RUN" > "$work/load-2.txt"
    wait "$plain"
  fi
  for role in "${ROLES[@]}"; do
    after+=("$(ticks "${pid_of[$b-$role]}")"); jit_after+=("$(jit_ticks "${pid_of[$b-$role]}")")
  done
  out="$(cat "$work/load-1.txt" "$work/load-2.txt" | tr '\n' ' ')"
  printf 'build %s %-8s %s\n' "$b" "$target" "$out"
  local sent=$(( SECONDS_PER_RUN * RATE ))
  for i in "${!ROLES[@]}"; do
    # Requests each process served: the primary serves both routers in the paired run.
    case "$target/${ROLES[$i]}" in
      direct/primary | routers/router | routers/router-shadow | routers/shadow) served=$sent ;;
      routers/primary) served=$(( 2 * sent )) ;;
      *) continue ;;
    esac
    awk -v l="$b $target" -v n="${ROLES[$i]}" -v d="$(( after[i] - before[i] ))" \
      -v j="$(( jit_after[i] - jit_before[i] ))" -v hz="$HZ" -v r="$served" \
      'BEGIN { printf "%s\t%s\t%.3f\t%.3f\n", l, n, d * 1000 / hz / r, j * 1000 / hz / r }' \
      >> "$work/cpu.tsv"
  done
}

if (( WARMUP > 0 )); then
  echo "== warm-up ($WARMUP s per router and server at $RATE/s)"
  for b in "${!APP_LIST[@]}"; do
    for role in primary router router-shadow; do
      load "http://127.0.0.1:$(port "$b" $role)$INFER" "$WARMUP" > /dev/null
    done
  done
fi
echo "== $RATE requests/s for $SECONDS_PER_RUN s each ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
for _ in $(seq 1 "$REPEAT"); do
  for target in direct routers; do
    for b in "${!APP_LIST[@]}"; do measure "$b" "$target"; done
  done
done
echo "== after: load $(cut -d' ' -f1-3 /proc/loadavg)"
for b in "${!APP_LIST[@]}"; do echo "build $b: ${APP_LIST[$b]}"; done
echo "== CPU ms per request of each process that served the run: each run; median; (of which JIT)"
awk -F'\t' '
  function median(list, m,    a, i, j, t) {
    m = split(list, a, " ")
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }
  {
    key = $1 "\t" $2; runs[key] = runs[key] " " $3; jit[key] = jit[key] " " $4; keys[key] = 1
    if ($2 == "router") plain[$1, ++n[$1]] = $3
    if ($2 == "router-shadow") shadowed[$1, ++m[$1]] = $3
  }
  END {
    for (key in keys) {
      split(key, k, "\t")
      printf "build %-10s %-14s %-30s median %.3f  (JIT %.3f)\n", k[1], k[2], runs[key], median(runs[key]), median(jit[key])
    }
    for (b in n) {
      list = ""
      for (i = 1; i <= n[b]; i++) list = list " " sprintf("%.2f", shadowed[b, i] / plain[b, i])
      printf "build %-10s router-shadow / router, each run: %s  median %.2f\n", b, list, median(list)
    }
  }' "$work/cpu.tsv" | sort
for b in "${!APP_LIST[@]}"; do
  curl -s "http://127.0.0.1:$(port "$b" router-shadow)/router/stats" > "$work/stats.json"
  echo "build $b shadow variant: $(sed 's/.*"name":"shadow"//' "$work/stats.json" \
    | grep -o '"\(requests\|shadow[A-Za-z]*\)":[0-9.a-z]*' | tr '\n' ' ')"
done
