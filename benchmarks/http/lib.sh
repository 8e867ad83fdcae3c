# Shared by router.sh, shadow.sh, server.sh and memory.sh (sourced, not run): starting and
# stopping the packaged apps and nginx, the two load tools, and the report of ratios across
# repeats. Everything listens on 127.0.0.1 only and is killed when the script exits.
#
# Settings (environment): REPEAT (default 5), DURATION seconds measured per run (10), WARMUP
# seconds sent before each measured run and not recorded (5), RATE requests/s of the open-loop
# runs (200), PREWARM seconds of wrk on every path before the first repeat (15), CONNECTIONS of the open-loop generator (32), WRK_CONNECTIONS (32), TIMEOUT seconds
# per request (2), POD_MEMORY the memory limit each JVM sizes itself for, as in a pod (512m),
# IMAGE_JVM_OPTIONS the image's JVM options (read from serving-image/pom.xml's Jib profile, which
# the Dockerfile matches), APP_JAVA_OPTS more options for the router's and the servers' JVMs
# (none; e.g. to compare GC settings), APP the packaged app (serving-image/target/quarkus-app),
# NGINX_WORKERS (nproc), LOAD_CPUS the CPUs the load tools are pinned to (the last one), PORT_BASE
# (18110), RESULTS directory (target/benchmarks).

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
APP="${APP:-$ROOT/serving-image/target/quarkus-app}"
TEST_CLASSES="$ROOT/serving-image/target/test-classes"
TRAINER="$ROOT/trainer-image/target/drover-trainer.jar"
DATA="$ROOT/trainer-image/src/test/resources/data/iris.csv"
LOAD_JAR="$HERE/target/drover-load.jar"
RESULTS="${RESULTS:-$HERE/target/benchmarks}"
REPEAT="${REPEAT:-5}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
RATE="${RATE:-200}"
PREWARM="${PREWARM:-15}"
CONNECTIONS="${CONNECTIONS:-32}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-32}"
TIMEOUT="${TIMEOUT:-2}"
POD_MEMORY="${POD_MEMORY:-512m}"
IMAGE_JVM_OPTIONS="${IMAGE_JVM_OPTIONS:-$(sed -n 's:.*<quarkus.jib.jvm-additional-arguments>\(.*\)</quarkus.jib.jvm-additional-arguments>.*:\1:p' "$ROOT/serving-image/pom.xml" | tr ',' ' ')}"
NGINX_WORKERS="${NGINX_WORKERS:-$(nproc)}"
LOAD_CPUS="${LOAD_CPUS:-$(($(nproc) - 1))}"
PORT_BASE="${PORT_BASE:-18110}"
INFER=/v2/models/iris/infer
HZ="$(getconf CLK_TCK)"
BUILD_HINT="./mvnw -B -pl contract,trainer-image,serving-image,benchmarks/http -am package -DskipTests"

for tool in java curl wrk nginx taskset python3 jq; do
  command -v "$tool" >/dev/null || { echo "missing $tool (Debian: apt-get install -y wrk nginx curl python3)" >&2; exit 1; }
done
for file in "$APP/quarkus-run.jar" "$TRAINER" "$LOAD_JAR"; do
  [[ -f $file ]] || { echo "missing $file; build first: $BUILD_HINT" >&2; exit 1; }
done

