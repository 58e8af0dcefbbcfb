#!/usr/bin/env bash
# Provisions what `make run` and `make test` need on a fresh Debian machine, and nothing more:
#   - a JDK >= 21 (found, never downloaded: the build compiles with --release 21),
#   - PostgreSQL 15 server binaries and pgvector >= 0.8 (built from Debian's source package of the
#     next release when this release has no binary package),
#   - Prometheus and promtool (Debian's `prometheus` package, without its recommends): the dashboards module runs
#     `promtool check rules` / `promtool test rules` on the alert rules and evaluates panels on a real Prometheus.
#     Its service is never started here: whatever needs a Prometheus server runs its own.
# Idempotent: a second run costs a few stat calls. Prints `JAVA_HOME=...` on its last line so
# callers can `eval` it.
set -euo pipefail

PG_MAJOR=${PG_MAJOR:-15}
log() { printf '[provision] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root for: $*"; exit 1
  fi
}

java_major() { # prints the feature version of the java binary given, or 0
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1 || echo 0
}

find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"); fi
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do [ -d "$d" ] && candidates+=("$d"); done
  local best="" best_v=0 v
  for home in "${candidates[@]}"; do
    [ -x "$home/bin/javac" ] || continue
    v=$(java_major "$home/bin/java")
    if [ "${v:-0}" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$home"; best_v=$v; fi
  done
  if [ -z "$best" ]; then
    log "no JDK >= 21 found (looked at JAVA_HOME, PATH, /usr/lib/jvm). Install one, e.g. apt-get install openjdk-21-jdk-headless"
    exit 1
  fi
  echo "$best"
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq >&2; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

ensure_postgres() {
  if [ ! -x "/usr/lib/postgresql/$PG_MAJOR/bin/postgres" ]; then
    log "installing postgresql-$PG_MAJOR"
    apt_install "postgresql-$PG_MAJOR"
  fi
}

pgvector_installed() {
  local share
  share=$("/usr/lib/postgresql/$PG_MAJOR/bin/pg_config" --sharedir 2>/dev/null || echo /usr/share/postgresql/$PG_MAJOR)
  [ -f "$share/extension/vector.control" ] && [ -f "/usr/lib/postgresql/$PG_MAJOR/lib/vector.so" ]
}

# The Debian mirror this machine already uses, read from its own apt sources (never hard-coded).
debian_mirror() {
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hE '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | grep -E '/debian/?$' | head -n1 || true)
  fi
  [ -n "$uri" ] || { log "cannot find the Debian mirror in /etc/apt"; exit 1; }
  echo "$uri"
}

ensure_pgvector() {
  pgvector_installed && return 0
  log "pgvector missing: building it from Debian's source package (next release)"
  apt_install "postgresql-server-dev-$PG_MAJOR" dpkg-dev make gcc
  local list=/etc/apt/sources.list.d/docpipe-trixie-src.list
  if [ ! -f "$list" ]; then
    echo "deb-src $(debian_mirror) trixie main" | as_root tee "$list" >/dev/null
    as_root apt-get update -qq >&2
  fi
  local work
  work=$(mktemp -d)
  (cd "$work" && apt-get source -qq pgvector >&2)
  local src
  src=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
  [ -n "$src" ] || { log "apt-get source pgvector produced no source tree"; exit 1; }
  make -s -C "$src" PG_CONFIG="/usr/lib/postgresql/$PG_MAJOR/bin/pg_config" OPTFLAGS="" >&2
  as_root make -s -C "$src" PG_CONFIG="/usr/lib/postgresql/$PG_MAJOR/bin/pg_config" install >&2
  rm -rf "$work"
  pgvector_installed || { log "pgvector build finished but the extension is not installed"; exit 1; }
  log "pgvector installed"
}

# The package's postinst starts its service (invoke-rc.d ... || exit 1): in a container that start fails and would fail
# the install, and elsewhere it would leave a Prometheus running on port 9090. A policy-rc.d answering 101 ("action
# forbidden") makes invoke-rc.d skip it; one already present (container images ship one) is left alone.
ensure_prometheus() {
  [ -x /usr/bin/promtool ] && [ -x /usr/bin/prometheus ] && return 0
  log "installing prometheus (promtool) without recommends"
  local policy=/usr/sbin/policy-rc.d placed=0 rc=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# docpipe provision.sh: no service starts during this install\nexit 101\n' | as_root tee "$policy" >/dev/null
    as_root chmod 755 "$policy"
    placed=1
  fi
  apt_install --no-install-recommends prometheus || rc=$?
  if [ "$placed" -eq 1 ]; then as_root rm -f "$policy"; fi
  if [ ! -x /usr/bin/promtool ] || [ ! -x /usr/bin/prometheus ]; then
    log "prometheus install failed (apt-get exit $rc): /usr/bin/promtool or /usr/bin/prometheus missing"
    exit 1
  fi
  # The binaries are in place even when only the service's configuration step failed.
  [ "$rc" -eq 0 ] || log "apt-get exit $rc after unpacking prometheus (its service setup); the binaries are installed"
  log "prometheus $(/usr/bin/promtool --version 2>&1 | awk 'NR==1 {print $3}') installed"
}

main() {
  local jdk
  jdk=$(find_jdk)
  ensure_postgres
  ensure_pgvector
  ensure_prometheus
  echo "JAVA_HOME=$jdk"
}

main "$@"
