# Redis Guard: the two commands a fresh machine needs.
#   make demo   builds the project and runs the OOM drill against two throwaway local redis-servers
#   make test   runs every unit and integration test against a real redis-server
.PHONY: demo throughput calibrate bench test redis-server build clean

MVN ?= mvn -B
REDIS_SERVER := $(shell command -v redis-server 2>/dev/null)

redis-server:
ifeq ($(REDIS_SERVER),)
	@if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "redis-server not found: installing it with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; \
	elif [ -n "$$REDIS_URL" ]; then \
		echo "redis-server not found: using REDIS_URL=$$REDIS_URL"; \
	else \
		echo "redis-server is needed. Install it (Debian/Ubuntu: sudo apt-get install -y redis-server;" \
		     "macOS: brew install redis), or set REDIS_URL to a disposable server." >&2; \
		exit 1; \
	fi
endif

test: redis-server
	$(MVN) verify

demo: redis-server
	$(MVN) -q install -DskipTests -Dspotless.check.skip=true
	$(MVN) -q -pl examples exec:java -Dexec.mainClass=io.github.redisguard.examples.Demo

# Guarded/raw throughput of Lettuce SET (sync and async) on one throwaway redis-server, about 75 s;
# writes throughput-report.json. Settings as system properties, e.g. MAVEN_OPTS=-Dthroughput.rounds=9.
throughput: redis-server
	$(MVN) -q install -DskipTests -Dspotless.check.skip=true
	$(MVN) -q -pl examples exec:java -Dexec.mainClass=io.github.redisguard.examples.SetThroughput

# Server bytes per byte the memory breaker counts, per data shape (docs/memory-breaker.md), about 30 s.
calibrate: redis-server
	$(MVN) -q install -DskipTests -Dspotless.check.skip=true
	$(MVN) -q -pl examples exec:java -Dexec.mainClass=io.github.redisguard.examples.MemoryCalibration

# JMH: write admission, codec per algorithm and size; a few minutes. Writes bench-report.md and bench-report.json.
# Settings as JVM options in BENCH_OPTS, e.g. BENCH_OPTS="-Dbench.iterations=10 -Dbench.include=Codec".
bench:
	$(MVN) -q install -DskipTests -Dspotless.check.skip=true
	$(MVN) -q -pl benchmarks exec:exec -Dexec.executable=java "-Dexec.args=-Dbench.report=$(CURDIR)/bench-report.json $(BENCH_OPTS) -cp %classpath io.github.redisguard.benchmarks.Bench"

clean:
	$(MVN) -q clean