work="$(mktemp -d)"
declare -A PID=()
cleanup() {
  local name
  for name in "${!PID[@]}"; do kill "${PID[$name]}" 2>/dev/null || true; done
  for name in "${!PID[@]}"; do wait "${PID[$name]}" 2>/dev/null || true; done
  if [[ ${KEEP:-0} == 1 ]]; then echo "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
mkdir -p "$RESULTS"

# begin FIGURE: names this run's raw file ($RESULTS/FIGURE.jsonl) and prints the machine.
begin() {
  FIGURE=$1
  RAW="$RESULTS/$FIGURE.jsonl"
  : > "$RAW"
  MACHINE="$(date -u +%FT%TZ) $(nproc) CPUs, load average at start $(cut -d' ' -f1-3 /proc/loadavg), $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "== $FIGURE: $MACHINE"
  echo "   $REPEAT repeats, ${DURATION}s measured + ${WARMUP}s warm-up per run, open loop at $RATE/s" \
    "($CONNECTIONS connections, timeout ${TIMEOUT}s), wrk -c$WRK_CONNECTIONS, apps sized for $POD_MEMORY with $IMAGE_JVM_OPTIONS," \
    "nginx $NGINX_WORKERS workers, load tools on CPU $LOAD_CPUS"
}

train_iris() { # -> $work/iris, the bundle the serving tests use (reference trainer)
  DROVER_RUN=bench-1 DROVER_MODEL=iris DROVER_DATASET_URI="$DATA" DROVER_OUTPUT_URI="$work/iris" \
    DROVER_TERMINATION_LOG="$work/train.json" java -jar "$TRAINER" > "$work/train.log" 2>&1 \
    || { cat "$work/train.log" >&2; exit 1; }
}

# start_app NAME PORT ENV...: the packaged app as the image runs it in a pod of POD_MEMORY (the
# image's JVM options, -XX:MaxRAM standing in for the pod's limit; the app's class-data-sharing
# archive), from its directory because the archive records the class path.
start_app() {
  local name=$1 port=$2 cds=()
  shift 2
  [[ -f $APP/app-cds.jsa ]] && cds=(-XX:SharedArchiveFile=app-cds.jsa -Xshare:auto)
  (cd "$APP" && exec env "$@" QUARKUS_HTTP_PORT="$port" QUARKUS_HTTP_HOST=127.0.0.1 \
    java "-XX:MaxRAM=$POD_MEMORY" $IMAGE_JVM_OPTIONS "${cds[@]}" ${APP_JAVA_OPTS:-} -jar quarkus-run.jar) > "$work/$name.log" 2>&1 &
  PID[$name]=$!
}
stop() { # NAME...
  local name
  for name in "$@"; do kill "${PID[$name]}" 2>/dev/null || true; done
  for name in "$@"; do wait "${PID[$name]}" 2>/dev/null || true; unset "PID[$name]"; done
}
start_server() { start_app "$1" "$2" DROVER_MODEL_URI="$work/iris"; }
# start_router NAME PORT TABLE_YAML
start_router() { start_app "$1" "$2" DROVER_MODE=router DROVER_ROUTER_CONFIG="$3"; }
# start_before_router PORT TABLE_YAML: starts the router of BEFORE_APP (another build's
# quarkus-app) as "before", waits for it, and sets URL[before].
start_before_router() {
  [[ -f $BEFORE_APP/quarkus-run.jar ]] || { echo "BEFORE_APP has no quarkus-run.jar: $BEFORE_APP" >&2; exit 1; }
  echo "   before: the router of $BEFORE_APP"
  APP=$BEFORE_APP start_router before "$1" "$2"
  ready before "http://127.0.0.1:$1/router/health/ready"
  URL[before]="http://127.0.0.1:$1$INFER"
}
# table NAME PRIMARY_PORT [SHADOW_PORT] -> path of a routing table: one stable variant, and a
# shadow that gets a copy of every request when SHADOW_PORT is given.
table() {
  local file="$work/$1.yaml"
  {
    echo "variants:"
    echo "  - {name: primary, role: stable, url: \"http://127.0.0.1:$2\", weight: 100, model: iris}"
    [[ -z ${3:-} ]] || echo "  - {name: shadow, role: shadow, url: \"http://127.0.0.1:$3\", mirrorPercent: 100, model: iris}"
  } > "$file"
  echo "$file"
}

# start_nginx NAME PORT proxy UPSTREAM_PORT | constant FILE: nginx from the distribution, as a
# reverse proxy with keep-alive connections to the upstream, or answering every request with the
# file's contents as application/json.
start_nginx() {
  local name=$1 port=$2 mode=$3 arg=$4 dir="$work/$1" location
  mkdir -p "$dir/logs" "$dir/tmp"
  if [[ $mode == proxy ]]; then
    location="location / {
        proxy_pass http://upstream;
        proxy_http_version 1.1;
        proxy_set_header Connection \"\";
      }"
  else
    location="location / {
        default_type application/json;
        return 200 '$(cat "$arg")';
      }"
  fi
  cat > "$dir/nginx.conf" <<NGINX
worker_processes $NGINX_WORKERS;
error_log logs/error.log warn;
pid logs/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path tmp/body;
  proxy_temp_path tmp/proxy;
  fastcgi_temp_path tmp/fastcgi;
  uwsgi_temp_path tmp/uwsgi;
  scgi_temp_path tmp/scgi;
  keepalive_requests 1000000;
  upstream upstream {
    server 127.0.0.1:${arg};
    keepalive 64;
    keepalive_requests 1000000;
  }
  server {
    listen 127.0.0.1:$port;
    $location
  }
}
NGINX
  [[ $mode == proxy ]] || sed -i '/upstream upstream {/,/^  }/d' "$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' > "$work/$name.log" 2>&1 &
  PID[$name]=$!
}

