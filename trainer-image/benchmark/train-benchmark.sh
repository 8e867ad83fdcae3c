#!/usr/bin/env bash
# Training time and peak memory of the packaged trainer on the shared data sets.
# A benchmark, not a test: it asserts nothing and its figures depend on the machine.
#
#   ./mvnw -B -pl contract,trainer-image -am package -DskipTests
#   trainer-image/benchmark/train-benchmark.sh [runs-per-data-set]
#
# Each run is a fresh JVM, as in a pod. "train s" is the training loop alone (from the bundle's
# evaluation.json); "process s" includes JVM start, engine load, data reading and bundle writing;
# "peak RSS" is the whole process's maximum resident set. PyTorch threads: the trainer's defaults
# (1 intra-op, 1 inter-op) unless JAVA_TOOL_OPTIONS overrides ai.djl.pytorch.num_threads.
set -euo pipefail

runs="${1:-5}"
module="$(cd "$(dirname "$0")/.." && pwd)"
jar="$module/target/drover-trainer.jar"
data="$module/src/test/resources/data"
[[ -f "$jar" ]] || { echo "build first: ./mvnw -B -pl contract,trainer-image -am package -DskipTests" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time (/usr/bin/time; Debian package 'time')" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
json_number() { grep -o "\"$1\" *: *[0-9.eE+-]*" "$2" | head -1 | sed 's/.*: *//'; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
printf '%-14s %5s %8s %7s %9s %10s %14s %9s\n' \
  "data set" rows features epochs "train s" "process s" "peak RSS MiB" accuracy
for name in iris breast_cancer; do
  : > "$work/train" ; : > "$work/process" ; : > "$work/rss"
  for ((i = 1; i <= runs; i++)); do
    rm -rf "$work/bundle"
    DROVER_RUN="benchmark-$i" DROVER_MODEL="$name" \
      DROVER_DATASET_URI="$data/$name.csv" DROVER_OUTPUT_URI="$work/bundle" \
      DROVER_TERMINATION_LOG="$work/termination-log" \
      /usr/bin/time -f '%e %M' -o "$work/time" java -jar "$jar" > "$work/log" 2>&1 \
      || { cat "$work/log" >&2; exit 1; }
    json_number seconds "$work/bundle/evaluation.json" >> "$work/train"
    awk '{ print $1 }' "$work/time" >> "$work/process"
    awk '{ print $2 / 1024 }' "$work/time" >> "$work/rss"
  done
  rows=$(json_number rows "$work/bundle/drover-model.json")
  features=$(json_number inputs "$work/bundle/drover-model.json")
  epochs=$(json_number epochs "$work/bundle/evaluation.json")
  accuracy=$(json_number accuracy "$work/bundle/evaluation.json")
  printf '%-14s %5s %8s %7s %9.2f %10.2f %14.0f %9.4f\n' "$name" "$rows" "$features" "$epochs" \
    "$(median < "$work/train")" "$(median < "$work/process")" "$(sort -g "$work/rss" | tail -1)" "$accuracy"
done
echo "medians of $runs runs; peak RSS is the largest of them"
