#!/usr/bin/env bash
# Two operator replicas under leader election: SIGKILL the leader, time the standby's first effect,
# and check that nothing was done twice. Settings: --name=value (README.md); results in
# target/benchmarks/operator-failover.tsv.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
./mvnw -B -o -q -pl operator,benchmarks/operator -am package -DskipTests
echo "nproc=$(nproc) loadavg: $(cat /proc/loadavg)"
java -jar benchmarks/operator/target/drover-operator-benchmark.jar failover --root="$root" "$@"