ready() { # NAME URL: waits until URL answers 200, or shows NAME's log
  local _
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "$2" && return 0
    kill -0 "${PID[$1]}" 2>/dev/null || break
    sleep 0.5
  done
  echo "$1 did not become ready at $2; its log:" >&2
  tail -30 "$work/$1.log" >&2
  exit 1
}

body_file() { # -> $work/body.json, one-row infer request
  printf '{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}' \
    > "$work/body.json"
  cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$work/body.json"); wrk.body = f:read("*a"); f:close()
LUA
}

cpu_ticks() { # PID -> utime + stime in clock ticks (the comm of these processes has no spaces)
  [[ -r /proc/$1/stat ]] || { echo "process $1 has died" >&2; exit 1; }
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}
rss_kb() { # NAME -> resident set in KiB, nginx's master and workers together
  local pid=${PID[$1]} total=0 p
  for p in "$pid" $(pgrep -P "$pid" || true); do
    total=$((total + $(awk '/^VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# record REPEAT LABEL JSON [EXTRA_JSON_FIELDS]: one raw line, with the repeat and label.
record() {
  local json=$3 label="\"label\":\"$2\","
  [[ $json != *'"label":'* ]] || label=""
  echo "{\"repeat\":$1,$label${4:+$4,}${json#\{}" >> "$RAW"
}

# open_loop REPEAT LABEL URL [NAME...]: the open-loop generator at RATE, pinned and niced like
# every load run; records its line with the CPU seconds each named process spent during the run.
# The generator's JVM compiles with C1 only: C2 compiling the generator on its one pinned CPU
# during the measured seconds stalled it, and those stalls were in every path's p99 alike.
open_loop() {
  local repeat=$1 label=$2 url=$3 name out cpu=""
  shift 3
  declare -A before=()
  for name in "$@"; do before[$name]=$(cpu_ticks "${PID[$name]}"); done
  out=$(nice -n 0 taskset -c "$LOAD_CPUS" java -Xms256m -Xmx256m -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -jar "$LOAD_JAR" \
    --url="$url" --rate="$RATE" --duration="$DURATION" --warmup="$WARMUP" --body="$work/body.json" \
    --connections="$CONNECTIONS" --timeout="$TIMEOUT" --label="$label" 2>"$work/load.err") \
    || { cat "$work/load.err" >&2; exit 1; }
  for name in "$@"; do
    cpu+="${cpu:+,}\"cpu_s_${name//-/_}\":$(awk -v d="$(($(cpu_ticks "${PID[$name]}") - before[$name]))" \
      -v hz="$HZ" 'BEGIN { printf "%.3f", d / hz }')"
  done
  record "$repeat" "$label" "$out" "\"tool\":\"open-loop\"${cpu:+,$cpu}"
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("   %-2s %-16s open loop %6.0f/s  p50 %7.3f  p99 %8.3f  p99.9 %8.3f  max %8.3f ms  sent %d answered %d errors %d timeouts %d" % (sys.argv[2], sys.argv[3], r["achieved_rps"], r["p50_ms"], r["p99_ms"], r["p999_ms"], r["max_ms"], r["sent"], r["answered"], r["errors"], r["timeouts"]))' "$out" "$repeat" "$label"
}

# saturated REPEAT LABEL URL: wrk (closed loop, WRK_CONNECTIONS) for WARMUP s discarded, then
# DURATION s measured; records requests/s, its latency percentiles and every error it counted.
saturated() {
  local repeat=$1 label=$2 url=$3 out
  taskset -c "$LOAD_CPUS" wrk -t1 -c"$WRK_CONNECTIONS" -d"${WARMUP}s" --timeout "${TIMEOUT}s" \
    -s "$work/post.lua" "$url" > /dev/null
  taskset -c "$LOAD_CPUS" wrk -t1 -c"$WRK_CONNECTIONS" -d"${DURATION}s" --timeout "${TIMEOUT}s" \
    --latency -s "$work/post.lua" "$url" > "$work/wrk.txt"
  out=$(python3 - "$work/wrk.txt" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
def ms(v):
    n = float(re.match(r"[\d.]+", v).group())
    return n / 1000 if v.endswith("us") else n * 1000 if v.endswith("s") and not v.endswith("ms") else n
lat = {m.group(1): ms(m.group(2)) for m in re.finditer(r"^\s+(50|99)(?:\.000)?%\s+(\S+)", text, re.M)}
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
connect, read, write, timeout = (int(x) for x in sock.groups()) if sock else (0, 0, 0, 0)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(json.dumps({"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)),
                  "requests": int(re.search(r"(\d+) requests in", text).group(1)),
                  "p50_ms": lat.get("50", 0), "p99_ms": lat.get("99", 0),
                  "errors": connect + read + write + (int(non2xx.group(1)) if non2xx else 0),
                  "timeouts": timeout}))
PY
)
  record "$repeat" "$label" "$out" "\"tool\":\"wrk\""
  python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("   %-2s %-16s saturated %7.0f/s  p50 %7.3f  p99 %8.3f ms  requests %d errors %d timeouts %d" % (sys.argv[2], sys.argv[3], r["rps"], r["p50_ms"], r["p99_ms"], r["requests"], r["errors"], r["timeouts"]))' "$out" "$repeat" "$label"
}

# prewarm URL...: wrk on each path for PREWARM s before any repeat, so the JIT has compiled the
# hot paths before the first measured run (an open-loop run into a cold JVM can queue past the
# timeout and stay there); closed loop, so it cannot overload what it warms.
prewarm() {
  local url
  (( PREWARM > 0 )) || return 0
  for url in "$@"; do
    taskset -c "$LOAD_CPUS" wrk -t1 -c8 -d"${PREWARM}s" --timeout "${TIMEOUT}s" -s "$work/post.lua" "$url" > /dev/null
  done
}

# order REPEAT A B [C]: the labels in the order this repeat runs them, rotated by one each
# repeat (ABC, BCA, CAB, …), so neither side always runs first, warmer or beside the same noise.
order() {
  local repeat=$1 n i
  shift
  n=$#
  local items=("$@")
  for ((i = 0; i < n; i++)); do printf '%s ' "${items[$(((i + repeat - 1) % n))]}"; done
}

# report RATIO...: each "NAME|EXPRESSION" evaluated on every repeat's raw figures, where
# LABEL:FIELD (tool open-loop) or LABEL@FIELD (tool wrk) is a figure; prints and writes
# $RESULTS/FIGURE.tsv (min, median, max, each repeat) after the raw figures' error totals.
report() {
  MACHINE_END="load average at end $(cut -d' ' -f1-3 /proc/loadavg)"
  python3 - "$RAW" "$RESULTS/$FIGURE.tsv" "$FIGURE" "$MACHINE; $MACHINE_END" "$@" <<'PY'
import collections, json, re, statistics, sys
raw, tsv, figure, machine, ratios = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
runs = [json.loads(line) for line in open(raw)]
by_repeat = collections.defaultdict(dict)
errors = collections.Counter()
for r in runs:
    if r["tool"] in ("inprocess", "memory"):
        for k, v in r.items():
            if isinstance(v, (int, float)):
                by_repeat[r["repeat"]][r["label"] + "@" + k] = v
        continue
    sep = ":" if r["tool"] == "open-loop" else "@"
    for k, v in r.items():
        if isinstance(v, (int, float)):
            by_repeat[r["repeat"]][r["label"] + sep + k] = v
    errors[(r["label"], r["tool"], "errors")] += r.get("errors", 0)
    errors[(r["label"], r["tool"], "timeouts")] += r.get("timeouts", 0)
print("== errors and timeouts over all repeats: " + ", ".join(
    f"{label} {tool} {kind} {n}" for (label, tool, kind), n in sorted(errors.items())))
faulty = [f"repeat {r['repeat']} {r['label']} {r['tool']}: {r.get('errors', 0)} errors, {r.get('timeouts', 0)} timeouts"
          for r in runs if r.get("errors", 0) or r.get("timeouts", 0)]
if faulty:
    print("   runs with errors or timeouts (their latency and CPU figures cover the answered requests only):")
    for line in faulty:
        print("     " + line)
rows = []
for spec in ratios:
    name, expr = spec.split("|", 1)
    values = []
    for repeat in sorted(by_repeat):
        fig = by_repeat[repeat]
        code = re.sub(r"([A-Za-z][\w-]*[:@][\w]+)", lambda m: repr(fig.get(m.group(1), float("nan"))), expr)
        try:
            values.append(eval(code, {"__builtins__": {}}))
        except ZeroDivisionError:
            values.append(float("nan"))
    rows.append((name, expr, min(values), statistics.median(values), max(values), values))
print(f"== {figure}: min / median / max over {len(by_repeat)} repeats ({machine})")
with open(tsv, "w") as out:
    out.write(f"# {figure}; {machine}\nfigure\tmeaning\tmin\tmedian\tmax\teach repeat\n")
    for name, expr, lo, med, hi, values in rows:
        each = " ".join(f"{v:.3f}" for v in values)
        print(f"   {name:<44} {lo:9.3f} {med:9.3f} {hi:9.3f}   ({each})")
        out.write(f"{name}\t{expr}\t{lo:.3f}\t{med:.3f}\t{hi:.3f}\t{each}\n")
print(f"   written: {tsv} (raw figures: {raw})")
PY
}
