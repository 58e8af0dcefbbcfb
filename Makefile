# The two commands a developer needs: `make run` and `make test`. Both provision what they need first
# (a JDK >= 21, PostgreSQL 15 and pgvector, Prometheus and promtool; see scripts/provision.sh).
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN := ./mvnw -B
# scripts/provision.sh prints JAVA_HOME=... last; every Maven and java call below runs with it.
WITH_JDK = eval "$$(scripts/provision.sh | tail -n 1)" && export JAVA_HOME && export PATH="$$JAVA_HOME/bin:$$PATH"
STACK_CP := local/stack/target/classes:local/stack/target/lib/*
EVAL_CP := eval/target/classes:eval/target/lib/*
BENCH_CP := bench/target/classes:bench/target/lib/*

.PHONY: help provision build run reset test test-quick eval soak bench bench-search bench-coldstart bench-warm snapstart-classes samples trace redrive dashboards clean FORCE

help:
	@echo "make run      build, then start the whole pipeline locally on http://localhost:3000 (Ctrl-C stops it);"
	@echo "              jobs, queues and telemetry persist in LOCAL_STATE_DIR (.local); RESET=1 make run starts empty"
	@echo "make reset    wipe the local stack's state in LOCAL_STATE_DIR (stop the stack first)"
	@echo "make test     build and run every test (unit, handler, integration, end-to-end)"
	@echo "make test-quick  the same without the local stack's end-to-end suite and the eval harness (inner loop)"
	@echo "make samples  submit the shipped sample documents to a running stack (corpus 'samples')"
	@echo "make trace ID=<trace_id>  print a job's trace from a running stack as an indented waterfall"
	@echo "make redrive DLQ=<name> [ARGS='--dry-run|--wait ...']  move a DLQ's messages back (docs/runbooks.md)"
	@echo "make dashboards  run jobs through a local stack scraped by a real Prometheus, evaluate every dashboard"
	@echo "                 panel and render one PNG per dashboard to target/dashboards/ (dashboards/README.md)"
	@echo "make eval     search quality on BEIR SciFact through the whole pipeline (README: Search quality);"
	@echo "              EVAL_DATA=<dir> EVAL_QRELS=<file> EVAL_OUT=<file.json> EVAL_URL=<running stack> EVAL_REUSE=1"
	@echo "make soak     5,183 SciFact jobs through a local stack with 10 searchers, 10% of invocations crashing and a"
	@echo "              10-minute inference outage; checks nothing was lost (README: Soak test) -> target/soak/report.json"
	@echo "              SOAK_JOBS=<n> SOAK_SEARCHERS=<n> SOAK_CRASH_PERCENT=<0..100> SOAK_OUTAGE_MINUTES=<m> ..."
	@echo "make bench    every benchmark below -> target/bench/results.json (README: Benchmarks, Cold start)"
	@echo "make bench-search  search at scale: 221,375 clustered vectors per table at 384 and 1024 dimensions, latency"
	@echo "              and recall per corpus size and plan; BENCH_QUICK=1 (a tenth, minutes) BENCH_RELOAD=1"
	@echo "              BENCH_DATASETS=384,1024,1024-halfvec BENCH_PLANS=..."
	@echo "make bench-coldstart  each function's cold start against a bare handler, fresh JVMs, telemetry on and off;"
	@echo "              BENCH_ARGS='--quick | --runs N | --functions api,search'"
	@echo "make snapstart-classes  regenerate each function's SnapStart class list from one cold invocation"
	@echo "              (functions/<f>/src/main/resources/docpipe/prime/<f>.classes; commit the result)"
	@echo "make bench-warm  a warm api GET with telemetry on (collector up, collector down) and off; BENCH_ARGS='--quick'"
	@echo "make build    build the deployable jars (functions/*/target/function.jar) without tests, if anything changed"

provision:
	@scripts/provision.sh >/dev/null

# Builds only when something the build reads changed since the last build (or its output is gone): `make run` starts
# in seconds when nothing changed. The classpath folders are rebuilt with it: a jar left from an older dependency
# version beside the new one would load both.
BUILD_INPUTS := $(wildcard $(shell git ls-files -co --exclude-standard -- pom.xml '*/pom.xml' '*/src/main/*' 2>/dev/null))
BUILD_STAMP := target/.build-stamp
BUILD_OUTPUTS_GONE := $(if $(and $(wildcard local/stack/target/lib),$(wildcard eval/target/lib),$(wildcard bench/target/lib)),,FORCE)

build: $(BUILD_STAMP)

$(BUILD_STAMP): $(BUILD_INPUTS) $(BUILD_OUTPUTS_GONE)
	@rm -rf local/stack/target/lib eval/target/lib bench/target/lib
	@$(WITH_JDK) && $(MVN) -q package -DskipTests
	@mkdir -p target && touch $@

FORCE:

# env --default-signal=INT: a shell starts a background job with SIGINT ignored, and a JVM that inherits that never
# handles it, so `make run &` would ignore kill -INT while its PostgreSQL did not; restored, INT and TERM stop it alike.
run: build
	@$(WITH_JDK) && exec env --default-signal=INT java -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED -Ddocpipe.repo.root="$(CURDIR)" \
	  -Dlogback.configurationFile=local/stack/src/main/resources/logback-local.xml \
	  -cp '$(STACK_CP)' io.docpipe.local.stack.LocalStackMain

# The stack's parts of LOCAL_STATE_DIR (LocalState lists the same): the tests' own clusters (test-pg*) stay.
reset:
	@d="$${LOCAL_STATE_DIR:-.local}"; rm -rf "$$d"/pg "$$d"/pg.run "$$d"/pg.log "$$d"/s3 "$$d"/telemetry "$$d"/dynamodb "$$d"/sqs \
	  && echo "wiped the local stack's state in $$d"

