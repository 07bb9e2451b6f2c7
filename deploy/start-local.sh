#!/usr/bin/env bash
# Three Scenery nodes and HAProxy on one machine, all writing one PostgreSQL
# (README, "Several nodes"). Ctrl-C stops them all.
#   SCENERY_PG_URL  default postgresql://postgres@127.0.0.1:5432/postgres
#   target/scenery.jar must exist: mvn -q -B package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
export SCENERY_PG_URL="${SCENERY_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait' EXIT INT TERM
for i in 1 2 3; do
  SCENERY_HTTP_PORT=$((8080 + i)) SCENERY_DATA_DIR="data/node$i" SCENERY_NODE_ID="node$i" SCENERY_TRUSTED_PROXIES=127.0.0.1 \
    java -jar target/scenery.jar > "node$i.log" 2>&1 &
  pids+=($!)
done
export SCENERY_LB_BIND=0.0.0.0:8080 SCENERY_LB_STATS=127.0.0.1:8404
export SCENERY_NODE1=127.0.0.1:8081 SCENERY_NODE2=127.0.0.1:8082 SCENERY_NODE3=127.0.0.1:8083
haproxy -f deploy/haproxy.cfg -db &
pids+=($!)
echo "beacons and queries: http://localhost:8080/  (HAProxy stats: http://127.0.0.1:8404/stats)"
wait
