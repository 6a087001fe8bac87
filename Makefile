# Redis Guard: the two commands a fresh machine needs.
#   make demo   builds the project and runs the OOM drill against two throwaway local redis-servers
#   make test   runs every unit and integration test against a real redis-server
.PHONY: demo spring-boot-example throughput calibrate bench test redis-server build clean

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

# The Spring Boot example on http://localhost:8080 against a throwaway redis-server; Ctrl-C stops both.
spring-boot-example: redis-server
	examples/spring-boot/run.sh

# Guarded/raw throughput, end to end against one throwaway redis-server (benchmarks/.../EndToEnd.java), about
# 2 minutes; writes e2e-report.json. Settings as JVM options in BENCH_OPTS, e.g. BENCH_OPTS=-Dbench.e2e.rounds=16.
throughput: redis-server
	$(MVN) -q install -DskipTests -Dspotless.check.skip=true
	$(call bench-main,io.github.redisguard.benchmarks.EndToEnd,-Dbench.e2e.rounds=12 -Dbench.e2e.report=$(CURDIR)/e2e-report.json)

# Server bytes per byte the memory breaker counts, per data shape (docs/memory-breaker.md), about 30 s.
calibrate: redis-server
	$(MVN) -q install -DskipTests -Dspotless.check.skip=true
	$(MVN) -q -pl examples exec:java -Dexec.mainClass=io.github.redisguard.examples.MemoryCalibration

# The quick benchmark suite, a few minutes: JMH (write admission, codec), the end-to-end guarded/raw comparisons,
# and server memory per compression algorithm. Prints Markdown tables; writes bench-report.md and the JSON of each
# part (bench-jmh.json, e2e-report.json, compression-memory.json). Settings as JVM options in BENCH_OPTS.
bench: redis-server
	$(MVN) -q install -DskipTests -Dspotless.check.skip=true
	$(call bench-main,io.github.redisguard.benchmarks.Bench,-Dbench.report=$(CURDIR)/bench-jmh.json)
	$(call bench-main,io.github.redisguard.benchmarks.EndToEnd,-Dbench.e2e.report=$(CURDIR)/e2e-report.json)
	$(call bench-main,io.github.redisguard.benchmarks.CompressionMemory,-Dbench.compression.report=$(CURDIR)/compression-memory.json)
	cat bench-jmh.md e2e-report.md compression-memory.md > bench-report.md
	@echo "Written: $(CURDIR)/bench-report.md"

# Runs a main class of the benchmarks module with its classpath: $(1) the class, $(2) JVM options before BENCH_OPTS.
bench-main = $(MVN) -q -pl benchmarks exec:exec -Dexec.executable=java "-Dexec.args=$(2) $(BENCH_OPTS) -cp %classpath $(1)"

clean:
	$(MVN) -q clean
