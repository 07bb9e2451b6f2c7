#!/usr/bin/env bash
# Scenery benchmark harness (see bench/README.md).
#   bench/run.sh                 full data set (20M beacons, 1M users) plus a 0.5x point for growth
#   bench/run.sh --scale 0.05    quick run (1M beacons), a few minutes
# Other options are passed to the driver (dev.scenery.bench.Bench, built from bench/pom.xml): --growth half|double|none, --window SECONDS,
# --connections N, --pg auto|on|off, --no-redis, --no-profile, --keep, --http-instances N (the service's http.instances; default one per core).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${SCENERY_BENCH_BUILD:-/tmp/bench-svc}
work=${SCENERY_BENCH_WORK:-/tmp/scenery-bench}

for tool in java mvn jcmd du psql redis-cli; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    case "$tool" in
      psql|redis-cli) echo "bench: $tool not found: the PostgreSQL / Redis peers will be reported as not measured" >&2 ;;
      *) echo "bench: $tool is required" >&2; exit 2 ;;
    esac
  fi
done

# Build in a scratch copy so that edits in the work tree during the run do not matter.
echo "bench: building the service in $build"
rm -rf "$build" && mkdir -p "$build"
cp -r "$root/pom.xml" "$root/src" "$root/config" "$build/"
(cd "$build" && mvn -q -B package -DskipTests)

echo "bench: building the driver (bench/pom.xml) in $build/bench"
mkdir -p "$build/bench" && cp -r "$here/pom.xml" "$here/src" "$build/bench/"
(cd "$build/bench" && mvn -q -B package -Dservice.sources="$build/src/main/java" -Dservice.test.sources="$build/src/test/java")

mkdir -p "$here/results" "$work"
exec java -Xmx6g -XX:+UseParallelGC -cp "$build/bench/target/scenery-bench.jar" dev.scenery.bench.Bench \
  --jar "$build/target/scenery.jar" --work "$work" \
  --out "$here/results/latest.md" --profile-out "$here/results/profile.md" \
  --command "bench/run.sh${*:+ $*}" "$@"
