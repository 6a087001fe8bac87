#!/usr/bin/env bash
# Builds the Spring Boot example and runs it on http://localhost:8080 against a throwaway local redis-server
# (port 6390, maxmemory 64mb, noeviction, nothing saved to disk), which stops when the app stops (Ctrl-C).
# REDIS_HOST=host REDIS_PORT=port use a server of yours instead; PORT=8081 moves the app.
set -euo pipefail
cd "$(dirname "$0")/../.."

mvn -B -q -pl examples/spring-boot -am package -DskipTests -Dspotless.check.skip=true

if [ -z "${REDIS_HOST:-}" ]; then
  export REDIS_PORT="${REDIS_PORT:-6390}"
  dir="$(mktemp -d)"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --maxmemory 64mb --maxmemory-policy noeviction \
    --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  trap 'kill "$(cat "$dir/redis.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$dir"' EXIT
  for _ in $(seq 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
  echo "redis-server on 127.0.0.1:$REDIS_PORT (maxmemory 64mb, noeviction)"
fi

java -jar examples/spring-boot/target/example-spring-boot.jar
