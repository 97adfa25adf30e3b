#!/usr/bin/env bash
# The main job: build, start mlaas-server on its embedded H2 default, run the ML-Leaks experiment end to end over
# HTTP (Purchase-like, N = 2,500, seed 0 unless other experiment options are given), print the report, stop the server.
#   ./scripts/demo.sh                         # the default experiment
#   ./scripts/demo.sh --dataset fashion-mnist # any option of `attacker-client experiment --help`
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8080}"
DATA_DIR="${DATA_DIR:-data}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"   # small nets train fastest on one native thread each
mkdir -p reports "$DATA_DIR"

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building (./mvnw package, tests skipped; run the tests with ./mvnw -B verify)..." >&2
  ./mvnw -q -B -DskipTests package
fi

if curl -s -o /dev/null "http://localhost:${PORT}/actuator/health"; then
  echo "error: something already answers on port ${PORT}; set PORT=... to use another one" >&2
  exit 1
fi

echo "starting mlaas-server on port ${PORT} (H2 database in ${DATA_DIR}/server, log in reports/demo-server.log)..." >&2
java -jar mlaas-server/target/mlaas-server.jar --server.port="${PORT}" --mlaas.data-dir="$(cd "${DATA_DIR}" && pwd)/server" \
  > reports/demo-server.log 2>&1 &
server_pid=$!
trap 'kill "${server_pid}" 2>/dev/null; wait "${server_pid}" 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  if curl -sf -o /dev/null "http://localhost:${PORT}/actuator/health"; then break; fi
  if ! kill -0 "${server_pid}" 2>/dev/null; then
    echo "error: the server stopped during startup; see reports/demo-server.log" >&2
    exit 1
  fi
  sleep 1
done
curl -sf -o /dev/null "http://localhost:${PORT}/actuator/health" || { echo "error: the server did not start" >&2; exit 1; }

java -jar attacker-client/target/attacker-client.jar experiment --server "http://localhost:${PORT}" \
  --data-dir "${DATA_DIR}" "$@"
