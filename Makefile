# The two commands a developer needs: `make run` and `make test`. Both provision what they need first
# (a JDK >= 21, PostgreSQL 15 and pgvector, Prometheus and promtool; see scripts/provision.sh).
SHELL := /bin/bash
.DEFAULT_GOAL := help

MVN := ./mvnw -B
# scripts/provision.sh prints JAVA_HOME=... last; every Maven and java call below runs with it.
WITH_JDK = eval "$$(scripts/provision.sh | tail -n 1)" && export JAVA_HOME && export PATH="$$JAVA_HOME/bin:$$PATH"
STACK_CP := local/stack/target/classes:local/stack/target/lib/*
EVAL_CP := eval/target/classes:eval/target/lib/*

.PHONY: help provision build run test eval soak samples trace redrive dashboards clean

help:
	@echo "make run      build, then start the whole pipeline locally on http://localhost:3000 (Ctrl-C stops it)"
	@echo "make test     build and run every test (unit, handler, integration, end-to-end)"
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
	@echo "make build    build the deployable jars (functions/*/target/function.jar) without tests"

provision:
	@scripts/provision.sh >/dev/null

# The stack's classpath folder is rebuilt each time: a jar left from an older dependency version beside the new one
# would load both.
build:
	@rm -rf local/stack/target/lib eval/target/lib
	@$(WITH_JDK) && $(MVN) -q package -DskipTests

run: build
	@$(WITH_JDK) && exec java -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED -Ddocpipe.repo.root="$(CURDIR)" \
	  -Dlogback.configurationFile=local/stack/src/main/resources/logback-local.xml \
	  -cp '$(STACK_CP)' io.docpipe.local.stack.LocalStackMain

test:
	@$(WITH_JDK) && $(MVN) --fail-at-end verify

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

clean:
	@$(WITH_JDK) && $(MVN) -q clean
