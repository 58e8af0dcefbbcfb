#!/usr/bin/env bash
# `make test`: every module's tests, in lanes that run beside each other.
#
# One Maven reactor starts a module only after every module it depends on has finished its tests, so the local
# stack's end-to-end suite waited for the seven function modules' tests, and the eval module's end-to-end runs waited
# for the stack's suite, although neither needs more than the jars. So: build and install every jar once without
# running tests, then run the lanes' tests at the same time, each lane against those jars
# (docs/decisions/0006-test-time.md has the timings). Each lane's log goes to target/test-logs/<lane>.log and is
# printed whole when the lane ends; the exit status is non-zero when any lane failed.
set -uo pipefail
cd "$(dirname "$0")/.."

# The jars go to a repository of this checkout's own (target/test-repo), read before the user's: a build of another
# checkout installing into ~/.m2 meanwhile cannot swap them under a lane. Dependencies are read from ~/.m2 (or
# MAVEN_LOCAL_REPO); what is missing there is downloaded into target/test-repo.
MVN=(./mvnw -B "-Dmaven.repo.local=$PWD/target/test-repo" "-Dmaven.repo.local.tail=${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}")
LOGS=target/test-logs
mkdir -p "$LOGS"

# lane name, then its Maven arguments.
LANES=(
  "modules|-T 2 --fail-at-end verify -pl !local/stack,!eval"
  "stack|--fail-at-end verify -pl local/stack"
  "eval|--fail-at-end verify -pl eval"
)

clock() { local s=$1; printf '%d:%02d' $((s / 60)) $((s % 60)); }
say() { printf '[test %s] %s\n' "$(clock $((SECONDS - START)))" "$*"; }

START=$SECONDS
say "building and installing every module, tests compiled but not run"
if ! "${MVN[@]}" -q -T 2 install -DskipTests; then
  say "build failed"
  exit 1
fi

declare -A PID STARTED
for lane in "${LANES[@]}"; do
  name=${lane%%|*}
  read -r -a args <<<"${lane#*|}"
  "${MVN[@]}" "${args[@]}" >"$LOGS/$name.log" 2>&1 &
  PID[$name]=$!
  STARTED[$name]=$SECONDS
  say "lane $name started: mvn ${args[*]}"
done

# What is still running, every minute: the lanes print nothing until they end.
(
  while sleep 60; do
    running=()
    for name in "${!PID[@]}"; do kill -0 "${PID[$name]}" 2>/dev/null && running+=("$name"); done
    ((${#running[@]} > 0)) && say "running: ${running[*]}"
  done
) &
TICKER=$!
trap 'kill "$TICKER" 2>/dev/null' EXIT

failed=()
results=()
while ((${#PID[@]} > 0)); do
  # Whichever lane ends first is reported first; a progress line every minute says what is still running.
  wait -n -p done_pid "${PID[@]}"
  status=$?
  if [[ -z ${done_pid:-} ]]; then
    sleep 1
    continue
  fi
  for name in "${!PID[@]}"; do
    [[ ${PID[$name]} == "$done_pid" ]] || continue
    unset "PID[$name]"
    took=$(clock $((SECONDS - STARTED[$name])))
    echo
    echo "==================== lane $name: $([[ $status == 0 ]] && echo passed || echo FAILED) in $took ===================="
    cat "$LOGS/$name.log"
    results+=("$name $([[ $status == 0 ]] && echo passed || echo FAILED) $took")
    [[ $status == 0 ]] || failed+=("$name")
  done
  unset done_pid
done

echo
say "lanes: ${results[*]/%/;}"
if ((${#failed[@]} > 0)); then
  say "FAILED: ${failed[*]} (logs in $LOGS/)"
  exit 1
fi
say "all lanes passed"
