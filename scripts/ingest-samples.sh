#!/usr/bin/env bash
# Submits the sample documents the local stack serves into corpus 'samples', then waits for each job to end.
set -euo pipefail
base=${DOCPIPE_URL:-http://localhost:3000}
samples=(serverless-pipelines.html vector-search.html observability.html)
ids=()
for s in "${samples[@]}"; do
  resp=$(curl -sf -X POST "$base/jobs" -H 'content-type: application/json' \
    -d "{\"url\":\"$base/_local/samples/$s\",\"corpus_name\":\"samples\"}") || { echo "is the stack running? (make run)" >&2; exit 1; }
  id=$(sed -E 's/.*"job_id":"([^"]+)".*/\1/' <<<"$resp")
  echo "submitted $s as job $id"
  ids+=("$id")
done
deadline=$((SECONDS + 180))
for id in "${ids[@]}"; do
  while :; do
    status=$(curl -sf "$base/jobs/$id" | sed -E 's/.*"status":"([^"]+)".*/\1/')
    case "$status" in
      done|failed) echo "job $id: $status"; break ;;
    esac
    [ $SECONDS -lt $deadline ] || { echo "job $id still $status after 180 s" >&2; exit 1; }
    sleep 1
  done
done
echo "search: curl -s -X POST $base/corpora/samples/search -H 'content-type: application/json' -d '{\"query\":\"what is a dead-letter queue\",\"top_k\":3}'"
