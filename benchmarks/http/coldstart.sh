#!/usr/bin/env bash
# Cold start of the model server, not a test: from `java -jar quarkus-run.jar` (model-server mode,
# the iris bundle the tests train) to the first inference answered with 200, for several
# configurations measured in turn in every repetition (interleaved, so the neighbours' load falls
# on all alike), medians reported. Also: when the HTTP port first answered, and the server's own
# "started in" (Quarkus boot) and "loaded in" (bundle load, test inference included) log figures.
#
#   ./mvnw -B -pl contract,trainer-image,serving-image -am package -DskipTests   # once
#   benchmarks/http/coldstart.sh [repetitions, default 5]
#
# CONFIGS: one configuration a line, "name|app directory|java options" (default: this build's app
# without an archive; with the AppCDS archive the build made (app-cds.jsa); with an archive from a
# training run that also loaded and ran the model ($work/trained.jsa)). A line naming another build's
# quarkus-app directory compares builds (e.g. a copy of target/quarkus-app from before a change).
# An archive named by -XX:SharedArchiveFile that does not exist yet is made first by a training
# run (-XX:ArchiveClassesAtExit: start, one inference, stop). Needs curl. Listens on 127.0.0.1
# only ($PORT, default 18090). Paths below are relative to serving-image/.
set -euo pipefail

cd "$(dirname "$0")/../../serving-image"
REPEAT="${1:-5}"
PORT="${PORT:-18090}"
APP=target/quarkus-app
TRAINER=../trainer-image/target/drover-trainer.jar
DATA=../trainer-image/src/test/resources/data/iris.csv
HEAP="-Xms512m -Xmx512m"
command -v curl >/dev/null || { echo "missing curl" >&2; exit 1; }
if [[ ! -f $APP/quarkus-run.jar || ! -f $TRAINER ]]; then
  echo "build first: ./mvnw -B -pl contract,trainer-image,serving-image -am package -DskipTests" >&2
  exit 1
fi

work="$(mktemp -d)"
server=""
cleanup() {
  if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
# The server runs from its app directory (a class-data-sharing archive records the class path), so
# relative archive paths are relative to it; $work is this run's scratch directory.
CONFIGS="${CONFIGS:-"plain|$APP|$HEAP
cds|$APP|$HEAP -XX:SharedArchiveFile=app-cds.jsa
trained|$APP|$HEAP -XX:SharedArchiveFile=$work/trained.jsa"}"
CONFIGS="${CONFIGS//\$work/$work}"

echo "== training the iris bundle (the tests' hyperparameters: 60 epochs, 16-16)"
DROVER_RUN=iris-1 DROVER_MODEL=iris DROVER_DATASET_URI="$DATA" DROVER_OUTPUT_URI="$work/iris" \
  DROVER_HYPERPARAMETERS='{"epochs":"60","hiddenLayers":"16,16"}' \
  DROVER_TERMINATION_LOG="$work/train.json" java -jar "$TRAINER" > "$work/train.log" 2>&1
BODY='{"inputs":[{"name":"input-0","shape":[1,4],"datatype":"FP32","data":[5.1,3.5,1.4,0.2]}]}'

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# run APP OPTS LOG -> "port_ms infer_ms": launch, then ask for an inference every 20 ms until 200.
run() {
  local app=$1 opts=$2 log=$3 t0 open="" code t cpu
  t0=$(now_ms)
  # shellcheck disable=SC2086
  DROVER_MODEL_URI="$work/iris" QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
    bash -c 'cd "$1" && shift && exec java "$@" -jar quarkus-run.jar' _ "$app" $opts > "$log" 2>&1 &
  server=$!
  while true; do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 120 -d "$BODY" \
      "http://127.0.0.1:$PORT/v2/models/iris/infer" || true)
    t=$(now_ms)
    if [[ $code != 000 && -z $open ]]; then open=$((t - t0)); fi
    if [[ $code == 200 ]]; then
      # CPU the server spent until then (utime + stime of the JVM, in clock ticks): what a quiet
      # machine's wall clock would show more closely than this shared one's.
      cpu=$(awk '{print $14 + $15}' "/proc/$(pgrep -P "$server" java || echo "$server")/stat" 2>/dev/null || echo 0)
      break
    fi
    kill -0 "$server" 2>/dev/null || { cat "$log" >&2; exit 1; }
    (( t - t0 > 180000 )) && { echo "no answer within 180 s" >&2; cat "$log" >&2; exit 1; }
    sleep 0.02
  done
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
  echo "$open $((t - t0)) $((cpu * 1000 / $(getconf CLK_TCK)))"
}

# An archive a configuration names but that does not exist yet: one training run makes it.
while IFS='|' read -r name app opts; do
  archive=$(grep -o -- '-XX:SharedArchiveFile=[^ ]*' <<<"$opts" | cut -d= -f2 || true)
  [[ -z $archive || $archive == /* ]] || archive="$app/$archive"
  if [[ -n $archive && ! -f $archive ]]; then
    echo "== $name: making $archive with a training run"
    run "$app" "${opts/-XX:SharedArchiveFile=/-XX:ArchiveClassesAtExit=}" "$work/train-$name.log" >/dev/null
    [[ -f $archive ]] || { echo "no archive written" >&2; exit 1; }
  fi
done <<<"$CONFIGS"

echo "== $REPEAT repetitions, configurations interleaved (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
for i in $(seq 1 "$REPEAT"); do
  while IFS='|' read -r name app opts; do
    log="$work/$name-$i.log"
    read -r open infer cpu < <(run "$app" "$opts" "$log") || true
    [[ -n ${infer:-} ]] || { echo "$name: the server did not answer; its log:" >&2; cat "$log" >&2; exit 1; }
    boot=$(grep -o 'started in [0-9.]*s' "$log" | grep -o '[0-9.]*[0-9]' || echo "?")
    load=$(grep -o 'loaded in [0-9.]* s' "$log" | grep -o '[0-9.]*[0-9]' || echo "?")
    echo "$name $open $infer $boot $load $cpu" | tee -a "$work/results.txt" \
      | awk '{printf "  run %s %-14s first answer %6d ms, first inference %6d ms, CPU %6d ms (quarkus boot %s s, bundle load %s s)\n", "'"$i"'", $1, $2, $3, $6, $4, $5}'
  done <<<"$CONFIGS"
done

echo "== medians over $REPEAT runs (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
while IFS='|' read -r name _ _; do
  awk -v n="$name" '$1 == n {print $2, $3, $4, $5, $6}' "$work/results.txt" | python3 -c '
import statistics, sys
rows = [line.split() for line in sys.stdin]
med = lambda i: statistics.median(float(r[i]) for r in rows if r[i] != "?")
print(f"  {sys.argv[1]:<14} first answer {med(0):6.0f} ms  first inference {med(1):6.0f} ms  CPU {med(4):6.0f} ms  quarkus boot {med(2):5.2f} s  bundle load {med(3):5.2f} s")
' "$name"
done <<<"$CONFIGS"
