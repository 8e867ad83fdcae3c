#!/usr/bin/env bash
# The operator at the scale of a long-lived registry: catch-up, RSS, and CR-to-child latency
# against a bare create on the same API. Settings: --name=value (README.md); results in
# target/benchmarks/operator-scale.tsv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
./mvnw -B -o -q -pl operator,benchmarks/operator -am package -DskipTests
echo "nproc=$(nproc) loadavg: $(cat /proc/loadavg)"
java -jar benchmarks/operator/target/drover-operator-benchmark.jar scale --root="$root" "$@"