# Two modules at a time: the function modules' tests wait on their local servers as much as they compute, so pairs
# overlap. Three lanes of tests side by side were tried and dropped: more load, no gain (docs/decisions/0006-test-time.md).
test:
	@$(WITH_JDK) && $(MVN) -T 2 --fail-at-end verify

# The inner loop: every module's unit, handler and integration tests, without the local stack's end-to-end suite and
# the eval harness (the slow part of `make test`).
test-quick:
	@$(WITH_JDK) && $(MVN) -T 2 --fail-at-end verify -pl '!local/stack,!eval,!bench'

samples:
	@scripts/ingest-samples.sh

trace:
	@test -n "$(ID)" || { echo "usage: make trace ID=<trace_id>  (GET /jobs/<job_id> shows the trace_id)"; exit 2; }
	@curl -sf "$${DOCPIPE_URL:-http://localhost:3000}/_local/traces/$(ID)/waterfall" || echo "no such trace (is the stack running? make run)"

# The local stack's SQS unless AWS_ENDPOINT_URL[_SQS] or AWS credentials say otherwise; builds only when the class is missing.
redrive:
	@test -n "$(DLQ)" || { echo "usage: make redrive DLQ=<name, e.g. docpipe-embed-dlq> [ARGS='--dry-run | --wait']"; exit 2; }
	@test -f local/stack/target/classes/io/docpipe/local/stack/redrive/RedriveDlq.class -a -d local/stack/target/lib || $(MAKE) -s build
	@$(WITH_JDK) && exec java -XX:TieredStopAtLevel=1 -Dlogback.configurationFile=local/stack/src/main/resources/logback-local.xml \
	  -cp '$(STACK_CP)' io.docpipe.local.stack.redrive.RedriveDlq --dlq "$(DLQ)" $(ARGS)

# Starts its own stack (free ports, its own state) and Prometheus, so it runs beside `make run`.
dashboards: build
	@$(WITH_JDK) && exec java -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED -Ddocpipe.repo.root="$(CURDIR)" \
	  -Dlogback.configurationFile=local/stack/src/main/resources/logback-local.xml \
	  -cp '$(STACK_CP)' io.docpipe.local.stack.DashboardRun

# Full JIT (no TieredStopAtLevel) and the throughput collector: a run is many minutes of steady batch work, not a
# start-up (docs/decisions/0004-ingestion-throughput.md has the measurements). eval.terminal tells the progress bar
# whether it may redraw one line.
eval: build
	@$(WITH_JDK) && exec java -Xmx6g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED -Ddocpipe.repo.root="$(CURDIR)" \
	  -Deval.terminal=$$([ -t 1 ] && echo true || echo false) \
	  -Dlogback.configurationFile=eval/src/main/resources/logback-eval.xml \
	  -cp '$(EVAL_CP)' io.docpipe.eval.EvalMain

# As eval: a long steady run. Exits non-zero when a check fails; not part of `make test`.
soak: build
	@$(WITH_JDK) && exec java -Xmx6g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED -Ddocpipe.repo.root="$(CURDIR)" \
	  -Deval.terminal=$$([ -t 1 ] && echo true || echo false) \
	  -Dlogback.configurationFile=eval/src/main/resources/logback-soak.xml \
	  -cp '$(EVAL_CP)' io.docpipe.eval.SoakMain

bench: bench-search bench-coldstart bench-warm

# Not part of `make test`: the first run loads three tables of 221,375 rows and builds their HNSW indexes (about an
# hour on 2 cores), later runs reuse them from .local/bench-pg. Full JIT and the throughput collector, as for eval:
# a long steady run.
bench-search: build
	@$(WITH_JDK) && exec java -Xmx3g -XX:+UseParallelGC -Ddocpipe.repo.root="$(CURDIR)" \
	  -Dlogback.configurationFile=bench/src/main/resources/logback-bench.xml \
	  -cp '$(BENCH_CP)' io.docpipe.bench.BenchMain

bench: bench-coldstart bench-warm

# Each sample is a fresh JVM with the function jar (target/function.jar, built by `make build`); this JVM only starts
# the local servers, prepares each sample's state and times the children. Full JIT here: it is not what is measured.
bench-coldstart: build
	@$(WITH_JDK) && exec java -Xmx2g --enable-native-access=ALL-UNNAMED -Ddocpipe.repo.root="$(CURDIR)" \
	  -Dlogback.configurationFile=bench/src/main/resources/logback-bench.xml \
	  -cp '$(BENCH_CP)' io.docpipe.bench.coldstart.ColdStartMain $(BENCH_ARGS)

# The classes one cold invocation loads, logged by the JVM, become the list SnapStartHooks loads before the snapshot.
snapstart-classes: build
	@$(WITH_JDK) && java -Xmx2g --enable-native-access=ALL-UNNAMED -Ddocpipe.repo.root="$(CURDIR)" \
	  -Dlogback.configurationFile=bench/src/main/resources/logback-bench.xml \
	  -cp '$(BENCH_CP)' io.docpipe.bench.coldstart.ColdStartMain --class-lists

# In this JVM, with the C1-only JIT of Lambda's Java runtimes: three api handlers, invoked in turn once warm.
bench-warm: build
	@$(WITH_JDK) && exec java -XX:TieredStopAtLevel=1 -Xmx1g --enable-native-access=ALL-UNNAMED -Ddocpipe.repo.root="$(CURDIR)" \
	  -Dlogback.configurationFile=bench/src/main/resources/logback-bench.xml \
	  -cp '$(BENCH_CP)' io.docpipe.bench.coldstart.WarmTelemetryMain $(BENCH_ARGS)

clean:
	@$(WITH_JDK) && $(MVN) -q clean
